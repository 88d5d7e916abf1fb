import { gauge } from './family.js'

export const SHARE_GROUP_TOPIC_LABELS = ['sharegroup', 'topic'] as const
export const SHARE_GROUP_PARTITION_LABELS = ['sharegroup', 'topic', 'partition'] as const

/**
 * Share groups (KIP-932, "queues for Kafka", Kafka 4.1+): many members read the same partitions and acknowledge
 * records one by one, so there is no committed offset; the share-partition start offset takes its place. Absent on
 * brokers without share groups (kafkascope_collector_success has no share_groups series there).
 */
export const SHARE_GROUP_FAMILIES = {
  shareGroupInfo: gauge(
    'sharegroup',
    'kafka_sharegroup_info',
    ['sharegroup', 'state', 'assignor', 'coordinator'],
    'Share group state as Kafka reports it (STABLE, EMPTY, ...), its assignor and coordinator broker id; value is always 1.',
  ),
  shareGroupMembers: gauge(
    'sharegroup',
    'kafka_sharegroup_members',
    ['sharegroup'],
    'Members of the share group (several may be assigned the same partition). Absent when the group could not be described.',
  ),
  shareGroupEpoch: gauge(
    'sharegroup',
    'kafka_sharegroup_epoch',
    ['sharegroup'],
    'Group epoch of the share group: it grows with every membership or subscription change, so its rate shows churn.',
  ),
  shareGroupStartOffset: gauge(
    'sharegroup',
    'kafka_sharegroup_start_offset',
    SHARE_GROUP_PARTITION_LABELS,
    'Share-partition start offset: the first record the share group has not yet acknowledged (its committed offset, in effect).',
  ),
  shareGroupLag: gauge(
    'sharegroup',
    'kafka_sharegroup_lag',
    SHARE_GROUP_PARTITION_LABELS,
    "Records of the partition the share group has not yet acknowledged, as Kafka counts them (kafka-share-groups' LAG; DescribeShareGroupOffsets v1, Kafka 4.4); on brokers that do not report it, high watermark - start offset. Never negative.",
  ),
  shareGroupLagSum: gauge(
    'sharegroup',
    'kafka_sharegroup_topic_lag',
    SHARE_GROUP_TOPIC_LABELS,
    "Sum of the share group's lag over the topic's partitions; absent while any of them is unknown.",
  ),
  shareGroupMaxLag: gauge(
    'sharegroup',
    'kafka_sharegroup_max_lag',
    ['sharegroup'],
    'Largest lag over all share-partitions of the share group.',
  ),
} as const
