import { type PartitionHealth, partitionHealth } from '../../analysis/replication.js'
import { openTransactionAge } from '../../analysis/transactions.js'
import type { PartitionState, TopicState } from '../../collect/snapshot.js'
import { FAMILY, type Family, PARTITION_LABELS } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import { type LabelSet, labelSet } from '../writer.js'
import type { SeriesContext } from './context.js'

type PartitionValue = (p: PartitionState, t: TopicState, h: PartitionHealth, now: number) => number | null
type PartitionLabels = typeof PARTITION_LABELS

// One family at a time so each family's samples stay contiguous, as the exposition format requires.
const PER_PARTITION: [Family<string, PartitionLabels>, PartitionValue][] = [
  [FAMILY.partitionCurrentOffset, (p) => p.latest],
  [FAMILY.partitionOldestOffset, (p) => p.earliest],
  [FAMILY.partitionLastStableOffset, (p) => p.lastStable],
  [FAMILY.partitionOpenTransactionAge, (p, _t, _h, now) => openTransactionAge(p, now)],
  [FAMILY.partitionLeader, (p) => p.leader],
  [FAMILY.partitionReplicas, (p) => p.replicas.length],
  [FAMILY.partitionInSyncReplicas, (p) => p.isr.length],
  [FAMILY.partitionLeaderIsPreferred, (_p, _t, h) => bit(h.leaderIsPreferred)],
  [FAMILY.partitionUnderReplicated, (_p, _t, h) => bit(h.underReplicated)],
  // Absent, not 0, until the topic's min.insync.replicas is known (configs not read yet, or not authorized).
  [FAMILY.partitionUnderMinIsr, (_p, _t, h) => (h.underMinIsr === null ? null : bit(h.underMinIsr))],
  [FAMILY.partitionOffline, (_p, _t, h) => bit(h.offline)],
]

export function topicSeries(ctx: SeriesContext): void {
  const { snapshot, out } = ctx
  const topics = snapshot.topics
  const partitions = out.family(FAMILY.topicPartitions)
  for (const t of topics) partitions.sample({ topic: t.name }, t.partitions.length)
  const replicationFactor = out.family(FAMILY.topicReplicationFactor)
  for (const t of topics) {
    const first = t.partitions[0]
    if (first) replicationFactor.sample({ topic: t.name }, first.replicas.length)
  }
  const minIsr = out.family(FAMILY.topicMinIsr)
  for (const t of topics)
    if (t.minInsyncReplicas !== null) minIsr.sample({ topic: t.name }, t.minInsyncReplicas)
  const retention = out.family(FAMILY.topicRetention)
  for (const t of topics)
    if (t.retentionMs !== null && t.retentionMs >= 0)
      retention.sample({ topic: t.name }, t.retentionMs / 1000)
  // Ages as of the poll, like lag in seconds: the series say what the snapshot saw, whatever the scrape time.
  const now = snapshot.startedAt
  const maxTransactionAge = out.family(FAMILY.topicMaxOpenTransactionAge)
  for (const t of topics) {
    let max: number | null = null
    for (const p of t.partitions) {
      const age = openTransactionAge(p, now)
      if (age !== null && (max === null || age > max)) max = age
    }
    if (max !== null) maxTransactionAge.sample({ topic: t.name }, max)
  }

  // Labels and health once per partition, shared by the per-partition families.
  const all = partitionLabelSets(ctx.labels.partitions, topics)
  const health: PartitionHealth[][] = new Array(topics.length)
  for (let ti = 0; ti < topics.length; ti++) health[ti] = topicHealth(topics[ti] as TopicState)
  for (const [family, value] of PER_PARTITION) {
    const samples = new FamilySamples(all)
    for (let ti = 0; ti < topics.length; ti++) {
      const topic = topics[ti] as TopicState
      const topicHealth = health[ti] as PartitionHealth[]
      for (let pi = 0; pi < topic.partitions.length; pi++)
        samples.push(
          value(topic.partitions[pi] as PartitionState, topic, topicHealth[pi] as PartitionHealth, now),
        )
    }
    // The metadata families (leaders, replicas, flags) are nearly always the last poll's: spliced in, not rendered.
    ctx.labels.families.write(out, family, samples)
  }
}

// Loops, not per-poll callbacks: V8 keeps a callback's optimized code only while that closure lives, so callbacks
// made anew each poll are compiled again every poll (bench/README.md).
function partitionLabelSets(
  kept: SeriesContext['labels']['partitions'],
  topics: readonly TopicState[],
): LabelSet<PartitionLabels>[] {
  const all: LabelSet<PartitionLabels>[] = []
  for (const t of topics) {
    const cached = kept.list(t.name)
    for (const p of t.partitions) {
      let set = cached[p.partition]
      if (set === undefined) {
        set = labelSet(PARTITION_LABELS, { topic: t.name, partition: p.partition })
        cached[p.partition] = set
      }
      all.push(set)
    }
  }
  return all
}

function topicHealth(t: TopicState): PartitionHealth[] {
  const health: PartitionHealth[] = new Array(t.partitions.length)
  for (let pi = 0; pi < t.partitions.length; pi++)
    health[pi] = partitionHealth(t.partitions[pi] as PartitionState, t.minInsyncReplicas)
  return health
}

function bit(b: boolean): number {
  return b ? 1 : 0
}
