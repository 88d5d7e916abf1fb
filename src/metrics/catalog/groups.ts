import {
  GROUP_LABELS,
  GROUP_PARTITION_LABELS,
  GROUP_STATUS_LABELS,
  GROUP_TOPIC_LABELS,
  gauge,
} from './family.js'

/**
 * Consumer-group facts beyond kafka_exporter's: lag in seconds, lost messages, status.
 */
export const GROUP_FAMILIES = {
  groupInfo: gauge(
    'consumergroup',
    'kafka_consumergroup_info',
    ['consumergroup', 'state', 'protocol', 'protocol_type', 'assignor', 'coordinator'],
    'Consumer group state as Kafka reports it (STABLE, EMPTY, ...), group protocol (classic or consumer, KIP-848), assignor and coordinator broker id; value is always 1.',
  ),
  groupUncommittedPartitions: gauge(
    'consumergroup',
    'kafka_consumergroup_uncommitted_partitions',
    GROUP_TOPIC_LABELS,
    'Partitions of a topic the group consumes (has committed or is assigned) that have no committed offset; they have no lag series.',
  ),
  groupLostMessages: gauge(
    'consumergroup',
    'kafka_consumergroup_lost_messages',
    GROUP_PARTITION_LABELS,
    'Messages deleted by retention before the group consumed them: log start offset - committed offset when positive, else 0.',
  ),

  groupLagSeconds: gauge(
    'consumergroup',
    'kafka_consumergroup_lag_seconds',
    GROUP_PARTITION_LABELS,
    'Age of the first unconsumed message in seconds (0 when caught up): now - its record timestamp (CreateTime, or LogAppendTime if the topic uses it), or, before that record was read, interpolated from the high-watermark history (append time, within about one poll interval). Absent when unknown.',
  ),
  groupTopicMaxLagSeconds: gauge(
    'consumergroup',
    'kafka_consumergroup_topic_max_lag_seconds',
    GROUP_TOPIC_LABELS,
    'Largest lag in seconds over the partitions of the topic the group has committed.',
  ),
  groupMaxLag: gauge(
    'consumergroup',
    'kafka_consumergroup_max_lag',
    GROUP_LABELS,
    'Largest lag in messages over all partitions of the group.',
  ),
  groupMaxLagSeconds: gauge(
    'consumergroup',
    'kafka_consumergroup_max_lag_seconds',
    GROUP_LABELS,
    'Largest lag in seconds over all partitions of the group.',
  ),
  groupStatus: gauge(
    'consumergroup',
    'kafka_consumergroup_status',
    GROUP_STATUS_LABELS,
    'Consumer group status judged over --status.window, one series per status, 1 for the current one: ok, unknown (lag over --status.allowed-lag but not judged yet: too little of the window observed, commits too rare, or lag unknown), lagging (consuming, but lag grows beyond its sawtooth: slower than producers), stopped (no member consumes and the offset does not move while lag waits), stalled (a member is assigned but the offset does not move), rewound (offset went backwards), data_lost (committed below the log start), no_offset (nothing committed). Absent once a group without members has not moved its offsets for --group.inactive-grace.',
  ),
} as const
