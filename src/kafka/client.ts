import { KafkascopeError } from '../errors.js'
import type { RawApi } from './api-table.js'
import { decodeConsumerAssignment } from './assignment.js'
import { BrokerLink, type KafkaClientOptions } from './broker-link.js'
import { consumerGroupDescribe, type DescribedConsumerGroup } from './consumer-group-describe.js'
import { kafkaErrorName } from './error-names.js'
import { toRecordTimestamps } from './read-committed.js'
import { type FetchedPartition, fetchTopics, toOffsetTimestamps } from './record-timestamps.js'
import type { KafkaSource } from './source.js'
import type {
  BrokerRecord,
  ClusterMetadataRecord,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
  MemberRecord,
  OffsetQuery,
  OffsetRecord,
  OffsetSpec,
  RecordTimestamp,
  RecordTimestampQuery,
  TopicConfigRecord,
} from './types.js'

export type { KafkaClientOptions }

const EARLIEST = -2n
const LATEST = -1n
const READ_UNCOMMITTED = 0
const READ_COMMITTED = 1
const TOPIC_RESOURCE = 2

/**
 * The only place that speaks Kafka (with broker-link.ts for connections and failover). It uses @platformatic/kafka's
 * connection pool and versioned protocol implementations directly, not its high-level Admin calls, because those (a) look up coordinators with extra
 * FindCoordinator requests, (b) fail a whole call when one broker fails, and (c) discard partial responses.
 * Here every method is exactly one request to one broker and returns per-partition/per-group error codes.
 */
export class KafkaClient implements KafkaSource {
  readonly #link: BrokerLink

  constructor(options: KafkaClientOptions) {
    this.#link = new BrokerLink(options)
  }

