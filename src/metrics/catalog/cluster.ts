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
    'Node id of the active controller: the KRaft quorum leader from DescribeQuorum (-1 when the quorum has none; absent while DescribeQuorum fails). Only where the brokers lack DescribeQuorum (ZooKeeper mode) the controller named in the metadata, which on KRaft would be a random live broker.',
  ),
} as const
