import type { KafkaApi } from '../kafka/source.js'
import type {
  BrokerRecord,
  CommittedOffset,
  MemberRecord,
  ReplicaLogRecord,
  ShareMemberRecord,
  ShareStartOffset,
} from '../kafka/types.js'

/**
 * One immutable picture of the cluster, built by one poll. Everything downstream (analysis, metrics, API) reads
 * only this; nothing reaches back to Kafka. Arrays are sorted by name/number so output is deterministic.
 */
export interface Snapshot {
  /** When the poll started (ms since epoch); offsets were read after this. */
  readonly startedAt: number
  readonly durationMs: number
  /** True when the cluster metadata could be read in this poll. */
  readonly up: boolean
  /** Start time of the last poll whose metadata succeeded, or null if none has yet. */
  readonly lastSuccessAt: number | null
  readonly cluster: ClusterState | null
  readonly topics: readonly TopicState[]
  readonly groups: readonly GroupState[]
  /** Share groups (KIP-932, Kafka 4.1+); empty where the brokers have none or do not implement them. */
  readonly shareGroups: readonly ShareGroupState[]
  readonly collectors: readonly CollectorResult[]
  readonly requests: Readonly<Record<KafkaApi, number>>
  /**
   * The KRaft quorum as the active controller describes it (collectors/quorum.ts); absent when it could not be
   * read this poll or the brokers lack DescribeQuorum.
   */
  readonly quorum?: QuorumState
  /** Log directories per broker (read every --log-dirs.refresh-interval); absent when not collected or not supported. */
  readonly logDirs?: LogDirsState
  /** Collectors left out because the brokers lack their API (no result, no kafkascope_collector_* series). */
  readonly skipped?: readonly SkippedCollector[]
}

export interface SkippedCollector {
  readonly name: CollectorName
  /** Why, for the debug log: "the brokers do not support DescribeQuorum". */
  readonly reason: string
}

export interface QuorumState {
  /** Node id of the quorum leader: the active controller; -1 when the quorum has none. */
  readonly leaderId: number
  readonly leaderEpoch: number
  /** High watermark of the metadata log (__cluster_metadata). */
  readonly highWatermark: number
  /** Voters first, then observers, each by replica id. */
  readonly replicas: readonly QuorumReplicaState[]
}

export interface QuorumReplicaState {
  readonly replicaId: number
  readonly role: 'voter' | 'observer'
  /** null when the leader does not know it (yet). */
  readonly logEndOffset: number | null
  /** Records behind the leader's log end offset; null when either end offset is unknown. */
  readonly lag: number | null
  /**
   * Seconds between the replica's last fetch (last caught up) and the leader's clock at the answer; null when the
   * leader reports it as unknown (-1; and always from brokers that answer only DescribeQuorum v0).
   */
  readonly lastFetchAgeSeconds: number | null
  readonly lastCaughtUpAgeSeconds: number | null
}

export interface ClusterState {
  readonly id: string | null
  /**
   * The active controller: the KRaft quorum leader (-1 when the quorum has none), or Metadata's controller where the
   * brokers lack DescribeQuorum (ZooKeeper mode); null when DescribeQuorum failed this poll.
   */
  readonly controllerId: number | null
  readonly brokers: readonly BrokerRecord[]
}

export interface TopicState {
  readonly name: string
  readonly internal: boolean
  /** From topic configs (refreshed less often than offsets); null until known. */
  readonly minInsyncReplicas: number | null
  readonly retentionMs: number | null
  readonly partitions: readonly PartitionState[]
}

export interface PartitionState {
  readonly partition: number
  readonly leader: number
  readonly replicas: readonly number[]
  readonly isr: readonly number[]
  readonly offlineReplicas: readonly number[]
  /** Log start offset; null when the leader could not be asked in this poll. */
  readonly earliest: number | null
  /** High watermark; null when the leader could not be asked in this poll. */
  readonly latest: number | null
  /**
   * Last stable offset: read_committed consumers are given records up to here. Below the high watermark while a
   * transaction is open (its first record is the one at this offset); null when the leader could not be asked.
   */
  readonly lastStable: number | null
  /**
   * Timestamp (ms) of the record at the last stable offset while it is below the high watermark: when the oldest
   * open transaction began writing. null when no transaction is open or the record was not read (yet).
   */
  readonly openTransactionTimestamp: number | null
}

