import { gauge } from './family.js'

/**
 * Cluster-wide facts beyond kafka_exporter's.
 */
export const CLUSTER_FAMILIES = {
  clusterInfo: gauge('cluster', 'kafka_cluster_info', ['cluster_id'], 'Kafka cluster id; value is always 1.'),
  controller: gauge(
    'cluster',
    'kafka_cluster_controller_id',
    [],
    'Broker id of the active controller as reported in the metadata (-1 when none).',
  ),
} as const
