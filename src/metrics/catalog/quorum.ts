import { gauge } from './family.js'

/** Labels of the per-replica quorum families: the node id and whether it votes. */
export const QUORUM_REPLICA_LABELS = ['replica_id', 'role'] as const

/**
 * The KRaft quorum of the metadata log, from DescribeQuorum (absent where the brokers lack it: ZooKeeper mode).
 * The active controller itself is kafka_cluster_controller_id. Ages are as of the poll, on the leader's clock.
 */
export const QUORUM_FAMILIES = {
  quorumLeaderEpoch: gauge(
    'cluster',
    'kafka_quorum_leader_epoch',
    [],
    'Epoch of the KRaft quorum leader (the active controller); it grows with every election.',
  ),
  quorumHighWatermark: gauge(
    'cluster',
    'kafka_quorum_high_watermark',
    [],
    'High watermark of the KRaft metadata log (__cluster_metadata): the offset up to which a majority of voters has replicated.',
  ),
  quorumReplica: gauge(
    'cluster',
    'kafka_quorum_replica_info',
    QUORUM_REPLICA_LABELS,
    'A voter or observer of the KRaft quorum, whether or not the leader knows its offsets and fetch times; value is always 1.',
  ),
  quorumReplicaLogEndOffset: gauge(
    'cluster',
    'kafka_quorum_replica_log_end_offset',
    QUORUM_REPLICA_LABELS,
    'Log end offset of a voter or observer of the KRaft metadata log, as the quorum leader knows it; absent when unknown.',
  ),
  quorumReplicaLag: gauge(
    'cluster',
    'kafka_quorum_replica_lag',
    QUORUM_REPLICA_LABELS,
    "Records of the KRaft metadata log a voter or observer is behind the leader's log end offset (0 for the leader), as kafka-metadata-quorum --replication shows; absent when unknown.",
  ),
  quorumReplicaLastFetchAge: gauge(
    'cluster',
    'kafka_quorum_replica_last_fetch_age_seconds',
    QUORUM_REPLICA_LABELS,
    'Seconds since a voter or observer last fetched from the quorum leader, as of the poll (0 for the leader); absent when unknown (never fetched, or a broker that answers only DescribeQuorum v0).',
  ),
  quorumReplicaLastCaughtUpAge: gauge(
    'cluster',
    'kafka_quorum_replica_last_caught_up_age_seconds',
    QUORUM_REPLICA_LABELS,
    "Seconds since a voter or observer was last caught up with the leader's log end offset, as of the poll (0 for the leader); absent when unknown.",
  ),
} as const
