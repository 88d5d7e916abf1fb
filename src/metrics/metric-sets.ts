import { FAMILY, type Family } from './catalog.js'

/**
 * Which families to export at all (`--metrics.set`), beside granularity, which decides how finely: `full` is every
 * family; `lean` is kafka_exporter's families plus what the shipped alerts and dashboards read, and the exporter's
 * own health — it leaves out the per-partition facts that the per-topic counts and maxima already summarise for
 * alerting (test/unit/monitoring/granularity.test.ts keeps every alert and panel working with the lean set).
 */
export const METRIC_SETS = ['full', 'lean'] as const
export type MetricSet = (typeof METRIC_SETS)[number]

/** What the lean set leaves out, with what stands in for each. */
export const BEYOND_LEAN: readonly { readonly family: Family; readonly instead: Family }[] = [
  { family: FAMILY.partitionOpenTransactionAge, instead: FAMILY.topicMaxOpenTransactionAge },
  { family: FAMILY.partitionUnderMinIsr, instead: FAMILY.topicUnderMinIsr },
  { family: FAMILY.partitionOffline, instead: FAMILY.topicOffline },
]

const LEFT_OUT = new Set<Family>(BEYOND_LEAN.map((b) => b.family))

export function inSet(family: Family, set: MetricSet): boolean {
  return set === 'full' || !LEFT_OUT.has(family)
}
