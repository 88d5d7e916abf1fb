/**
 * The queries of the two tools kafkascope replaces, written out by hand (their files are not copied here) so a
 * test can prove that they keep working against kafkascope. Each entry keeps the source's expression as it is,
 * Grafana variables included; `grafanaToRegex` turns every variable into a `.+` regex matcher before running it.
 */
export interface PeerQuery {
  readonly source: string
  readonly name: string
  readonly expr: string
}

/**
 * danielqsj/kafka_exporter's shipped dashboard, kafka_exporter_overview.json at the repository root ("Kafka
 * Exporter Overview", Grafana dashboard 7589): its template variables and every panel target, in file order.
 */
export const KAFKA_EXPORTER_DASHBOARD = 'danielqsj/kafka_exporter kafka_exporter_overview.json'

export const KAFKA_EXPORTER_VARIABLES: readonly (PeerQuery & { readonly label: string })[] = [
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'variable job',
    label: 'job',
    expr: 'kafka_consumergroup_current_offset',
  },
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'variable instance',
    label: 'instance',
    expr: 'kafka_consumergroup_current_offset{job=~"$job"}',
  },
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'variable topic',
    label: 'topic',
    expr: "kafka_topic_partition_current_offset{instance='$instance',topic!='__consumer_offsets',topic!='--kafka'}",
  },
]

export const KAFKA_EXPORTER_PANELS: readonly PeerQuery[] = [
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'Message in per second',
    expr: 'sum(rate(kafka_topic_partition_current_offset{instance="$instance", topic=~"$topic"}[1m])) by (topic)',
  },
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'Lag by  Consumer Group',
    expr: 'sum(kafka_consumergroup_lag{instance="$instance",topic=~"$topic"}) by (consumergroup, topic)',
  },
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'Message in per minute',
    expr: 'sum(delta(kafka_topic_partition_current_offset{instance=~\'$instance\', topic=~"$topic"}[5m])/5) by (topic)',
  },
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'Message consume per minute',
    expr: 'sum(delta(kafka_consumergroup_current_offset{instance=~\'$instance\',topic=~"$topic"}[5m])/5) by (consumergroup, topic)',
  },
  {
    source: KAFKA_EXPORTER_DASHBOARD,
    name: 'Partitions per Topic',
    expr: 'sum by(topic) (kafka_topic_partitions{instance="$instance",topic=~"$topic"})',
  },
]

/**
 * strimzi/strimzi-kafka-operator's example rules for kafka_exporter: the `kafka-exporter-topic` group of
 * packaging/examples/metrics/prometheus-install/prometheus-rules/prometheus-kafka-exporter-topic-rules-group.yaml
 * (split out of prometheus-rules.yaml in 2025). `expr` is the alert's expression and `series` the same without its
 * threshold: what must return series for the alert to be able to fire at all.
 */
export const STRIMZI_RULES_FILE =
  'strimzi/strimzi-kafka-operator packaging/examples/metrics/prometheus-install/prometheus-rules/prometheus-kafka-exporter-topic-rules-group.yaml'

export const STRIMZI_ALERTS: readonly (PeerQuery & { readonly series: string })[] = [
  {
    source: STRIMZI_RULES_FILE,
    name: 'UnderReplicatedPartition',
    expr: 'kafka_topic_partition_under_replicated_partition > 0',
    series: 'kafka_topic_partition_under_replicated_partition',
  },
  {
    source: STRIMZI_RULES_FILE,
    name: 'TooLargeConsumerGroupLag',
    expr: 'kafka_consumergroup_lag > 1000',
    series: 'kafka_consumergroup_lag',
  },
  {
    source: STRIMZI_RULES_FILE,
    name: 'NoMessageForTooLong',
    expr: 'changes(kafka_topic_partition_current_offset[10m]) == 0',
    series: 'changes(kafka_topic_partition_current_offset[10m])',
  },
]

/**
 * What Grafana sends with "All" or any selection, in the widest form: every `label="$var"`, `label='$var'` or
 * `label=~"$var"` becomes `label=~".+"`. A variable anywhere else throws, so nothing passes as a literal.
 */
export function grafanaToRegex(expr: string): string {
  const out = expr.replace(/([a-zA-Z_]\w*)\s*=~?\s*(["'])\$\{?\w+\}?\2/g, '$1=~".+"')
  if (out.includes('$')) throw new Error(`a Grafana variable outside a matcher in ${expr}`)
  return out
}
