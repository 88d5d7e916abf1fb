import { Admin, type Broker, type Connection, kGetApi, Reader } from '@platformatic/kafka'
import { KafkascopeError } from '../errors.js'
import type { KafkaSecurity } from './auth.js'
import { AuthBackoff } from './auth-backoff.js'
import { type ConnectionStage, explainConnectionError } from './auth-errors.js'
import { consumerGroupDescribe, type DescribedConsumerGroup } from './consumer-group-describe.js'
import { kafkaErrorName } from './error-names.js'
import { type FetchedPartition, fetchTopics, toRecordTimestamps } from './record-timestamps.js'
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
  TopicPartition,
} from './types.js'

export interface KafkaClientOptions {
  bootstrap: readonly string[]
  clientId?: string
  /** Per request and per connection attempt; the poll has its own overall deadline. */
  requestTimeoutMs?: number
  /** TLS and SASL (kafka/auth.ts); plaintext without. */
  security?: KafkaSecurity
  /** After credentials or a certificate are refused, reconnecting backs off from this (the poll interval) to 5 min. */
  authRetryBaseMs?: number
}

// Any function from the library's versioned API table; the arguments differ per API, so each caller knows them.
type RawApi = ((connection: Connection, ...args: unknown[]) => void) & { version: number }

const EARLIEST = -2n
const LATEST = -1n
const READ_UNCOMMITTED = 0
const READ_COMMITTED = 1
const TOPIC_RESOURCE = 2

/**
 * The only place that speaks Kafka. It uses @platformatic/kafka's connection pool and versioned protocol
 * implementations directly, not its high-level Admin calls, because those (a) look up coordinators with extra
 * FindCoordinator requests, (b) fail a whole call when one broker fails, and (c) discard partial responses.
 * Here every method is exactly one request to one broker and returns per-partition/per-group error codes.
 */
export class KafkaClient implements KafkaSource {
  readonly #admin: Admin
  readonly #bootstrap: Broker[]
  #known: Broker[] = []
  readonly #security: KafkaSecurity | undefined
  readonly #backoff: AuthBackoff
  /** The last socket error per connection: with TLS 1.3 a refused client certificate shows only there. */
  readonly #socketErrors = new WeakMap<Connection, Error>()
  /** Connections that have answered one of our requests: a close on them later says nothing about the listener. */
  readonly #answered = new WeakSet<Connection>()