export interface GroupState {
  readonly groupId: string
  /** Broker id of the group coordinator. */
  readonly coordinator: number
  /** "classic", "consumer" (KIP-848) or "streams" (KIP-1071). */
  readonly type: string
  readonly protocolType: string
  /** Upper-case, as Kafka reports it (STABLE, EMPTY, ...). */
  readonly state: string
  readonly assignor: string
  /** null when the group could not be described in this poll. */
  readonly members: readonly MemberRecord[] | null
  /** Committed offsets, only partitions that have one; null when they could not be fetched in this poll. */
  readonly offsets: readonly CommittedOffsetState[] | null
  /** What only StreamsGroupDescribe tells of a Kafka Streams group (type "streams"); absent when not described. */
  readonly streams?: StreamsGroupFacts
}

export interface StreamsGroupFacts {
  readonly groupEpoch: number
  readonly assignmentEpoch: number
  /** null until the topology is initialized. */
  readonly topologyEpoch: number | null
  /** null while the topology is not initialized, or its source topics are missing or wrongly partitioned. */
  readonly subtopologies: number | null
  /** In the order of GroupState.members, whose assignments are these members' active tasks' input partitions. */
  readonly members: readonly StreamsMemberFacts[]
}

export interface StreamsMemberFacts {
  readonly memberId: string
  readonly processId: string
  readonly topologyEpoch: number
  readonly activeTasks: number
  readonly standbyTasks: number
  readonly warmupTasks: number
}

export interface CommittedOffsetState extends CommittedOffset {
  /**
   * Timestamp (ms) of the first record after the committed offset that a read_committed consumer would be given, i.e.
   * the first one the group waits for; when only aborted records and markers lie before an open transaction, that
   * transaction's first record. null when not read (caught up, not yet read within the byte budget, or the topic's
   * records carry no timestamp).
   */
  readonly recordTimestamp: number | null
  /**
   * Nothing a read_committed consumer would read follows the committed offset (only transaction markers and records
   * of aborted transactions, and no transaction is open): caught up, although the lag in messages counts them.
   */
  readonly markersOnly: boolean
}

export interface LogDirsState {
  /** Brokers of the metadata whose log directories have been read at least once, by id. */
  readonly brokers: readonly BrokerLogDirs[]
}

export interface BrokerLogDirs {
  readonly broker: number
  /** Start of the poll that read them (ms): values are carried over until the next refresh. */
  readonly readAt: number
  readonly dirs: readonly LogDirState[]
}

export interface LogDirState {
  readonly path: string
  /** False when the broker answered an error for it (KAFKA_STORAGE_ERROR: taken offline after an I/O error). */
  readonly online: boolean
  readonly errorCode: number
  /** Volume size and usable bytes (Kafka 3.3+); null when the broker does not say. */
  readonly totalBytes: number | null
  readonly usableBytes: number | null
  /** Bytes of every log in it, of all topics whatever the topic filter, future logs included. */
  readonly sizeBytes: number
  /** Replicas being moved into it (future logs) and how many messages they are still behind in total. */
  readonly futureReplicas: number
  readonly futureOffsetLag: number
  /** Logs of the topics the filter keeps (current and future), by topic and partition. */
  readonly replicas: readonly ReplicaLogRecord[]
}

export interface ShareGroupState {
  readonly groupId: string
  /** Broker id of the group coordinator. */
  readonly coordinator: number
  /** Upper-case, as Kafka reports it (STABLE, EMPTY, ...). */
  readonly state: string
  /** null when the group could not be described in this poll (as are assignor and members). */
  readonly groupEpoch: number | null
  readonly assignor: string
  readonly members: readonly ShareMemberRecord[] | null
  /** Start offset per share-partition the group has state for; null when they could not be fetched in this poll. */
  readonly offsets: readonly ShareStartOffset[] | null
}

export interface CollectorResult {
  readonly name: CollectorName
  readonly success: boolean
  readonly durationMs: number
  /** What failed, for logs and the API; absent on success. Never contains credentials. */
  readonly errors: readonly string[]
}

/**
 * The `collector` label values of kafkascope_collector_*, in the order they are written. A collector (see
 * collectors.ts) reports under one or more of these names.
 */
export const COLLECTOR_NAMES = [
  'metadata',
  'topic_configs',
  'groups',
  'group_members',
  'group_offsets',
  'streams_groups',
  'share_groups',
  'share_group_offsets',
  'partition_offsets',
  'record_timestamps',
  'quorum',
  'log_dirs',
] as const
export type CollectorName = (typeof COLLECTOR_NAMES)[number]
