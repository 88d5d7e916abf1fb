/**
 * Plain records returned by the Kafka module. Nothing outside src/kafka/ sees the client library's types.
 * Offsets are JS numbers: exact up to 2^53, which a partition cannot reach in practice.
 */
export interface BrokerRecord {
  readonly id: number
  readonly host: string
  readonly port: number
  readonly rack: string | null
}

export interface PartitionRecord {
  readonly partition: number
  /** -1 when the partition has no leader (offline). */
  readonly leader: number
  readonly leaderEpoch: number
  readonly replicas: readonly number[]
  readonly isr: readonly number[]
  readonly offlineReplicas: readonly number[]
  /** Kafka error code for this partition in the metadata response (e.g. 5 LEADER_NOT_AVAILABLE). */
  readonly errorCode: number
}

export interface TopicRecord {
  readonly name: string
  readonly id: string
  readonly internal: boolean
  readonly partitions: readonly PartitionRecord[]
  readonly errorCode: number
}

export interface ClusterMetadataRecord {
  readonly clusterId: string | null
  /** -1 when the cluster reports no active controller. */
  readonly controllerId: number
  readonly brokers: readonly BrokerRecord[]
  readonly topics: readonly TopicRecord[]
}

export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

export interface OffsetQuery extends TopicPartition {
  readonly leaderEpoch: number
}

export interface OffsetRecord extends TopicPartition {
  /** null when the broker answered with an error for this partition. */
  readonly offset: number | null
  readonly errorCode: number
}

/** Log start, high watermark (read-uncommitted latest), or last stable offset (read-committed latest). */
export type OffsetSpec = 'earliest' | 'latest' | 'lastStable'

export interface GroupListing {
  readonly groupId: string
  /** "consumer" for consumer groups of both protocols; "" for groups that store offsets only (e.g. via assign()). */
  readonly protocolType: string
  /** Upper-case state as Kafka reports it: STABLE, EMPTY, PREPARINGREBALANCE, ... (consumer groups: ASSIGNING, RECONCILING). */
  readonly state: string
  /** "classic" or "consumer" (KIP-848); "classic" when the broker predates group types. */
  readonly type: string
}

export interface CommittedOffset extends TopicPartition {
  readonly offset: number
}

export interface GroupOffsetsRecord {
  readonly groupId: string
  readonly errorCode: number
  readonly offsets: readonly CommittedOffset[]
}

export interface MemberRecord {
  readonly memberId: string
  readonly instanceId: string | null
  readonly clientId: string
  readonly clientHost: string
  readonly assignments: readonly TopicPartition[]
}

export interface GroupDescriptionRecord {
  readonly groupId: string
  readonly errorCode: number
  readonly state: string
  readonly protocolType: string
  /** Assignor name (classic: protocol, e.g. "range"; consumer: server assignor, e.g. "uniform"). */
  readonly assignor: string
  readonly members: readonly MemberRecord[]
}

export interface TopicConfigRecord {
  readonly topic: string
  readonly errorCode: number
  readonly configs: Readonly<Record<string, string | null>>
}

export interface RecordTimestampQuery extends TopicPartition {
  readonly topicId: string
  readonly leaderEpoch: number
  /** The committed offset: the first record the group has not consumed. */
  readonly offset: number
}

export interface RecordTimestamp extends TopicPartition {
  readonly offset: number
  readonly errorCode: number
  /** ms since epoch; null when no record at or after the offset came back (too big for the byte budget, or none). */
  readonly timestamp: number | null
  readonly timestampType: 'create' | 'append' | null
  /**
   * Nothing a read_committed consumer would read lies between the offset and the high watermark (only transaction
   * markers and records of aborted transactions, and no transaction is open): nothing is waiting to be consumed.
   */
  readonly markersOnly: boolean
  /**
   * Nothing readable lies between the offset and the last stable offset, which is below the high watermark: the
   * consumer waits on the oldest open transaction, whose first record is the one at the last stable offset.
   */
  readonly openTransaction: boolean
  /** The partition's last stable offset in this Fetch response; null when the broker did not say. */
  readonly lastStable: number | null
  /** Bytes of record batches the Fetch returned for the partition, on its first answer (0 on the others). */
  readonly bytes: number
}

