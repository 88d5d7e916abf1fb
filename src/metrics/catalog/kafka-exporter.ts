import {
  GROUP_LABELS,
  GROUP_PARTITION_LABELS,
  GROUP_TOPIC_LABELS,
  gauge,
  PARTITION_LABELS,
  TOPIC_LABELS,
} from './family.js'

/**
 * kafka_exporter's families, names, labels and help kept exactly so Grafana dashboard 7589 and common alert rules
 * still work on kafkascope.
 */
export const KAFKA_EXPORTER_FAMILIES = {
  brokers: gauge('cluster', 'kafka_brokers', [], 'Number of Brokers in the Kafka Cluster.'),
  brokerInfo: gauge(
    'cluster',
    'kafka_broker_info',
    ['id', 'address', 'rack'],
    'Information about the Kafka Broker.',
  ),
  topicPartitions: gauge(
    'topic',
    'kafka_topic_partitions',
    TOPIC_LABELS,
    'Number of partitions for this Topic',
  ),
  partitionCurrentOffset: gauge(
    'topic',
    'kafka_topic_partition_current_offset',
    PARTITION_LABELS,
    'Current Offset of a Broker at Topic/Partition (the high watermark).',
  ),
  partitionOldestOffset: gauge(
    'topic',
    'kafka_topic_partition_oldest_offset',
    PARTITION_LABELS,
    'Oldest Offset of a Broker at Topic/Partition (the log start offset).',
  ),
  partitionLeader: gauge(
    'topic',
    'kafka_topic_partition_leader',
    PARTITION_LABELS,
    'Leader Broker ID of this Topic/Partition (-1 when it has none).',
  ),
  partitionReplicas: gauge(
    'topic',
    'kafka_topic_partition_replicas',
    PARTITION_LABELS,
    'Number of Replicas for this Topic/Partition',
  ),
  partitionInSyncReplicas: gauge(
    'topic',
    'kafka_topic_partition_in_sync_replica',
    PARTITION_LABELS,
    'Number of In-Sync Replicas for this Topic/Partition',
  ),
  partitionLeaderIsPreferred: gauge(
    'topic',
    'kafka_topic_partition_leader_is_preferred',
    PARTITION_LABELS,
    '1 if Topic/Partition is using the Preferred Broker',
  ),
  partitionUnderReplicated: gauge(
    'topic',
    'kafka_topic_partition_under_replicated_partition',
    PARTITION_LABELS,
    '1 if Topic/Partition is under Replicated',
  ),
  groupCurrentOffset: gauge(
    'consumergroup',
    'kafka_consumergroup_current_offset',
    GROUP_PARTITION_LABELS,
    'Current Offset of a ConsumerGroup at Topic/Partition (only partitions with a committed offset).',
  ),
  groupCurrentOffsetSum: gauge(
    'consumergroup',
    'kafka_consumergroup_current_offset_sum',
    GROUP_TOPIC_LABELS,
    'Current Offset of a ConsumerGroup at Topic for all partitions',
  ),
  groupLag: gauge(
    'consumergroup',
    'kafka_consumergroup_lag',
    GROUP_PARTITION_LABELS,
    'Current Approximate Lag of a ConsumerGroup at Topic/Partition: high watermark - committed offset, never negative (committed offsets are read before watermarks). Absent for partitions without a committed offset.',
  ),
  groupLagSum: gauge(
    'consumergroup',
    'kafka_consumergroup_lag_sum',
    GROUP_TOPIC_LABELS,
    'Current Approximate Lag of a ConsumerGroup at Topic for all partitions; absent while the lag of any of them is unknown (e.g. its leader is offline)',
  ),
  groupMembers: gauge(
    'consumergroup',
    'kafka_consumergroup_members',
    GROUP_LABELS,
    'Amount of members in a consumer group',
  ),
  // Not kafkascope's own build info (kafkascope_build_info): an alias family, so build and version panels made for
  // kafka_exporter keep showing something.
  kafkaExporterBuildInfo: gauge(
    'exporter',
    'kafka_exporter_build_info',
    ['branch', 'goarch', 'goos', 'goversion', 'revision', 'tags', 'version'],
    "A metric with a constant '1' value labeled by version, revision, branch, goversion from which kafka_exporter was built, and the goos and goarch for the build (kafkascope: its version, and the Node.js version in goversion).",
  ),
} as const
