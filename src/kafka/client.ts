import { KafkascopeError } from '../errors.js'
import type { ApiCall } from './api-call.js'
import { BrokerLink } from './broker-link.js'
import type { KafkaClientOptions } from './client-options.js'

export type { KafkaClientOptions }

import { consumerGroupDescribeRequest } from './consumer-group-describe.js'
import { describeConfigsRequest } from './describe-configs.js'
import { describeGroupsRequest } from './describe-groups.js'
import { describeLogDirsRequest } from './describe-log-dirs.js'
import { describeQuorumRequest, type QuorumRecord } from './describe-quorum.js'
import { describeShareGroupOffsetsRequest } from './describe-share-group-offsets.js'
import { kafkaErrorName } from './error-names.js'
import { type FetchOptions, fetchByNameRequest, fetchRequest } from './fetch.js'
import { listGroupsRequest } from './list-groups.js'
import { listOffsetsRequest } from './list-offsets.js'
import { ListOffsetsBodies } from './list-offsets-bodies.js'
import { metadataRequest } from './metadata.js'
import { offsetFetchRequest } from './offset-fetch.js'
import { offsetFetchGroupRequest } from './offset-fetch-group.js'
import { toRecordTimestamps } from './read-committed.js'
import { type FetchedTopic, toOffsetTimestamps } from './record-timestamps.js'
import { shareGroupDescribeRequest } from './share-group-describe.js'
import type { KafkaApi, KafkaSource } from './source.js'
import { streamsGroupDescribeRequest } from './streams-group-describe.js'
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
 * The calls of APIs that not every supported Kafka has, by the name their collector asks `supports` about: their
 * version range is what the brokers' ApiVersions is checked against.
 */
const OPTIONAL_APIS: Partial<Record<KafkaApi, ApiCall<unknown>>> = {
  DescribeQuorum: describeQuorumRequest(),
  DescribeLogDirs: describeLogDirsRequest(),
  // Share groups (KIP-932): Kafka 4.1+ (ShareGroupDescribe v1; 4.0's early-access v0 is not spoken).
  ShareGroupDescribe: shareGroupDescribeRequest({ groupIds: [] }),
  DescribeShareGroupOffsets: describeShareGroupOffsetsRequest({ groupIds: [] }),
  // Streams groups (KIP-1071): Kafka 4.1+.
  StreamsGroupDescribe: streamsGroupDescribeRequest({ groupIds: [] }),
}

/**
 * Versions whose absence makes a request fall back, per broker (its ApiVersions): OffsetFetch v8 (Kafka 3.0,
 * KIP-709) asks for many groups at once, v6–v7 for one; Fetch v13 (Kafka 3.1, KIP-516) names topics by id, v12 by name.
 */
const MULTI_GROUP_OFFSET_FETCH = 8
const FETCH_BY_TOPIC_ID = 13

/**
 * The only place that speaks Kafka: each method is exactly one request (its API file builds and decodes it) to one
 * broker (broker-link.ts: connections, versions, failover) and returns per-partition/per-group error codes. Not the
 * library's high-level Admin calls, because those (a) look up coordinators with extra FindCoordinator requests,
 * (b) fail a whole call when one broker fails, and (c) discard partial responses.
 */
export class KafkaClient implements KafkaSource {
  readonly #link: BrokerLink
  /** Unchanged ListOffsets bodies sent again (list-offsets-bodies.ts). */
  readonly #listOffsetsBodies = new ListOffsetsBodies()

  constructor(options: KafkaClientOptions) {
    this.#link = new BrokerLink(options)
  }

  async metadata(): Promise<ClusterMetadataRecord> {
    const metadata = await this.#link.anyBroker(metadataRequest({ topics: 'all' }))
    this.#link.known = metadata.brokers.map((b) => ({ host: b.host, port: b.port }))
    return metadata
  }

  async listGroups(broker: BrokerRecord): Promise<GroupListing[]> {
    const { errorCode, groups } = await this.#link.request(broker, listGroupsRequest())
    if (errorCode !== 0) {
      throw new KafkascopeError(
        'KSC_KAFKA_REQUEST',
        `failed ListGroups on broker ${broker.id}: ${kafkaErrorName(errorCode)}`,
      )
    }
    return [...groups]
  }

