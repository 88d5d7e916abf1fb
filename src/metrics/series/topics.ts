import { type PartitionHealth, partitionHealth } from '../../analysis/replication.js'
import { openTransactionAge } from '../../analysis/transactions.js'
import type { PartitionState, TopicState } from '../../collect/snapshot.js'
import { FAMILY, type Family, type PARTITION_LABELS, type TOPIC_LABELS } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import type { SeriesContext } from './context.js'
import { partitionLabelSets, topicLabelSets } from './label-sets.js'

type PartitionValue = (p: PartitionState, t: TopicState, h: PartitionHealth, now: number) => number | null
type PartitionLabels = typeof PARTITION_LABELS

type PerTopic = [Family<string, typeof TOPIC_LABELS>, (t: TopicState, now: number) => number | null]

const PER_TOPIC: PerTopic[] = [
  [FAMILY.topicPartitions, (t) => t.partitions.length],
  [FAMILY.topicReplicationFactor, (t) => t.partitions[0]?.replicas.length ?? null],
  [FAMILY.topicMinIsr, (t) => t.minInsyncReplicas],
  [
    FAMILY.topicRetention,
    (t) => (t.retentionMs !== null && t.retentionMs >= 0 ? t.retentionMs / 1000 : null),
  ],
  [FAMILY.topicMaxOpenTransactionAge, maxOpenTransactionAge],
]

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
  // Per topic, one list of label sets (kept across polls) and values per family: all of these are nearly always
  // the last poll's, and are spliced in.
  const topicSets = topicLabelSets(ctx.labels.topics, topics)
  // Ages as of the poll, like lag in seconds: the series say what the snapshot saw, whatever the scrape time.
  const now = snapshot.startedAt
  for (let f = 0; f < PER_TOPIC.length; f++) {
    const entry = PER_TOPIC[f] as PerTopic
    const value = entry[1]
    const samples = new FamilySamples(topicSets)
    for (let ti = 0; ti < topics.length; ti++) samples.push(value(topics[ti] as TopicState, now))
    ctx.labels.families.write(out, entry[0], samples)
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

function maxOpenTransactionAge(t: TopicState, now: number): number | null {
  let max: number | null = null
  for (let pi = 0; pi < t.partitions.length; pi++) {
    const age = openTransactionAge(t.partitions[pi] as PartitionState, now)
    if (age !== null && (max === null || age > max)) max = age
  }
  return max
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
