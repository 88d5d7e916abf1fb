import { gauge, TOPIC_LABELS } from './family.js'

/** The labels of a broker's log directory, shared by its families. */
export const LOG_DIR_LABELS = ['broker_id', 'log_dir'] as const
export const REPLICA_LOG_LABELS = ['topic', 'partition', 'broker_id', 'log_dir'] as const

/**
 * The brokers' log directories and the size of the logs in them, from DescribeLogDirs, read every
 * --log-dirs.refresh-interval (1 minute by default) rather than every poll: between reads the last values are served.
 */
export const LOG_DIR_FAMILIES = {
  logDirOnline: gauge(
    'cluster',
    'kafka_log_dir_online',
    LOG_DIR_LABELS,
    '1 if the log directory of the broker is online, 0 if the broker took it offline (KAFKA_STORAGE_ERROR after an I/O error): its replicas are offline there.',
  ),
  logDirTotalBytes: gauge(
    'cluster',
    'kafka_log_dir_total_bytes',
    LOG_DIR_LABELS,
    'Size in bytes of the volume holding the log directory (Kafka 3.3+; absent where the broker does not say).',
  ),
  logDirUsableBytes: gauge(
    'cluster',
    'kafka_log_dir_usable_bytes',
    LOG_DIR_LABELS,
    'Bytes still usable on the volume holding the log directory (Kafka 3.3+; absent where the broker does not say).',
  ),
  logDirSize: gauge(
    'cluster',
    'kafka_log_dir_size_bytes',
    LOG_DIR_LABELS,
    'Bytes of the log segments of every replica in the log directory, of all topics (whatever --topic.filter), logs being moved in included.',
  ),
  logDirFutureReplicas: gauge(
    'cluster',
    'kafka_log_dir_future_replicas',
    LOG_DIR_LABELS,
    'Replicas being moved into the log directory (future logs of kafka-reassign-partitions --reassignment-json-file with log_dirs); 0 when none.',
  ),
  logDirFutureOffsetLag: gauge(
    'cluster',
    'kafka_log_dir_future_offset_lag',
    LOG_DIR_LABELS,
    'Messages the replicas being moved into the log directory are still behind the logs they will replace, summed; 0 when none.',
  ),
  topicLogSize: gauge(
    'topic',
    'kafka_topic_log_size_bytes',
    TOPIC_LABELS,
    'Bytes on disk of the topic: its log segments summed over all replicas on all brokers, logs being moved excluded (kept with --metrics.granularity=topic).',
  ),
  topicLeaderLogSize: gauge(
    'topic',
    'kafka_topic_leader_log_size_bytes',
    TOPIC_LABELS,
    "Bytes of the topic's leader replicas' log segments: its size counted once, without the copies on followers (kept with --metrics.granularity=topic).",
  ),
  partitionReplicaLogSize: gauge(
    'topic',
    'kafka_topic_partition_log_size_bytes',
    REPLICA_LOG_LABELS,
    'Bytes of the log segments of one replica of a Topic/Partition, per broker and log directory (logs being moved excluded).',
  ),
} as const