  listOffsets(
    broker: BrokerRecord,
    partitions: readonly OffsetQuery[],
    spec: OffsetSpec,
  ): Promise<OffsetRecord[]> {
    return this.#link.request(
      broker,
      listOffsetsRequest({ partitions, spec }, { bodies: this.#listOffsetsBodies, broker: broker.id }),
    )
  }

  async fetchCommittedOffsets(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupOffsetsRecord[]> {
    if (await this.#link.hasVersion(broker, 'OffsetFetch', MULTI_GROUP_OFFSET_FETCH))
      return this.#link.request(broker, offsetFetchRequest({ groupIds }))
    const [groupId, ...more] = groupIds
    if (groupId === undefined || more.length > 0) {
      // The collector asks groupsPerOffsetFetch first; this is a bug guard, not a user-facing case.
      throw new KafkascopeError(
        'KSC_KAFKA_REQUEST',
        `failed to send OffsetFetch to broker ${broker.id}: it takes one group per request (before Kafka 3.0), asked for ${groupIds.length}`,
      )
    }
    return this.#link.request(broker, offsetFetchGroupRequest(groupId))
  }

  async groupsPerOffsetFetch(broker: BrokerRecord): Promise<number> {
    return (await this.#link.hasVersion(broker, 'OffsetFetch', MULTI_GROUP_OFFSET_FETCH))
      ? Number.POSITIVE_INFINITY
      : 1
  }

  describeClassicGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupDescriptionRecord[]> {
    return this.#link.request(broker, describeGroupsRequest({ groupIds }))
  }

  describeConsumerGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupDescriptionRecord[]> {
    return this.#link.request(broker, consumerGroupDescribeRequest({ groupIds }))
  }

  describeShareGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<ShareGroupDescriptionRecord[]> {
    return this.#link.request(broker, shareGroupDescribeRequest({ groupIds }))
  }

  describeStreamsGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<StreamsGroupDescriptionRecord[]> {
    return this.#link.request(broker, streamsGroupDescribeRequest({ groupIds }))
  }

  fetchShareGroupOffsets(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<ShareGroupOffsetsRecord[]> {
    return this.#link.request(broker, describeShareGroupOffsetsRequest({ groupIds }))
  }

  async fetchRecordTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    // Read-committed, as the groups that matter here read: the broker stops at the last stable offset and lists the
    // aborted transactions of the range, whose records read-committed.ts skips as a consumer does.
    const topics = await this.#fetch(broker, { queries, maxBytes, isolation: 'read_committed' })
    return decodingRecords(broker, () => toRecordTimestamps(queries, topics))
  }

  async fetchOpenTransactionTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    // Read-uncommitted: the record at the last stable offset is the open transaction's own, which read-committed hides.
    const topics = await this.#fetch(broker, { queries, maxBytes, isolation: 'read_uncommitted' })
    return decodingRecords(broker, () => toOffsetTimestamps(queries, topics))
  }

  async #fetch(broker: BrokerRecord, options: FetchOptions): Promise<readonly FetchedTopic[]> {
    const byId = await this.#link.hasVersion(broker, 'Fetch', FETCH_BY_TOPIC_ID)
    return (await this.#link.request(broker, byId ? fetchRequest(options) : fetchByNameRequest(options)))
      .topics
  }

  describeTopicConfigs(topics: readonly string[], keys: readonly string[]): Promise<TopicConfigRecord[]> {
    return this.#link.anyBroker(describeConfigsRequest({ topics, keys }))
  }

  async describeLogDirs(broker: BrokerRecord): Promise<LogDirRecord[]> {
    const { errorCode, dirs } = await this.#link.request(broker, describeLogDirsRequest())
    if (errorCode !== 0) {
      // CLUSTER_AUTHORIZATION_FAILED: the principal lacks DESCRIBE on the cluster resource.
      throw new KafkascopeError(
        'KSC_KAFKA_REQUEST',
        `failed DescribeLogDirs on broker ${broker.id}: ${kafkaErrorName(errorCode)}`,
      )
    }
    return [...dirs]
  }

  async describeQuorum(): Promise<QuorumRecord> {
    const quorum = await this.#link.anyBroker(describeQuorumRequest())
    if (quorum.errorCode !== 0) {
      const detail = quorum.errorMessage ? `: ${quorum.errorMessage}` : ''
      throw new KafkascopeError(
        'KSC_KAFKA_REQUEST',
        `failed DescribeQuorum: ${kafkaErrorName(quorum.errorCode)}${detail}`,
      )
    }
    return quorum
  }

  supports(api: KafkaApi): boolean {
    const call = OPTIONAL_APIS[api]
    // The APIs every supported Kafka (3.1+) has need no check.
    return call === undefined || this.#link.supports(call)
  }

  async close(): Promise<void> {
    await this.#link.close()
  }
}

/**
 * Records are decoded only when read (record-batches.ts), after the response: a batch that cannot be (corrupt, or
 * compressed with a codec this Node lacks: zstd before 22.15) fails the leader's Fetch as the library's parser did.
 */
function decodingRecords<T>(broker: BrokerRecord, read: () => T): T {
  try {
    return read()
  } catch (error) {
    throw new KafkascopeError('KSC_KAFKA_REQUEST', `failed to read the Fetch answer of broker ${broker.id}`, {
      cause: error,
    })
  }
}
