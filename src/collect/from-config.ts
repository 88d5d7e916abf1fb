import type { KafkaSource } from '../kafka/source.js'
import { type NameLists, nameFilter } from './filters.js'
import { LogDirsCache } from './log-dirs.js'
import type { PollOptions } from './poll.js'
import { RecordTimestampCache } from './record-timestamps.js'
import { TopicConfigCache } from './topic-configs.js'

export interface NameSelection extends NameLists {
  readonly include: string
  readonly exclude: string
}

/** What a poll needs from the settings; the edge (config/slices.ts) maps the flags onto it. */
export interface PollSettings {
  readonly timeoutMs: number
  /** Regex sources and list entries, compiled here as the config validated them (collect/filters.ts). */
  readonly topics: NameSelection
  readonly groups: NameSelection
  readonly configRefreshMs: number
  readonly lagFetchMaxBytes: number
  /** 0: log directories are not read. */
  readonly logDirsRefreshMs: number
}

/**
 * What a poll needs, with fresh caches: one place for the daemon and the describe command.
 * The caches live as long as the returned object, so the daemon keeps it for its whole life.
 */
export function pollSetup(settings: PollSettings, source: KafkaSource): Omit<PollOptions, 'previous'> {
  return {
    source,
    timeoutMs: settings.timeoutMs,
    topicFilter: nameFilter(settings.topics.include, settings.topics.exclude, settings.topics),
    groupFilter: nameFilter(settings.groups.include, settings.groups.exclude, settings.groups),
    configs: new TopicConfigCache(settings.configRefreshMs),
    timestamps: new RecordTimestampCache(settings.lagFetchMaxBytes),
    ...(settings.logDirsRefreshMs > 0 ? { logDirs: new LogDirsCache(settings.logDirsRefreshMs) } : {}),
  }
}
