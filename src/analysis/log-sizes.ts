import type { LogDirsState, TopicState } from '../collect/snapshot.js'

export interface TopicLogSize {
  /** Bytes of all its replicas' logs (logs being moved excluded: they are copies of a current one). */
  readonly sizeBytes: number
  /** Bytes of its leader replicas' logs, the leader as this poll's metadata names it: the topic counted once. */
  readonly leaderSizeBytes: number
}

/**
 * The size on disk of each topic, from the log directories last read. A topic none of whose replicas were read
 * (created since the last refresh) is missing, which means unknown, not empty. Pure.
 */
export function topicLogSizes(
  topics: readonly TopicState[],
  logDirs: LogDirsState,
): ReadonlyMap<string, TopicLogSize> {
  // Leaders by topic, indexed by partition: no key string per partition and per replica (~30 ms a poll at 16k).
  const leaderOf = new Map<string, number[]>()
  for (const t of topics) {
    const leaders: number[] = []
    for (const p of t.partitions) leaders[p.partition] = p.leader
    leaderOf.set(t.name, leaders)
  }
  const sizes = new Map<string, { sizeBytes: number; leaderSizeBytes: number }>()
  for (const b of logDirs.brokers) {
    for (const d of b.dirs) {
      for (const r of d.replicas) {
        if (r.future) continue
        let s = sizes.get(r.topic)
        if (!s) {
          s = { sizeBytes: 0, leaderSizeBytes: 0 }
          sizes.set(r.topic, s)
        }
        s.sizeBytes += r.sizeBytes
        if (leaderOf.get(r.topic)?.[r.partition] === b.broker) s.leaderSizeBytes += r.sizeBytes
      }
    }
  }
  return sizes
}
