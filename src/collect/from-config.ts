import type { AnalysisOptions } from '../analysis/analyzer.js'
import type { Config } from '../config/settings.js'
import type { KafkaSource } from '../kafka/source.js'
import { nameFilter } from './filters.js'
import type { PollOptions } from './poll.js'
import { RecordTimestampCache } from './record-timestamps.js'
import { TopicConfigCache } from './topic-configs.js'

/**
 * What a poll needs from the configuration, with fresh caches: one place for the daemon and the describe command.
 * The caches live as long as the returned object, so the daemon keeps it for its whole life.
 */
export function pollSetup(config: Config, source: KafkaSource): Omit<PollOptions, 'previous'> {
  return {
    source,
    timeoutMs: config.pollTimeout,
    topicFilter: nameFilter(config.topicFilter, config.topicExclude),
    groupFilter: nameFilter(config.groupFilter, config.groupExclude),
    configs: new TopicConfigCache(config.configRefreshInterval),
    timestamps: new RecordTimestampCache(config.lagFetchMaxBytes),
  }
}

export function analysisOptions(config: Config): AnalysisOptions {
  return {
    statusWindowMs: config.statusWindow,
    allowedLag: config.statusAllowedLag,
    inactiveGraceMs: config.groupInactiveGrace,
  }
}
