import { GROUP_TOPIC_LABELS, gauge, TOPIC_LABELS } from './family.js'

/**
 * Per-topic (and per-broker) counts and sums of per-partition facts. They carry no partition label, so they are
 * exported at every --metrics.topic-granularity and --metrics.group-granularity: the shipped alerts and dashboards
 * are built on them, and keep working when the per-partition series are dropped. Counts are 0 when none, never
 * absent, so a series does not appear only while something is wrong.
 */
export const PER_TOPIC_FAMILIES = {
  topicUnderReplicated: gauge(
    'topic',
    'kafka_topic_under_replicated_partitions',
    TOPIC_LABELS,
    'Partitions of the topic with fewer in-sync replicas than replicas (kafka_topic_partition_under_replicated_partition summed; kept at every granularity).',
  ),
  topicUnderMinIsr: gauge(
    'topic',
    'kafka_topic_under_min_isr_partitions',
    TOPIC_LABELS,
    "Partitions of the topic known to be under its min.insync.replicas, leaderless ones included (kafka_topic_partition_under_min_isr summed); while the topic's min.insync.replicas is unknown, only the leaderless ones. Kept at every granularity.",
  ),
  topicOffline: gauge(
    'topic',
    'kafka_topic_offline_partitions',
    TOPIC_LABELS,
    'Partitions of the topic without a leader (kafka_topic_partition_offline summed; kept at every granularity).',
  ),
  topicNonPreferredLeader: gauge(
    'topic',
    'kafka_topic_non_preferred_leader_partitions',
    TOPIC_LABELS,
    'Partitions of the topic not led by their preferred (first) replica, leaderless ones included (kafka_topic_partition_leader_is_preferred == 0 counted; kept at every granularity).',
  ),
  topicCurrentOffset: gauge(
    'topic',
    'kafka_topic_current_offset',
    TOPIC_LABELS,
    "Sum of the high watermarks of the topic's partitions: its rate is the topic's message rate at every granularity. Absent while the watermark of any of its partitions is unknown (e.g. its leader is offline), since a sum over fewer partitions would drop and read as a counter reset.",
  ),
  topicOldestOffset: gauge(
    'topic',
    'kafka_topic_oldest_offset',
    TOPIC_LABELS,
    "Sum of the log start offsets of the topic's partitions (kafka_topic_current_offset minus this is what retention keeps, in messages). Absent while that of any partition is unknown.",
  ),
  brokerLeaderPartitions: gauge(
    'cluster',
    'kafka_broker_leader_partitions',
    ['id'],
    'Partitions (of the exported topics) the broker leads; 0 for a broker that leads none. Kept at every granularity.',
  ),
  groupTopicLostMessages: gauge(
    'consumergroup',
    'kafka_consumergroup_topic_lost_messages',
    GROUP_TOPIC_LABELS,
    'kafka_consumergroup_lost_messages summed over the partitions of the topic the group has committed (kept at every granularity).',
  ),
} as const
