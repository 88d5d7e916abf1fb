import { partitionHealth } from '../../analysis/replication.js'
import type { PartitionState, TopicState } from '../../collect/snapshot.js'
import { type Family, M } from '../catalog.js'
import type { SeriesContext } from './context.js'

type PartitionValue = (p: PartitionState, t: TopicState) => number | null

// One family at a time so each family's samples stay contiguous, as the exposition format requires.
const PER_PARTITION: [Family<'topic' | 'partition'>, PartitionValue][] = [
  [M.partitionCurrentOffset, (p) => p.latest],
  [M.partitionOldestOffset, (p) => p.earliest],
  [M.partitionLeader, (p) => p.leader],
  [M.partitionReplicas, (p) => p.replicas.length],
  [M.partitionInSyncReplicas, (p) => p.isr.length],
  [M.partitionLeaderIsPreferred, (p, t) => bit(partitionHealth(p, t.minInsyncReplicas).leaderIsPreferred)],
  [M.partitionUnderReplicated, (p, t) => bit(partitionHealth(p, t.minInsyncReplicas).underReplicated)],
  [M.partitionUnderMinIsr, (p, t) => bit(partitionHealth(p, t.minInsyncReplicas).underMinIsr)],
  [M.partitionOffline, (p, t) => bit(partitionHealth(p, t.minInsyncReplicas).offline)],
]

export function topicSeries({ snapshot, out }: SeriesContext): void {
  const topics = snapshot.topics
  out.family(M.topicPartitions)
  for (const t of topics) out.sample([t.name], t.partitions.length)
  out.family(M.topicReplicationFactor)
  for (const t of topics) {
    const first = t.partitions[0]
    if (first) out.sample([t.name], first.replicas.length)
  }
  out.family(M.topicMinIsr)
  for (const t of topics) if (t.minInsyncReplicas !== null) out.sample([t.name], t.minInsyncReplicas)
  out.family(M.topicRetention)
  for (const t of topics)
    if (t.retentionMs !== null && t.retentionMs >= 0) out.sample([t.name], t.retentionMs / 1000)

  for (const [family, value] of PER_PARTITION) {
    out.family(family)
    for (const t of topics) {
      for (const p of t.partitions) {
        const v = value(p, t)
        if (v !== null) out.sample([t.name, p.partition], v)
      }
    }
  }
}

function bit(b: boolean): number {
  return b ? 1 : 0
}
