import type { QuorumRecord } from './describe-quorum.js'
import type {
  BrokerRecord,
  ClusterMetadataRecord,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
  LogDirRecord,
  OffsetQuery,
  OffsetRecord,
  OffsetSpec,
  RecordTimestamp,
  RecordTimestampQuery,
  ShareGroupDescriptionRecord,
  ShareGroupOffsetsRecord,
  StreamsGroupDescriptionRecord,
  TopicConfigRecord,
} from './types.js'

/**
 * The narrow interface collectors use. Each method sends exactly one request (to the broker given, or to any
 * broker for cluster-wide calls), so a poll's request count is the number of calls: the budget is checkable.
 * Unit tests pass a fake; the real implementation is ./client.ts.
 */
export interface KafkaSource {
  /** Metadata for the whole cluster (all topics), from any reachable broker. */
  metadata(): Promise<ClusterMetadataRecord>
  /** Groups this broker coordinates: ListGroups answers only for the asking broker's own groups. */
  listGroups(broker: BrokerRecord): Promise<GroupListing[]>
  /** Log start, high watermark or last stable offsets of partitions this broker leads. */
  listOffsets(
    broker: BrokerRecord,
    partitions: readonly OffsetQuery[],
    spec: OffsetSpec,
  ): Promise<OffsetRecord[]>
  /**
   * Committed offsets of groups from their coordinator in one OffsetFetch: many at once (v8+), or one where the
   * broker predates Kafka 3.0 (see groupsPerOffsetFetch).
   */
  fetchCommittedOffsets(broker: BrokerRecord, groupIds: readonly string[]): Promise<GroupOffsetsRecord[]>
  /**
   * How many groups one OffsetFetch to this broker may ask for: Infinity (v8+), or 1 before Kafka 3.0. Sends no
   * request of its own (the versions come from the connection's ApiVersions, asked once per broker).
   */
  groupsPerOffsetFetch(broker: BrokerRecord): Promise<number>
  /** Classic-protocol groups (DescribeGroups). */
  describeClassicGroups(broker: BrokerRecord, groupIds: readonly string[]): Promise<GroupDescriptionRecord[]>
  /** KIP-848 consumer-protocol groups (ConsumerGroupDescribe). */
  describeConsumerGroups(broker: BrokerRecord, groupIds: readonly string[]): Promise<GroupDescriptionRecord[]>
  /**
   * Timestamps of the first record at or after each offset that a read_committed consumer would be given, from their
   * leader, in one Fetch of at most `maxBytes` (aborted records and markers skipped; see read-committed.ts).
   * Used for lag in seconds; records never change, so callers cache the answers.
   */
  fetchRecordTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]>
  /**
   * Timestamps of the records at the given offsets read-uncommitted, in one Fetch of at most `maxBytes`: for the
   * first record of the oldest open transaction, at a partition's last stable offset.
   */
  fetchOpenTransactionTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]>
  /** Share groups (KIP-932, ShareGroupDescribe), from their coordinator. */
  describeShareGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<ShareGroupDescriptionRecord[]>
  /** Kafka Streams groups (KIP-1071, StreamsGroupDescribe), from their coordinator. */
  describeStreamsGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<StreamsGroupDescriptionRecord[]>
  /** Share-partition start offsets of many share groups at once (DescribeShareGroupOffsets), from their coordinator. */
  fetchShareGroupOffsets(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<ShareGroupOffsetsRecord[]>
  /** Selected configs of topics, from any reachable broker. */
  describeTopicConfigs(topics: readonly string[], keys: readonly string[]): Promise<TopicConfigRecord[]>
  /**
   * The KRaft quorum (DescribeQuorum), from any reachable broker (which forwards it to the active controller).
   * Throws on a Kafka error code, so a quorum without a leader to answer is a failed request.
   */
  describeQuorum(): Promise<QuorumRecord>
  /**
   * Whether the brokers implement `api` at a version kafkascope can use, from the ApiVersions answer already read
   * (false until a broker answered; after a good Metadata it is known). Sends nothing, so it is not counted.
   */
  supports(api: KafkaApi): boolean
  /** Every log directory of this broker with the size of each replica in it (DescribeLogDirs). */
  describeLogDirs(broker: BrokerRecord): Promise<LogDirRecord[]>
  close(): Promise<void>
}

/** Names used to count requests per poll; one per KafkaSource method that talks to Kafka. */
export const KAFKA_APIS = [
  'Metadata',
  'ListGroups',
  'ListOffsets',
  'OffsetFetch',
  'DescribeGroups',
  'ConsumerGroupDescribe',
  'DescribeConfigs',
  'Fetch',
  'DescribeQuorum',
  'DescribeLogDirs',
  'ShareGroupDescribe',
  'DescribeShareGroupOffsets',
  'StreamsGroupDescribe',
] as const
export type KafkaApi = (typeof KAFKA_APIS)[number]