  async metadata(): Promise<ClusterMetadataRecord> {
    const response = (await this.#link.anyBroker('Metadata', () => [null, false, false])) as {
      clusterId: string | null
      controllerId: number
      brokers: { nodeId: number; host: string; port: number; rack: string | null }[]
      topics: {
        errorCode: number
        name: string | null
        topicId: string
        isInternal: boolean
        partitions: {
          errorCode: number
          partitionIndex: number
          leaderId: number
          leaderEpoch: number
          replicaNodes: number[]
          isrNodes: number[]
          offlineReplicas: number[]
        }[]
      }[]
    }
    const brokers = response.brokers.map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      rack: b.rack ?? null,
    }))
    this.#link.known = brokers.map((b) => ({ host: b.host, port: b.port }))
    return {
      clusterId: response.clusterId ?? null,
      controllerId: response.controllerId,
      brokers,
      topics: response.topics
        .filter((t) => t.name !== null)
        .map((t) => ({
          name: t.name as string,
          id: t.topicId,
          internal: t.isInternal,
          errorCode: t.errorCode,
          partitions: t.partitions.map((p) => ({
            partition: p.partitionIndex,
            leader: p.leaderId,
            leaderEpoch: p.leaderEpoch,
            replicas: p.replicaNodes,
            isr: p.isrNodes,
            offlineReplicas: p.offlineReplicas,
            errorCode: p.errorCode,
          })),
        })),
    }
  }

  async listGroups(broker: BrokerRecord): Promise<GroupListing[]> {
    const response = (await this.#link.request(broker, 'ListGroups', (v) => (v >= 5 ? [[], []] : [[]]))) as {
      errorCode: number
      groups: { groupId: string; protocolType: string; groupState: string; groupType?: string }[]
    }
    throwOnTopLevelError('ListGroups', broker, response.errorCode)
    return response.groups.map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType,
      state: g.groupState.toUpperCase(),
      type: (g.groupType || 'classic').toLowerCase(),
    }))
  }

  async listOffsets(
    broker: BrokerRecord,
    partitions: readonly OffsetQuery[],
    spec: OffsetSpec,
  ): Promise<OffsetRecord[]> {
    const timestamp = spec === 'earliest' ? EARLIEST : LATEST
    const byTopic = new Map<
      string,
      {
        name: string
        partitions: { partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }[]
      }
    >()
    for (const p of partitions) {
      let topic = byTopic.get(p.topic)
      if (!topic) {
        topic = { name: p.topic, partitions: [] }
        byTopic.set(p.topic, topic)
      }
      topic.partitions.push({ partitionIndex: p.partition, currentLeaderEpoch: p.leaderEpoch, timestamp })
    }
    const response = (await this.#link.request(broker, 'ListOffsets', () => [
      -1,
      // Read-committed "latest" is the last stable offset: below the high watermark while a transaction is open.
      spec === 'lastStable' ? READ_COMMITTED : READ_UNCOMMITTED,
      [...byTopic.values()],
    ])) as {
      topics: { name: string; partitions: { partitionIndex: number; errorCode: number; offset: bigint }[] }[]
    }
    const out: OffsetRecord[] = []
    for (const t of response.topics) {
      for (const p of t.partitions) {
        out.push({
          topic: t.name,
          partition: p.partitionIndex,
          errorCode: p.errorCode,
          offset: p.errorCode === 0 && p.offset >= 0n ? Number(p.offset) : null,
        })
      }
    }
    return out
  }

  async fetchCommittedOffsets(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupOffsetsRecord[]> {
    const groups = groupIds.map((groupId) => ({ groupId, memberId: null, memberEpoch: -1, topics: null }))
    const response = (await this.#link.request(broker, 'OffsetFetch', () => [groups, false])) as {
      groups: {
        groupId: string
        errorCode: number
        topics: {
          name: string
          partitions: { partitionIndex: number; committedOffset: bigint; errorCode: number }[]
        }[]
      }[]
    }
    return response.groups.map((g) => ({
      groupId: g.groupId,
      errorCode: g.errorCode,
      offsets: g.topics.flatMap((t) =>
        t.partitions
          // -1 = no committed offset for this partition; the group simply has none, which is not an error.
          .filter((p) => p.errorCode === 0 && p.committedOffset >= 0n)
          .map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset) })),
      ),
    }))
  }

  async describeClassicGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupDescriptionRecord[]> {
    const response = (await this.#link.request(broker, 'DescribeGroups', () => [[...groupIds], false])) as {
      groups: {
        errorCode: number
        groupId: string
        groupState: string
        protocolType: string
        protocolData: string
        members: {
          memberId: string
          groupInstanceId: string | null
          clientId: string
          clientHost: string
          memberAssignment: Buffer
        }[]
      }[]
    }
    return response.groups.map((g) => ({
      groupId: g.groupId,
      errorCode: g.errorCode,
      state: g.groupState.toUpperCase(),
      protocolType: g.protocolType,
      assignor: g.protocolData,
      members: g.members.map(
        (m): MemberRecord => ({
          memberId: m.memberId,
          instanceId: m.groupInstanceId ?? null,
          clientId: m.clientId,
          clientHost: m.clientHost,
          assignments: g.protocolType === 'consumer' ? decodeConsumerAssignment(m.memberAssignment) : [],
        }),
      ),
    }))
  }

  async describeConsumerGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupDescriptionRecord[]> {
    // Our own parser, not the library's (see consumer-group-describe.ts); v0 is the only version brokers must have.
    const response = (await this.#link.requestWith(
      broker,
      'ConsumerGroupDescribe',
      consumerGroupDescribe as unknown as RawApi,
      [[...groupIds], false],
    )) as { groups: DescribedConsumerGroup[] }
    return response.groups.map((g) => ({
      groupId: g.groupId,
      errorCode: g.errorCode,
      state: g.groupState.toUpperCase(),
      protocolType: 'consumer',
      assignor: g.assignorName,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignments: m.assignment.flatMap((tp) =>
          tp.partitions.map((partition) => ({ topic: tp.topicName, partition })),
        ),
      })),
    }))
  }

  async fetchRecordTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    // Read-committed, as the groups that matter here read: the broker stops at the last stable offset and lists the
    // aborted transactions of the range, whose records read-committed.ts skips as a consumer does.
    return toRecordTimestamps(queries, await this.#fetch(broker, queries, maxBytes, READ_COMMITTED))
  }

  async fetchOpenTransactionTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    // Read-uncommitted: the record at the last stable offset is the open transaction's own, which read-committed hides.
    return toOffsetTimestamps(queries, await this.#fetch(broker, queries, maxBytes, READ_UNCOMMITTED))
  }

  async #fetch(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
    isolationLevel: number,
  ): Promise<{ topicId: string; partitions: FetchedPartition[] }[]> {
    // maxWait 0 and minBytes 0: answer at once with what is there.
    const response = (await this.#link.request(broker, 'Fetch', () => [
      0,
      0,
      maxBytes,
      isolationLevel,
      0,
      -1,
      fetchTopics(queries),
      [],
      '',
    ])) as { responses: { topicId: string; partitions: FetchedPartition[] }[] }
    return response.responses
  }

  async describeTopicConfigs(
    topics: readonly string[],
    keys: readonly string[],
  ): Promise<TopicConfigRecord[]> {
    const resources = topics.map((resourceName) => ({
      resourceType: TOPIC_RESOURCE,
      resourceName,
      configurationKeys: [...keys],
    }))
    const response = (await this.#link.anyBroker('DescribeConfigs', () => [resources, false, false])) as {
      results: {
        errorCode: number
        resourceName: string
        configs: { name: string; value: string | null }[]
      }[]
    }
    return response.results.map((r) => ({
      topic: r.resourceName,
      errorCode: r.errorCode,
      configs: Object.fromEntries(r.configs.map((c) => [c.name, c.value])),
    }))
  }

  async close(): Promise<void> {
    await this.#link.close()
  }
}

function throwOnTopLevelError(api: string, broker: BrokerRecord, errorCode: number): void {
  if (errorCode !== 0) {
    throw new KafkascopeError(
      'KSC_KAFKA_REQUEST',
      `failed ${api} on broker ${broker.id}: ${kafkaErrorName(errorCode)}`,
    )
  }
}
