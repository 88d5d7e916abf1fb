import { type PartitionHealth, partitionHealth } from '../../analysis/replication.js'
import { openTransactionAge } from '../../analysis/transactions.js'
import type { PartitionState, TopicState } from '../../collect/snapshot.js'
import { type Family, M } from '../catalog.js'
import { labelSet } from '../writer.js'
import type { SeriesContext, Steps } from './context.js'

const TP_LABELS = ['topic', 'partition'] as const

type PartitionValue = (p: PartitionState, t: TopicState, h: PartitionHealth, now: number) => number | null

// One family at a time so each family's samples stay contiguous, as the exposition format requires.
const PER_PARTITION: [Family<'topic' | 'partition'>, PartitionValue][] = [
  [M.partitionCurrentOffset, (p) => p.latest],
  [M.partitionOldestOffset, (p) => p.earliest],
  [M.partitionLastStableOffset, (p) => p.lastStable],
  [M.partitionOpenTransactionAge, (p, _t, _h, now) => openTransactionAge(p, now)],
  [M.partitionLeader, (p) => p.leader],
  [M.partitionReplicas, (p) => p.replicas.length],
  [M.partitionInSyncReplicas, (p) => p.isr.length],
  [M.partitionLeaderIsPreferred, (_p, _t, h) => bit(h.leaderIsPreferred)],
  [M.partitionUnderReplicated, (_p, _t, h) => bit(h.underReplicated)],
  // Absent, not 0, until the topic's min.insync.replicas is known (configs not read yet, or not authorized).
  [M.partitionUnderMinIsr, (_p, _t, h) => (h.underMinIsr === null ? null : bit(h.underMinIsr))],
  [M.partitionOffline, (_p, _t, h) => bit(h.offline)],
]

export function* topicSeries({ snapshot, out }: SeriesContext): Steps {
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
  // Ages as of the poll, like lag in seconds: the series say what the snapshot saw, whatever the scrape time.
  const now = snapshot.startedAt
  out.family(M.topicMaxOpenTransactionAge)
  for (const t of topics) {
    let max: number | null = null
    for (const p of t.partitions) {
      const age = openTransactionAge(p, now)
      if (age !== null && (max === null || age > max)) max = age
    }
    if (max !== null) out.sample([t.name], max)
  }

  // Labels and health once per partition, shared by the per-partition families.
  const labels = topics.map((t) => t.partitions.map((p) => labelSet(TP_LABELS, [t.name, p.partition])))
  const health = topics.map((t) => t.partitions.map((p) => partitionHealth(p, t.minInsyncReplicas)))
  yield
  for (const [family, value] of PER_PARTITION) {
    out.family(family)
    for (let ti = 0; ti < topics.length; ti++) {
      if ((ti & 255) === 255) yield
      const t = topics[ti] as TopicState
      const tl = labels[ti] as string[]
      const th = health[ti] as PartitionHealth[]
      for (let pi = 0; pi < t.partitions.length; pi++) {
        const v = value(t.partitions[pi] as PartitionState, t, th[pi] as PartitionHealth, now)
        if (v !== null) out.sampleWith(tl[pi] as string, v)
      }
    }
  }
}

function bit(b: boolean): number {
  return b ? 1 : 0
}
