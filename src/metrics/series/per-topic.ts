import type { AnalyzedGroup, AnalyzedPartition, AnalyzedTopic } from '../../analysis/analyzer.js'
import { partitionHealth } from '../../analysis/replication.js'
import type { TopicState } from '../../collect/snapshot.js'
import { FAMILY } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import type { SeriesContext } from './context.js'
import { groupTopicLabelSets, topicLabelSets } from './label-sets.js'

/** One topic's counts and sums, from one pass over its partitions. */
interface TopicTotals {
  readonly name: string
  underReplicated: number
  underMinIsr: number
  offline: number
  nonPreferred: number
  /** null once any partition's watermark is unknown. */
  currentSum: number | null
  oldestSum: number | null
}

// Module-level, not made per render: V8 keeps a callback's optimized code only while that closure lives.
type Count = [typeof FAMILY.topicOffline, (t: TopicTotals) => number | null]

const COUNTS: Count[] = [
  [FAMILY.topicUnderReplicated, (t) => t.underReplicated],
  [FAMILY.topicUnderMinIsr, (t) => t.underMinIsr],
  [FAMILY.topicOffline, (t) => t.offline],
  [FAMILY.topicNonPreferredLeader, (t) => t.nonPreferred],
  [FAMILY.topicCurrentOffset, (t) => t.currentSum],
  [FAMILY.topicOldestOffset, (t) => t.oldestSum],
]

/**
 * The per-topic and per-broker aggregates of PER_TOPIC_FAMILIES. The replication counts use partitionHealth, the
 * rule of the per-partition families, so `sum by (topic)` of those and these always agree.
 */
export function perTopicSeries({ snapshot, groups, out, labels }: SeriesContext): void {
  const totals = snapshot.topics.map(topicTotals)
  // Kept label sets and a list of values per family: spliced in while the counts stay the same (family-blocks.ts).
  const topicSets = topicLabelSets(labels.topics, snapshot.topics)
  for (let f = 0; f < COUNTS.length; f++) {
    const entry = COUNTS[f] as Count
    const value = entry[1]
    const samples = new FamilySamples(topicSets)
    for (let ti = 0; ti < totals.length; ti++) samples.push(value(totals[ti] as TopicTotals))
    labels.families.write(out, entry[0], samples)
  }
  const led = new Map((snapshot.cluster?.brokers ?? []).map((b) => [b.id, 0]))
  for (const t of snapshot.topics) {
    for (const p of t.partitions) {
      const n = led.get(p.leader)
      if (n !== undefined) led.set(p.leader, n + 1)
    }
  }
  const leaders = out.family(FAMILY.brokerLeaderPartitions)
  for (const [id, n] of led) leaders.sample({ id }, n)
  groupTopicLost(groups, out, labels)
}

function topicTotals(t: TopicState): TopicTotals {
  const totals: TopicTotals = {
    name: t.name,
    underReplicated: 0,
    underMinIsr: 0,
    offline: 0,
    nonPreferred: 0,
    currentSum: 0,
    oldestSum: 0,
  }
  for (const p of t.partitions) {
    const h = partitionHealth(p, t.minInsyncReplicas)
    if (h.underReplicated) totals.underReplicated++
    // null (min.insync.replicas unknown, partition led) is not counted: a lower bound, as the help says.
    if (h.underMinIsr === true) totals.underMinIsr++
    if (h.offline) totals.offline++
    if (!h.leaderIsPreferred) totals.nonPreferred++
    totals.currentSum = p.latest === null || totals.currentSum === null ? null : totals.currentSum + p.latest
    totals.oldestSum = p.earliest === null || totals.oldestSum === null ? null : totals.oldestSum + p.earliest
  }
  return totals
}

/** Lost messages per group and topic: the sum over its committed partitions whose log start is known. */
function groupTopicLost(
  groups: readonly AnalyzedGroup[],
  out: SeriesContext['out'],
  labels: SeriesContext['labels'],
): void {
  const samples = new FamilySamples(groupTopicLabelSets(labels.groupTopics, groups))
  for (let gi = 0; gi < groups.length; gi++) {
    const topics = (groups[gi] as AnalyzedGroup).topics
    for (let ti = 0; ti < topics.length; ti++) {
      const partitions = (topics[ti] as AnalyzedTopic).partitions
      let sum: number | null = null
      for (let pi = 0; pi < partitions.length; pi++) {
        const lost = (partitions[pi] as AnalyzedPartition).lost
        if (lost !== null) sum = (sum ?? 0) + lost
      }
      samples.push(sum)
    }
  }
  labels.families.write(out, FAMILY.groupTopicLostMessages, samples)
}
