import { KafkascopeError } from '../errors.js'
import { BrokerLink, type KafkaClientOptions } from './broker-link.js'
import { consumerGroupDescribeRequest } from './consumer-group-describe.js'
import { describeConfigsRequest } from './describe-configs.js'
import { describeGroupsRequest } from './describe-groups.js'
import { describeShareGroupOffsetsRequest } from './describe-share-group-offsets.js'
import { kafkaErrorName } from './error-names.js'
import { type FetchOptions, fetchRequest } from './fetch.js'
import { listGroupsRequest } from './list-groups.js'
import { listOffsetsRequest } from './list-offsets.js'
import { metadataRequest } from './metadata.js'
import { offsetFetchRequest } from './offset-fetch.js'
import { toRecordTimestamps } from './read-committed.js'
import { type FetchedTopic, toOffsetTimestamps } from './record-timestamps.js'
import { shareGroupDescribeRequest } from './share-group-describe.js'
import type { KafkaApi, KafkaSource } from './source.js'
import type {
  BrokerRecord,
  ClusterMetadataRecord,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
  OffsetQuery,
  OffsetRecord,
  OffsetSpec,
  RecordTimestamp,
  RecordTimestampQuery,
  ShareGroupDescriptionRecord,
  ShareGroupOffsetsRecord,
  TopicConfigRecord,
} from './types.js'

export type { KafkaClientOptions }

export interface KafkaClientHooks {
  /** Called once per API the brokers turn out not to implement (their collector is skipped): for a debug line. */
  onUnsupported?: (api: KafkaApi) => void
}

/**
 * The only place that speaks Kafka: each method is exactly one request (its API file builds and decodes it) to one
 * broker (broker-link.ts: connections, versions, failover) and returns per-partition/per-group error codes. Not the
 * library's high-level Admin calls, because those (a) look up coordinators with extra FindCoordinator requests,
 * (b) fail a whole call when one broker fails, and (c) discard partial responses.
 */
export class KafkaClient implements KafkaSource {
  readonly #link: BrokerLink
  readonly #onUnsupported: KafkaClientHooks['onUnsupported']
  readonly #unsupported = new Set<KafkaApi>()

  constructor(options: KafkaClientOptions & KafkaClientHooks) {
    this.#link = new BrokerLink(options)
    this.#onUnsupported = options.onUnsupported
  }

  async supports(api: KafkaApi): Promise<boolean> {
    // Unknown before any ApiVersions answer: the request is tried, and fails as any other would.
    const supported = this.#link.apis?.has(api) ?? true
    if (!supported && !this.#unsupported.has(api)) {
      this.#unsupported.add(api)
      this.#onUnsupported?.(api)
    }
    return supported
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
    return this.#link.request(broker, listOffsetsRequest({ partitions, spec }))
  }

  fetchCommittedOffsets(broker: BrokerRecord, groupIds: readonly string[]): Promise<GroupOffsetsRecord[]> {
    return this.#link.request(broker, offsetFetchRequest({ groupIds }))
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
    return (await this.#link.request(broker, fetchRequest(options))).topics
  }

  describeTopicConfigs(topics: readonly string[], keys: readonly string[]): Promise<TopicConfigRecord[]> {
    return this.#link.anyBroker(describeConfigsRequest({ topics, keys }))
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