/** One replica's log in a log directory, as DescribeLogDirs reports it. */
export interface ReplicaLogRecord extends TopicPartition {
  /** Bytes of its log segments on disk. */
  readonly sizeBytes: number
  /**
   * Current log: how far its end is behind the partition's high watermark. Future log: how far it is behind the
   * current log it will replace.
   */
  readonly offsetLag: number
  /** Created by AlterReplicaLogDirs: a copy being moved here that replaces the current log once it caught up. */
  readonly future: boolean
}

export interface LogDirRecord {
  /** Absolute path on the broker. */
  readonly path: string
  /** 0 when the directory is online; KAFKA_STORAGE_ERROR (56) when the broker took it offline after an I/O error. */
  readonly errorCode: number
  /** Size of the volume holding it; null before DescribeLogDirs v4 (Kafka 3.3), or where the broker cannot tell. */
  readonly totalBytes: number | null
  /** Bytes still usable on that volume; null likewise. */
  readonly usableBytes: number | null
  readonly replicas: readonly ReplicaLogRecord[]
}

/** A share-group member (KIP-932): share groups have no static membership, so no instance id. */
export interface ShareMemberRecord {
  readonly memberId: string
  readonly memberEpoch: number
  readonly clientId: string
  readonly clientHost: string
  readonly rackId: string | null
  readonly subscribedTopics: readonly string[]
  /** Partitions the member may fetch from; in a share group several members are assigned the same partition. */
  readonly assignments: readonly TopicPartition[]
}

/** A share group as its coordinator describes it (ShareGroupDescribe). */
export interface ShareGroupDescriptionRecord {
  readonly groupId: string
  readonly errorCode: number
  /** Upper-case, as for consumer groups: EMPTY, STABLE, DEAD, ... */
  readonly state: string
  readonly groupEpoch: number
  readonly assignmentEpoch: number
  readonly assignor: string
  readonly members: readonly ShareMemberRecord[]
}

/** A share-partition's start offset: the first record not yet acknowledged (or archived) by the share group. */
export interface ShareStartOffset extends TopicPartition {
  readonly startOffset: number
  readonly leaderEpoch: number
  /**
   * Records between the start offset and the high watermark not yet delivered-and-acknowledged, as the broker counts
   * it (DescribeShareGroupOffsets v1, which Kafka 4.4 answers); null where the broker does not say (v0, or -1 for unknown).
   */
  readonly lag: number | null
}

export interface ShareGroupOffsetsRecord {
  readonly groupId: string
  readonly errorCode: number
  /** Only partitions the group has a start offset for. */
  readonly offsets: readonly ShareStartOffset[]
  /** Per-partition errors (code and topic-partition), for the caller to report. */
  readonly partitionErrors: readonly (TopicPartition & { readonly errorCode: number })[]
}

/** Tasks assigned to a Kafka Streams member, by kind: one task per subtopology and input partition number. */
export interface StreamsTaskCounts {
  readonly active: number
  readonly standby: number
  readonly warmup: number
}

/** A Kafka Streams group member (KIP-1071); `assignments` are the input partitions of its active tasks. */
export interface StreamsMemberRecord extends MemberRecord {
  readonly memberEpoch: number
  /** The Streams instance (KafkaStreams object) this member is a thread of; one process may have several members. */
  readonly processId: string
  /** Epoch of the topology the member runs: below the group's while members still run an older version of the app. */
  readonly topologyEpoch: number
  /** Still on the classic protocol, not yet upgraded. */
  readonly isClassic: boolean
  readonly tasks: StreamsTaskCounts
}

/** A Kafka Streams group as its coordinator describes it (StreamsGroupDescribe). */
export interface StreamsGroupDescriptionRecord {
  readonly groupId: string
  readonly errorCode: number
  /** Upper-case: EMPTY, NOT_READY, ASSIGNING, RECONCILING, STABLE, DEAD. */
  readonly state: string
  readonly groupEpoch: number
  readonly assignmentEpoch: number
  /** null until the group's topology is initialized (and on a describe error). */
  readonly topologyEpoch: number | null
  /** null while the topology is not initialized, or its source topics are missing or wrongly partitioned. */
  readonly subtopologies: number | null
  /** The task assignor's name (v1+); "" where the broker does not say. */
  readonly assignor: string
  readonly members: readonly StreamsMemberRecord[]
}
