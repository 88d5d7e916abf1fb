/**
 * Every metric family kafkascope exposes, declared once. The renderer, the README table, dashboards and alert
 * rules import these objects, so a misspelt or removed metric fails to compile rather than silently going blank.
 * Names in the kafka_exporter section are kept exactly so Grafana dashboard 7589 and common alert rules still work.
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
  readonly area: 'cluster' | 'topic' | 'consumergroup' | 'exporter'
}

function gauge<const Labels extends readonly string[]>(
  area: Family['area'],
  name: string,
  labels: Labels,
  help: string,
): Family<Labels[number], Labels> {
  return { name, help, type: 'gauge', labels, area }
}

function counter<const Labels extends readonly string[]>(
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
export const PARTITION_LABELS = ['topic', 'partition'] as const
export const GROUP_TOPIC_LABELS = ['consumergroup', 'topic'] as const
export const GROUP_PARTITION_LABELS = ['consumergroup', 'topic', 'partition'] as const

/** Every family by a short key: `FAMILY.groupLag` in emitters, dashboards and alerts. */
export const FAMILY = {
  // --- kafka_exporter-compatible -------------------------------------------------------------------------------
  brokers: gauge('cluster', 'kafka_brokers', [], 'Number of Brokers in the Kafka Cluster.'),
  brokerInfo: gauge(
    'cluster',
    'kafka_broker_info',
    ['id', 'address', 'rack'],
    'Information about the Kafka Broker.',
  ),
  topicPartitions: gauge('topic', 'kafka_topic_partitions', ['topic'], 'Number of partitions for this Topic'),
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
    ['consumergroup'],
    'Amount of members in a consumer group',
  ),

  // --- kafkascope additions ------------------------------------------------------------------------------------
  clusterInfo: gauge('cluster', 'kafka_cluster_info', ['cluster_id'], 'Kafka cluster id; value is always 1.'),
  controller: gauge(
    'cluster',
    'kafka_cluster_controller_id',
    [],
    'Broker id of the active controller as reported in the metadata (-1 when none).',
  ),
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
    ['topic'],
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
    ['topic'],
    'Replication factor of the topic (replicas of its partition 0).',
  ),
  topicMinIsr: gauge(
    'topic',
    'kafka_topic_min_insync_replicas',
    ['topic'],
    'Effective min.insync.replicas of the topic.',
  ),
  topicRetention: gauge(
    'topic',
    'kafka_topic_retention_seconds',
    ['topic'],
    'Effective retention.ms of the topic in seconds; absent when retention is unlimited.',
  ),
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
    ['consumergroup'],
    'Largest lag in messages over all partitions of the group.',
  ),
  groupMaxLagSeconds: gauge(
    'consumergroup',
    'kafka_consumergroup_max_lag_seconds',
    ['consumergroup'],
    'Largest lag in seconds over all partitions of the group.',
  ),
  groupStatus: gauge(
    'consumergroup',
    'kafka_consumergroup_status',
    ['consumergroup', 'status'],
    'Consumer group status judged over --status.window, one series per status, 1 for the current one: ok, unknown (lag over --status.allowed-lag but not judged yet: too little of the window observed, commits too rare, or lag unknown), lagging (consuming, but lag grows beyond its sawtooth: slower than producers), stopped (no member consumes and the offset does not move while lag waits), stalled (a member is assigned but the offset does not move), rewound (offset went backwards), data_lost (committed below the log start), no_offset (nothing committed). Absent once a group without members has not moved its offsets for --group.inactive-grace.',
  ),

  // --- the exporter itself -------------------------------------------------------------------------------------
  up: gauge('exporter', 'kafkascope_up', [], '1 if the last poll could read the cluster metadata, else 0.'),
  buildInfo: gauge(
    'exporter',
    'kafkascope_build_info',
    ['version', 'nodeversion'],
    'kafkascope build information; value is always 1.',
  ),
  pollDuration: gauge(
    'exporter',
    'kafkascope_poll_duration_seconds',
    [],
    'Wall time of the last poll of Kafka.',
  ),
  lastSuccess: gauge(
    'exporter',
    'kafkascope_last_poll_success_timestamp_seconds',
    [],
    'Start time of the last poll that read the cluster metadata (Unix seconds).',
  ),
  dataAge: gauge(
    'exporter',
    'kafkascope_data_age_seconds',
    [],
    'Age of the Kafka data being served: seconds since the start of the last successful poll. Kafka is polled in the background, never on scrape.',
  ),
  collectorDuration: gauge(
    'exporter',
    'kafkascope_collector_duration_seconds',
    ['collector'],
    'Wall time of each collector in the last poll.',
  ),
  collectorSuccess: gauge(
    'exporter',
    'kafkascope_collector_success',
    ['collector'],
    '1 if every request of the collector succeeded in the last poll.',
  ),
  pollRequests: gauge(
    'exporter',
    'kafkascope_poll_requests',
    ['api'],
    'Requests sent to Kafka by the last poll, per Kafka API.',
  ),
  polls: counter('exporter', 'kafkascope_polls_total', [], 'Polls of Kafka since start.'),
  pollFailures: counter(
    'exporter',
    'kafkascope_poll_failures_total',
    [],
    'Polls since start that could not read the cluster metadata.',
  ),
} as const

/** The same families as a list, in declaration order (README table, config validation, tests). */
export const FAMILIES: readonly Family[] = Object.values(FAMILY)
