/**
 * What a metric family is, and the helpers the catalog files declare families with. Label lists that several
 * families share live here too, so emitters format them once and write them into each family declared with them.
 */
export type MetricType = 'gauge' | 'counter'

/**
 * `L` is the union of the label names, `Labels` the names in output order. The writer takes label values keyed by
 * these names (see writer.ts), so a missing, extra or misspelt label fails to compile where a sample is written.
 */
export interface Family<L extends string = string, Labels extends readonly L[] = readonly L[]> {
  readonly name: string
  readonly help: string
  readonly type: MetricType
  readonly labels: Labels
  /** Section in the README table. */
  readonly area: 'cluster' | 'topic' | 'consumergroup' | 'streamsgroup' | 'sharegroup' | 'exporter'
}

export function gauge<const Labels extends readonly string[]>(
  area: Family['area'],
  name: string,
  labels: Labels,
  help: string,
): Family<Labels[number], Labels> {
  return { name, help, type: 'gauge', labels, area }
}

export function counter<const Labels extends readonly string[]>(
  area: Family['area'],
  name: string,
  labels: Labels,
  help: string,
): Family<Labels[number], Labels> {
  if (!name.endsWith('_total')) throw new Error(`counter ${name} must end in _total`)
  return { name, help, type: 'counter', labels, area }
}

/**
 * Label lists that several families share, declared once: the emitters format these labels once per partition
 * (labelSet) and write them into each family declared with the same list.
 */
export const TOPIC_LABELS = ['topic'] as const
export const PARTITION_LABELS = ['topic', 'partition'] as const
export const GROUP_LABELS = ['consumergroup'] as const
export const GROUP_STATUS_LABELS = ['consumergroup', 'status'] as const
export const GROUP_TOPIC_LABELS = ['consumergroup', 'topic'] as const
export const GROUP_PARTITION_LABELS = ['consumergroup', 'topic', 'partition'] as const

/** Every family by a short key: `FAMILY.groupLag` in emitters, dashboards and alerts. */
