import type { Family } from './catalog.js'

/**
 * Cardinality per area, as KMinion has it (`minion.topics.granularity`, `minion.consumerGroups.granularity`, both
 * `partition` or `topic`): the per-partition families of topics and of consumer groups can be dropped separately,
 * since on most clusters one of them dominates the series count. Everything without a partition label (the per-topic
 * sums and counts of per-partition facts included) is exported at every level, which is what the shipped alerts and
 * dashboards rely on (test/unit/monitoring/granularity.test.ts).
 */
export const GRANULARITIES = ['partition', 'topic'] as const
export type Granularity = (typeof GRANULARITIES)[number]

/** Which granularity setting decides about a family: topics, groups, or none (always exported). */
export type GranularityArea = 'topics' | 'groups'

export interface Granularities {
  /** --metrics.topic-granularity (default --metrics.granularity) */
  readonly topics: Granularity
  /** --metrics.group-granularity (default --metrics.granularity) */
  readonly groups: Granularity
}

/**
 * A family with a partition label belongs to the groups' setting when it also has a consumer or share group label,
 * else to the topics' (from the labels, not the README area, so a family added later is classified without a list
 * to keep).
 */
export function granularityArea(family: Family): GranularityArea | null {
  if (!family.labels.includes('partition')) return null
  return GROUP_LABELS.some((l) => family.labels.includes(l)) ? 'groups' : 'topics'
}

/** The labels that name a group: consumer groups, and share groups (KIP-932), whose lag is per partition too. */
const GROUP_LABELS = ['consumergroup', 'sharegroup'] as const

/** Whether the family is exported at these settings. */
export function exportedAt(family: Family, g: Granularities): boolean {
  const area = granularityArea(family)
  return area === null || g[area] === 'partition'
}

/** Every combination of the two settings, for the checks that must hold at each. */
export const EVERY_GRANULARITY: readonly Granularities[] = GRANULARITIES.flatMap((topics) =>
  GRANULARITIES.map((groups) => ({ topics, groups })),
)
