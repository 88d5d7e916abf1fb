import { gauge, PARTITION_LABELS, TOPIC_LABELS } from './family.js'

/**
 * Topic and partition facts beyond kafka_exporter's: replication health, transactions, effective configs.
 */
export const TOPIC_FAMILIES = {
  partitionLastStableOffset: gauge(
    'topic',
    'kafka_topic_partition_last_stable_offset',
    PARTITION_LABELS,
    'Last stable offset of a Topic/Partition: read_committed consumers are given records up to here. Below the current offset while a transaction is open; stuck there while one hangs.',
  ),
  partitionOpenTransactionAge: gauge(
    'topic',
    'kafka_topic_partition_open_transaction_age_seconds',
    PARTITION_LABELS,
    "Age of the Topic/Partition's oldest open transaction in seconds: now - timestamp of its first record, at the last stable offset. 0 when no transaction is open; absent when unknown (that record not read yet).",
  ),
  topicMaxOpenTransactionAge: gauge(
    'topic',
    'kafka_topic_max_open_transaction_age_seconds',
    TOPIC_LABELS,
    'Largest kafka_topic_partition_open_transaction_age_seconds over the partitions of the topic whose age is known (kept with --metrics.granularity=topic).',
  ),
  partitionUnderMinIsr: gauge(
    'topic',
    'kafka_topic_partition_under_min_isr',
    PARTITION_LABELS,
    "1 if the partition has no leader or fewer in-sync replicas than the topic's min.insync.replicas (producers with acks=all fail), as kafka-topics --under-min-isr-partitions counts; absent while that setting is unknown and the partition has a leader.",
  ),
  partitionOffline: gauge(
    'topic',
    'kafka_topic_partition_offline',
    PARTITION_LABELS,
    '1 if the partition has no leader (neither readable nor writable).',
  ),
  topicReplicationFactor: gauge(
    'topic',
    'kafka_topic_replication_factor',
    TOPIC_LABELS,
    'Replication factor of the topic (replicas of its partition 0).',
  ),
  topicMinIsr: gauge(
    'topic',
    'kafka_topic_min_insync_replicas',
    TOPIC_LABELS,
    'Effective min.insync.replicas of the topic.',
  ),
  topicRetention: gauge(
    'topic',
    'kafka_topic_retention_seconds',
    TOPIC_LABELS,
    'Effective retention.ms of the topic in seconds; absent when retention is unlimited.',
  ),
} as const
