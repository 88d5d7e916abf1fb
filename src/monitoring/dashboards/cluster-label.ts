/**
 * The Kafka cluster in the dashboards: the label that names it, and the deduplication over the kafkascope instances
 * that report it.
 */

/**
 * The label that names the Kafka cluster. The builders always write `cluster`; relabelCluster() (generation, from
 * config.clusterLabel) and the chart (dashboards.clusterLabel) rewrite the JSON, so its every use must go through
 * CLUSTER, the `by (cluster` of dedup() or the cluster variable.
 */
export const CLUSTER_LABEL = 'cluster'

/** Every query is scoped to the cluster and kafkascope targets chosen in the cluster, job and instance variables. */
export const CLUSTER = `${CLUSTER_LABEL}=~"$cluster"`

/**
 * One series per cluster and `key`, however many kafkascope instances report it. In the sidecar layout every broker
 * pod's kafkascope reports the whole cluster, so a plain sum over instances would count each partition once per
 * broker; instances of one cluster report the same values, and max picks one of them.
 */
export function dedup(expr: string, ...key: string[]): string {
  return `max by (${[CLUSTER_LABEL, ...key].join(', ')}) (${expr})`
}

/** `agg by (cluster, ...by) (dedup(expr, ...key))`: a cluster-wide figure counted once per cluster. */
export function perCluster(
  agg: 'sum' | 'count' | 'max' | 'min' | 'avg',
  expr: string,
  key: string[],
  by: string[] = [],
): string {
  return `${agg} by (${[CLUSTER_LABEL, ...by].join(', ')}) (${dedup(expr, ...key)})`
}

/**
 * The forms CLUSTER_LABEL takes in the dashboard JSON, as [before, after] around it: a matcher, the first label of
 * a `by (...)`, the label of label_values() and a hidden table column. relabelCluster(), the mixin and the chart's
 * dashboards template (deploy/helm/kafkascope/templates/dashboards.yaml) all rewrite exactly these.
 */
export const CLUSTER_FORMS: readonly (readonly [before: string, after: string])[] = [
  ['', '=~\\"$cluster\\"'],
  ['by (', ''],
  [', ', ')'],
  ['"', '": true'],
]

/** The dashboard JSON with another label naming the cluster (config.clusterLabel). */
export function relabelCluster(json: string, label: string): string {
  if (label === CLUSTER_LABEL) return json
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label))
    throw new Error(`failed to relabel dashboards: ${label} is no label name`)
  return CLUSTER_FORMS.reduce(
    (text, [before, after]) =>
      text.replaceAll(`${before}${CLUSTER_LABEL}${after}`, `${before}${label}${after}`),
    json,
  )
}