  constructor(options: KafkaClientOptions) {
    const timeout = options.requestTimeoutMs ?? 10_000
    this.#bootstrap = options.bootstrap.map(toBroker)
    this.#admin = new Admin({
      clientId: options.clientId ?? 'kafkascope',
      bootstrapBrokers: this.#bootstrap,
      // The poller retries on its own schedule; library retries would multiply requests and hide the cause.
      retries: 0,
      connectTimeout: timeout,
      requestTimeout: timeout,
      timeout,
      ...(options.security?.tls ? { tls: options.security.tls } : {}),
      ...(options.security?.sasl ? { sasl: options.security.sasl } : {}),
    })
    this.#security = options.security
    this.#backoff = new AuthBackoff({ baseMs: options.authRetryBaseMs ?? 15_000, maxMs: 300_000 })
  }

  async metadata(): Promise<ClusterMetadataRecord> {
    // Bootstrap addresses first (what the user configured), then brokers learnt earlier: survives the loss of one.
    const connection = await this.#anyConnection()
    const response = (await this.#call('Metadata', connection, () => [null, false, false])) as {
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
    this.#known = brokers.map((b) => ({ host: b.host, port: b.port }))
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
    const response = (await this.#call('ListGroups', await this.#connection(broker), (v) =>
      v >= 5 ? [[], []] : [[]],
    )) as {
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
    const response = (await this.#call('ListOffsets', await this.#connection(broker), () => [
      -1,
      READ_UNCOMMITTED,
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
    const response = (await this.#call('OffsetFetch', await this.#connection(broker), () => [
      groups,
      false,
    ])) as {
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
    const response = (await this.#call('DescribeGroups', await this.#connection(broker), () => [
      [...groupIds],
      false,
    ])) as {
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
    const response = (await this.#send(
      'ConsumerGroupDescribe',
      consumerGroupDescribe as unknown as RawApi,
      await this.#connection(broker),
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
    // maxWait 0 and minBytes 0: answer at once with what is there. Read-committed stops at the last stable offset;
    // records of aborted transactions below it are not filtered here (rare; a transient, slightly older age).
    const response = (await this.#call('Fetch', await this.#connection(broker), () => [
      0,
      0,
      maxBytes,
      READ_COMMITTED,
      0,
      -1,
      fetchTopics(queries),
      [],
      '',
    ])) as { responses: { topicId: string; partitions: FetchedPartition[] }[] }
    return toRecordTimestamps(queries, response.responses)
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
    const response = (await this.#call('DescribeConfigs', await this.#anyConnection(), () => [
      resources,
      false,
      false,
    ])) as {
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
    await this.#admin.close()
  }

  async #anyConnection(): Promise<Connection> {
    const seen = new Set<string>()
    const candidates = [...this.#bootstrap, ...this.#known].filter((b) => {
      const key = `${b.host}:${b.port}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    const fingerprint = this.#security?.fingerprint() ?? ''
    this.#backoff.check(fingerprint)
    try {
      const connection = this.#watch(await this.#admin.connections.getFirstAvailable(candidates))
      this.#backoff.succeeded()
      return connection
    } catch (error) {
      // getFirstAvailable tries the candidates in order and keeps one error per candidate.
      const perBroker = (error as { errors?: unknown[] }).errors ?? [error]
      const explained = perBroker.map((e, i) => {
        const b = candidates[i] ?? candidates[0]
        return this.#explain(e, b ? `${b.host}:${b.port}` : 'unknown')
      })
      if (explained.length > 0 && explained.every((e) => e !== undefined)) {
        // Every broker refused our credentials or certificate: say that, not "unreachable".
        const unique = [...new Map(explained.map((e) => [e.message, e])).values()]
        const first = unique[0] as KafkascopeError
        const all =
          unique.length === 1
            ? first
            : new KafkascopeError(first.code, unique.map((e) => e.message).join('; '))
        this.#backoff.failed(all, fingerprint)
        throw all
      }
      const tried = candidates.map((b) => `${b.host}:${b.port}`).join(', ')
      throw new KafkascopeError('KSC_KAFKA_UNREACHABLE', `failed to connect to any broker (tried ${tried})`, {
        cause: error,
      })
    }
  }

  /** An authentication or TLS failure as one sentence (auth-errors.ts); undefined for other failures. */
  #explain(error: unknown, address: string, stage?: ConnectionStage): KafkascopeError | undefined {
    return this.#security
      ? explainConnectionError(error, address, this.#security.description, stage)
      : undefined
  }

  /**
   * For a failed request: the connection's socket error explained first (a TLS alert: with TLS 1.3 a refused
   * client certificate shows only there, while the request just sees the connection close), else its own error.
   */
  #explainRequest(
    error: unknown,
    connection: Connection,
    stage: ConnectionStage,
  ): KafkascopeError | undefined {
    const address = `${connection.host}:${connection.port}`
    return (
      this.#explain(this.#socketErrors.get(connection), address, stage) ??
      this.#explain(error, address, stage)
    )
  }

  #watch(connection: Connection): Connection {
    if (this.#security?.tls && !this.#socketErrors.has(connection)) {
      this.#socketErrors.set(connection, new Error('no socket error'))
      connection.on('error', (error: Error) => this.#socketErrors.set(connection, error))
    }
    return connection
  }

  async #connection(broker: BrokerRecord): Promise<Connection> {
    try {
      return this.#watch(await this.#admin.connections.get({ host: broker.host, port: broker.port }))
    } catch (error) {
      const explained = this.#explain(error, `${broker.host}:${broker.port}`)
      if (explained) throw explained
      throw new KafkascopeError(
        'KSC_KAFKA_UNREACHABLE',
        `failed to connect to broker ${broker.id} at ${broker.host}:${broker.port}`,
        { cause: error },
      )
    }
  }

  /** One request with the highest API version both sides support; a response with error codes is returned as is. */
  async #call(name: string, connection: Connection, args: (version: number) => unknown[]): Promise<unknown> {
    const api = await new Promise<RawApi>((resolve, reject) => {
      this.#admin[kGetApi](name, (error, found) =>
        // The library's first request on a new connection (ApiVersions) is where a TLS 1.3 refusal shows.
        error
          ? reject(this.#explainRequest(error, connection, 'api-versions') ?? error)
          : resolve(found as unknown as RawApi),
      )
    })
    return this.#send(name, api, connection, args(api.version))
  }

  #send(name: string, api: RawApi, connection: Connection, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      api(connection, ...args, (error: (Error & { response?: unknown }) | null, response: unknown) => {
        const answered =
          !error || ((error as { code?: string }).code === 'PLT_KFK_RESPONSE' && error.response)
        const stage = this.#answered.has(connection) ? 'request' : 'first-request'
        if (answered) this.#answered.add(connection)
        if (!error) resolve(response)
        else if (answered)
          // Per-partition or per-group error codes: the caller decides what they mean; keep the rest of the answer.
          resolve(error.response)
        else
          reject(
            // With TLS 1.3 a refused client certificate only shows on the first request.
            this.#explainRequest(error, connection, stage) ??
              new KafkascopeError('KSC_KAFKA_REQUEST', `failed to send ${name}`, { cause: error }),
          )
      })
    })
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

function toBroker(address: string): Broker {
  const idx = address.lastIndexOf(':')
  return { host: address.slice(0, idx).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(idx + 1)) }
}

/** ConsumerProtocolAssignment: version, [topic, [partition]], user data. */
function decodeConsumerAssignment(buffer: Buffer): TopicPartition[] {
  if (!buffer || buffer.length < 2) return []
  try {
    const reader = Reader.from(buffer)
    reader.readInt16()
    const topics = reader.readArray(
      (r) => ({ topic: r.readString(false), partitions: r.readArray((r2) => r2.readInt32(), false, false) }),
      false,
      false,
    )
    return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })))
  } catch {
    // A custom assignor may use another layout; members still count, only their assignment is unknown.
    return []
  }
}
