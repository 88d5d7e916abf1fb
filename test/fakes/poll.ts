import { nameFilter } from '../../src/collect/filters.js'
import { type PollOptions, pollOnce } from '../../src/collect/poll.js'
import { RecordTimestampCache } from '../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../src/collect/topic-configs.js'
import type { FakeKafkaSource } from './kafka-source.js'

const ALL = nameFilter('.*', '^$')

/** One poll of a fake cluster with every topic and group kept, fresh caches and no previous snapshot unless given. */
export function pollFake(source: FakeKafkaSource, opts: Partial<PollOptions> = {}): Promise<Snapshot> {
  return pollOnce({
    source,
    timeoutMs: 2000,
    topicFilter: ALL,
    groupFilter: ALL,
    configs: new TopicConfigCache(300_000),
    timestamps: new RecordTimestampCache(1 << 20),
    previous: null,
    ...opts,
  })
}
