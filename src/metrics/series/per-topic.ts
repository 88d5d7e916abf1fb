import type { AnalyzedGroup } from '../../analysis/analyzer.js'
import { partitionHealth } from '../../analysis/replication.js'
import type { TopicState } from '../../collect/snapshot.js'
import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

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
const COUNTS: [typeof FAMILY.topicOffline, (t: TopicTotals) => number | null][] = [
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
export function perTopicSeries({ snapshot, groups, out }: SeriesContext): void {
  const totals = snapshot.topics.map(topicTotals)
  for (const [family, value] of COUNTS) {
    const samples = out.family(family)
    for (const t of totals) {
      const v = value(t)
      if (v !== null) samples.sample({ topic: t.name }, v)
    }
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
  groupTopicLost(groups, out)
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
function groupTopicLost(groups: readonly AnalyzedGroup[], out: SeriesContext['out']): void {
  const samples = out.family(FAMILY.groupTopicLostMessages)
  for (const { group: g, topics } of groups) {
    for (const t of topics) {
      let sum: number | null = null
      for (const p of t.partitions) if (p.lost !== null) sum = (sum ?? 0) + p.lost
      if (sum !== null) samples.sample({ consumergroup: g.groupId, topic: t.topic }, sum)
    }
  }
}
