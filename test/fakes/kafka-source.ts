import type { QuorumRecord } from '../../src/kafka/describe-quorum.js'
import type { KafkaApi, KafkaSource } from '../../src/kafka/source.js'
import type {
  BrokerRecord,
  ClusterMetadataRecord,
  CommittedOffset,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
  LogDirRecord,
  MemberRecord,
  OffsetQuery,
  OffsetRecord,
  OffsetSpec,
  RecordTimestamp,
  RecordTimestampQuery,
  ShareGroupDescriptionRecord,
  ShareGroupOffsetsRecord,
  ShareMemberRecord,
  ShareStartOffset,
  StreamsGroupDescriptionRecord,
  StreamsMemberRecord,
  TopicConfigRecord,
} from '../../src/kafka/types.js'

/**
 * An in-memory Kafka cluster behind the KafkaSource interface. It answers like the brokers would (a broker only
 * lists the groups it coordinates and only knows offsets of partitions it leads), logs every call in order, and
 * can be told to fail, delay or never answer per API and broker.
 */

export interface FakePartition {
  readonly partition: number
  readonly leader: number
  readonly replicas: readonly number[]
  readonly isr: readonly number[]
  readonly earliest: number
  readonly latest: number
  /** Timestamp (ms) of the record at an offset, for Fetch; absent = records carry no usable timestamp. */
  readonly recordTime?: (offset: number) => number
  /** Last stable offset; below `latest` while a transaction is open. Default: `latest`. */
  readonly lastStable?: number
  /** From here up to the last stable offset only transaction markers and aborted records: nothing readable. */
  readonly unreadableFrom?: number
}

export interface FakeTopic {
  readonly name: string
  readonly internal?: boolean
  readonly partitions: readonly FakePartition[]
  readonly configs?: Readonly<Record<string, string | null>>
}

export interface FakeGroup {
  readonly groupId: string
  readonly coordinator: number
  readonly type?: 'classic' | 'consumer' | 'streams'
  readonly state?: string
  readonly members?: readonly MemberRecord[]
  readonly offsets?: readonly CommittedOffset[]
  /** Error code answered by DescribeGroups / ConsumerGroupDescribe for this group (e.g. 69 GROUP_ID_NOT_FOUND). */
  readonly describeErrorCode?: number
  /**
   * A streams group's members as StreamsGroupDescribe answers them; default: `members` as threads of one process
   * each, on the group's topology epoch, with one active task per assigned partition.
   */
  readonly streamsMembers?: readonly StreamsMemberRecord[]
  /** A streams group's topology epoch (default 1); null: the topology is not initialized yet. */
  readonly topologyEpoch?: number | null
}

/** A share group (KIP-932): listed with type "share" by its coordinator. */
export interface FakeShareGroup {
  readonly groupId: string
  readonly coordinator: number
  readonly state?: string
  readonly members?: readonly ShareMemberRecord[]
  readonly offsets?: readonly ShareStartOffset[]
  /** Error code answered by ShareGroupDescribe for this group. */
  readonly describeErrorCode?: number
}

export interface FakeClusterSpec {
  readonly clusterId?: string
  readonly controllerId?: number
  readonly brokers: readonly BrokerRecord[]
  readonly topics: readonly FakeTopic[]
  readonly groups: readonly FakeGroup[]
  /** What DescribeQuorum answers; absent = the brokers lack the API (ZooKeeper mode, or ApiVersions says so). */
  readonly quorum?: QuorumRecord
  /** Brokers older than Kafka 3.0: one group per OffsetFetch (more is a bug in the caller, and fails). */
  readonly singleGroupOffsetFetch?: readonly number[]
  /**
   * DescribeLogDirs answers by broker id. Default: one online directory per broker holding a log of every replica it
   * hosts, of fakeLogSize bytes, on a volume of 1 TB with 400 GB usable.
   */
  readonly logDirs?: Readonly<Record<number, readonly LogDirRecord[]>>
  readonly shareGroups?: readonly FakeShareGroup[]
  /** APIs the brokers' ApiVersions answer lacks (e.g. the share-group APIs of Kafka 3.9). */
  readonly unsupported?: readonly KafkaApi[]
}

/** Size of the fake's default log of a replica: 100 bytes per retained message. */
export function fakeLogSize(p: FakePartition): number {
  return (p.latest - p.earliest) * 100
}

/** A fault applies to the calls it matches; an absent api or broker matches any. */
export type Fault = { readonly api?: KafkaApi; readonly broker?: number } & (
  | { readonly kind: 'fail'; readonly message?: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'delay'; readonly ms: number }
)

export interface CallEvent {
  readonly event: 'start' | 'end'
  readonly api: KafkaApi
  /** null for cluster-wide calls (Metadata, DescribeConfigs). */
  readonly broker: number | null
  readonly spec?: OffsetSpec
  /** Group ids (OffsetFetch, describes), topics (DescribeConfigs) or topic/partition keys (ListOffsets) asked for. */
  readonly ids?: readonly string[]
}

export class FakeKafkaSource implements KafkaSource {
  readonly events: CallEvent[] = []
  faults: Fault[] = []
  closed = false

  constructor(public cluster: FakeClusterSpec) {}

  /** Calls started, per API. */
  calls(api?: KafkaApi): CallEvent[] {
    return this.events.filter((e) => e.event === 'start' && (api === undefined || e.api === api))
  }

  countByApi(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const e of this.calls()) counts[e.api] = (counts[e.api] ?? 0) + 1
    return counts
  }

  metadata(): Promise<ClusterMetadataRecord> {
    return this.#call({ api: 'Metadata', broker: null }, () => ({
      clusterId: this.cluster.clusterId ?? 'fake-cluster',
      controllerId: this.cluster.controllerId ?? this.cluster.brokers[0]?.id ?? -1,
      brokers: this.cluster.brokers,
      topics: this.cluster.topics.map((t, i) => ({
        name: t.name,
        id: `topic-id-${i}`,
        internal: t.internal ?? false,
        errorCode: 0,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          leader: p.leader,
          leaderEpoch: 0,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: [],
          errorCode: p.leader < 0 ? 5 : 0,
        })),
      })),
    }))
  }

  listGroups(broker: BrokerRecord): Promise<GroupListing[]> {
    return this.#call({ api: 'ListGroups', broker: broker.id }, () => [
      ...this.#coordinatedBy(broker).map((g) => ({
        groupId: g.groupId,
        // As Kafka 4.4 lists them: a Streams group's protocol type is "streams".
        protocolType: g.type === 'streams' ? 'streams' : 'consumer',
        state: g.state ?? 'STABLE',
        type: g.type ?? 'classic',
      })),
      ...(this.cluster.shareGroups ?? [])
        .filter((g) => g.coordinator === broker.id)
        .map((g) => ({
          groupId: g.groupId,
          protocolType: 'share',
          state: g.state ?? 'STABLE',
          type: 'share',
        })),
    ])
  }

  describeShareGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<ShareGroupDescriptionRecord[]> {
    return this.#call({ api: 'ShareGroupDescribe', broker: broker.id, ids: groupIds }, () =>
      groupIds.map((groupId) => {
        const g = this.#shareGroup(groupId, broker)
        const found = g && !g.describeErrorCode
        return {
          groupId,
          errorCode: found ? 0 : (g?.describeErrorCode ?? 69),
          state: found ? (g.state ?? 'STABLE') : '',
          groupEpoch: found ? 3 : -1,
          assignmentEpoch: found ? 3 : -1,
          assignor: found ? 'simple' : '',
          members: found ? (g.members ?? []) : [],
        }
      }),
    )
  }

  describeStreamsGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<StreamsGroupDescriptionRecord[]> {
    return this.#call({ api: 'StreamsGroupDescribe', broker: broker.id, ids: groupIds }, () =>
      groupIds.map((groupId) => {
        const g = this.#coordinatedBy(broker).find((x) => x.groupId === groupId && x.type === 'streams')
        const found = g && !g.describeErrorCode
        const topologyEpoch = g?.topologyEpoch === undefined ? 1 : g.topologyEpoch
        return {
          groupId,
          errorCode: found ? 0 : (g?.describeErrorCode ?? 69),
          state: found ? (g.state ?? 'STABLE') : '',
          groupEpoch: found ? 5 : -1,
          assignmentEpoch: found ? 5 : -1,
          topologyEpoch: found ? topologyEpoch : null,
          subtopologies: found && topologyEpoch !== null ? 1 : null,
          assignor: found ? 'sticky' : '',
          members: found
            ? (g.streamsMembers ??
              (g.members ?? []).map((m) => ({
                ...m,
                memberEpoch: 5,
                processId: `process-${m.memberId}`,
                topologyEpoch: topologyEpoch ?? -1,
                isClassic: false,
                tasks: { active: m.assignments.length, standby: 0, warmup: 0 },
              })))
            : [],
        }
      }),
    )
  }

  fetchShareGroupOffsets(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<ShareGroupOffsetsRecord[]> {
    return this.#call({ api: 'DescribeShareGroupOffsets', broker: broker.id, ids: groupIds }, () =>
      groupIds.map((groupId) => {
        const g = this.#shareGroup(groupId, broker)
        return { groupId, errorCode: g ? 0 : 69, offsets: g?.offsets ?? [], partitionErrors: [] }
      }),
    )
  }

  #shareGroup(groupId: string, broker: BrokerRecord): FakeShareGroup | undefined {
    return this.cluster.shareGroups?.find((x) => x.groupId === groupId && x.coordinator === broker.id)
  }

  listOffsets(
    broker: BrokerRecord,
    partitions: readonly OffsetQuery[],
    spec: OffsetSpec,
  ): Promise<OffsetRecord[]> {
    const ids = partitions.map((q) => `${q.topic}/${q.partition}`)
    return this.#call({ api: 'ListOffsets', broker: broker.id, spec, ids }, () =>
      partitions.map((q) => {
        const p = this.cluster.topics
          .find((t) => t.name === q.topic)
          ?.partitions.find((x) => x.partition === q.partition)
        if (!p) return { topic: q.topic, partition: q.partition, offset: null, errorCode: 3 }
        // NOT_LEADER_OR_FOLLOWER: only the leader answers.
        if (p.leader !== broker.id)
          return { topic: q.topic, partition: q.partition, offset: null, errorCode: 6 }
        return {
          topic: q.topic,
          partition: q.partition,
          offset:
            spec === 'earliest' ? p.earliest : spec === 'latest' ? p.latest : (p.lastStable ?? p.latest),
          errorCode: 0,
        }
      }),
    )
  }

  async groupsPerOffsetFetch(broker: BrokerRecord): Promise<number> {
    return this.cluster.singleGroupOffsetFetch?.includes(broker.id) ? 1 : Number.POSITIVE_INFINITY
  }

  fetchCommittedOffsets(broker: BrokerRecord, groupIds: readonly string[]): Promise<GroupOffsetsRecord[]> {
    return this.#call({ api: 'OffsetFetch', broker: broker.id, ids: groupIds }, () => {
      if (groupIds.length > 1 && this.cluster.singleGroupOffsetFetch?.includes(broker.id))
        throw new Error(`broker ${broker.id} was asked for ${groupIds.length} groups in one OffsetFetch`)
      return groupIds.map((groupId) => {
        const g = this.cluster.groups.find((x) => x.groupId === groupId)
        // NOT_COORDINATOR
        if (g && g.coordinator !== broker.id) return { groupId, errorCode: 16, offsets: [] }
        // Kafka answers an unknown group with no offsets and no error.
        return { groupId, errorCode: 0, offsets: g?.offsets ?? [] }
      })
    })
  }

  describeClassicGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupDescriptionRecord[]> {
    return this.#call({ api: 'DescribeGroups', broker: broker.id, ids: groupIds }, () =>
      groupIds.map((id) => this.#describe(id, 'range')),
    )
  }

  describeConsumerGroups(
    broker: BrokerRecord,
    groupIds: readonly string[],
  ): Promise<GroupDescriptionRecord[]> {
    return this.#call({ api: 'ConsumerGroupDescribe', broker: broker.id, ids: groupIds }, () =>
      groupIds.map((id) => this.#describe(id, 'uniform')),
    )
  }

  fetchRecordTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    _maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    return this.#call(
      { api: 'Fetch', broker: broker.id, ids: queries.map((q) => `${q.topic}/${q.partition}@${q.offset}`) },
      () =>
        queries.map((q) => {
          const p = this.#partition(q.topic, q.partition)
          // NOT_LEADER_OR_FOLLOWER
          if (!p || p.leader !== broker.id) return { ...unanswered(q), errorCode: 6 }
          // Read-committed: records up to the last stable offset, less markers and aborted records.
          const stable = p.lastStable ?? p.latest
          const readableEnd = Math.min(stable, p.unreadableFrom ?? stable)
          const known = p.recordTime !== undefined && q.offset >= p.earliest && q.offset < readableEnd
          const quiet = q.offset >= readableEnd
          return {
            ...unanswered(q),
            errorCode: 0,
            timestamp: known ? (p.recordTime?.(q.offset) ?? null) : null,
            timestampType: known ? ('create' as const) : null,
            markersOnly: quiet && stable >= p.latest,
            openTransaction: quiet && stable < p.latest,
            lastStable: stable,
          }
        }),
    )
  }

  fetchOpenTransactionTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    _maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    return this.#call(
      { api: 'Fetch', broker: broker.id, ids: queries.map((q) => `${q.topic}/${q.partition}@${q.offset}`) },
      () =>
        queries.map((q) => {
          const p = this.#partition(q.topic, q.partition)
          if (!p || p.leader !== broker.id) return { ...unanswered(q), errorCode: 6 }
          const known = p.recordTime !== undefined && q.offset >= p.earliest && q.offset < p.latest
          return {
            ...unanswered(q),
            errorCode: 0,
            timestamp: known ? (p.recordTime?.(q.offset) ?? null) : null,
            timestampType: known ? ('create' as const) : null,
            lastStable: p.lastStable ?? p.latest,
          }
        }),
    )
  }

  #partition(topic: string, partition: number): FakePartition | undefined {
    return this.cluster.topics
      .find((t) => t.name === topic)
      ?.partitions.find((x) => x.partition === partition)
  }

  describeTopicConfigs(topics: readonly string[], keys: readonly string[]): Promise<TopicConfigRecord[]> {
    return this.#call({ api: 'DescribeConfigs', broker: null, ids: topics }, () =>
      topics.map((name) => {
        const t = this.cluster.topics.find((x) => x.name === name)
        if (!t) return { topic: name, errorCode: 3, configs: {} }
        const defaults: Record<string, string | null> = {
          'min.insync.replicas': '1',
          'retention.ms': '604800000',
        }
        const all = { ...defaults, ...t.configs }
        return {
          topic: name,
          errorCode: 0,
          configs: Object.fromEntries(keys.map((k) => [k, all[k] ?? null])),
        }
      }),
    )
  }

  describeQuorum(): Promise<QuorumRecord> {
    return this.#call({ api: 'DescribeQuorum', broker: null }, () => {
      if (!this.cluster.quorum) throw new Error('the brokers do not support DescribeQuorum')
      return this.cluster.quorum
    })
  }

  supports(api: KafkaApi): boolean {
    if (this.cluster.unsupported?.includes(api)) return false
    return api !== 'DescribeQuorum' || this.cluster.quorum !== undefined
  }

  describeLogDirs(broker: BrokerRecord): Promise<LogDirRecord[]> {
    return this.#call({ api: 'DescribeLogDirs', broker: broker.id }, () => {
      const given = this.cluster.logDirs?.[broker.id]
      if (given) return [...given]
      const replicas = this.cluster.topics.flatMap((t) =>
        t.partitions
          .filter((p) => p.replicas.includes(broker.id))
          .map((p) => ({
            topic: t.name,
            partition: p.partition,
            sizeBytes: fakeLogSize(p),
            offsetLag: 0,
            future: false,
          })),
      )
      const path = `/var/lib/kafka/data-${broker.id}`
      return [{ path, errorCode: 0, totalBytes: 1e12, usableBytes: 4e11, replicas }]
    })
  }

  async close(): Promise<void> {
    this.closed = true
  }

  #coordinatedBy(broker: BrokerRecord): readonly FakeGroup[] {
    return this.cluster.groups.filter((g) => g.coordinator === broker.id)
  }

  #describe(groupId: string, assignor: string): GroupDescriptionRecord {
    const g = this.cluster.groups.find((x) => x.groupId === groupId)
    if (!g || g.describeErrorCode) {
      return {
        groupId,
        errorCode: g?.describeErrorCode ?? 69,
        state: '',
        protocolType: '',
        assignor: '',
        members: [],
      }
    }
    return {
      groupId,
      errorCode: 0,
      state: g.state ?? 'STABLE',
      protocolType: 'consumer',
      assignor,
      members: g.members ?? [],
    }
  }

  async #call<T>(call: Omit<CallEvent, 'event'>, answer: () => T): Promise<T> {
    this.events.push({ event: 'start', ...call })
    for (const fault of this.faults) {
      if (fault.api !== undefined && fault.api !== call.api) continue
      if (fault.broker !== undefined && fault.broker !== call.broker) continue
      if (fault.kind === 'hang') return new Promise<T>(() => {})
      if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms))
      if (fault.kind === 'fail') {
        this.events.push({ event: 'end', ...call })
        throw new Error(fault.message ?? `${call.api} failed on broker ${call.broker}`)
      }
    }
    await Promise.resolve()
    const result = answer()
    this.events.push({ event: 'end', ...call })
    return result
  }
}

/**
 * A cluster of `brokers` brokers (ids 1..n), `topics` topics of `partitions` partitions (leaders round-robin,
 * replication factor min(3, brokers)), and `groups` groups spread round-robin over the brokers as coordinators;
 * every fourth group uses the consumer (KIP-848) protocol, so (4 and 3 being coprime) each coordinator of 3
 * brokers gets both kinds. Group i commits partition 0 of topic i mod topics.
 */
export function fakeCluster(opts: {
  brokers: number
  topics: number
  partitions: number
  groups: number
}): FakeClusterSpec {
  const ids = Array.from({ length: opts.brokers }, (_, i) => i + 1)
  const rf = Math.min(3, opts.brokers)
  const topics: FakeTopic[] = Array.from({ length: opts.topics }, (_, t) => ({
    name: `topic-${String(t).padStart(3, '0')}`,
    partitions: Array.from({ length: opts.partitions }, (_, p) => {
      const replicas = Array.from({ length: rf }, (_, r) => ids[(t + p + r) % ids.length] as number)
      return {
        partition: p,
        leader: replicas[0] as number,
        replicas,
        isr: replicas,
        earliest: 10,
        latest: 100 + p,
      }
    }),
  }))
  const groups: FakeGroup[] = Array.from({ length: opts.groups }, (_, g) => ({
    groupId: `group-${String(g).padStart(3, '0')}`,
    coordinator: ids[g % ids.length] as number,
    type: g % 4 === 3 ? 'consumer' : 'classic',
    offsets: [{ topic: topics[g % topics.length]?.name as string, partition: 0, offset: 50 }],
  }))
  return {
    brokers: ids.map((id) => ({ id, host: `kafka-${id}`, port: 9092, rack: null })),
    topics,
    groups,
    quorum: fakeQuorum(ids),
  }
}

/**
 * A healthy KRaft quorum whose voters are these nodes (each broker and controller, as in the test harness): the
 * last one leads at epoch 5, every voter caught up and fetched 100 ms before the leader's clock, no observers.
 */
export function fakeQuorum(voters: readonly number[], now = 1_700_000_000_000): QuorumRecord {
  const leaderId = voters.at(-1) ?? -1
  return {
    errorCode: 0,
    errorMessage: null,
    leaderId,
    leaderEpoch: 5,
    highWatermark: 1000,
    voters: voters.map((replicaId) => ({
      replicaId,
      logEndOffset: 1000,
      lastFetchTimestamp: replicaId === leaderId ? now : now - 100,
      lastCaughtUpTimestamp: replicaId === leaderId ? now : now - 100,
    })),
    observers: [],
  }
}

function unanswered(q: RecordTimestampQuery): RecordTimestamp {
  return {
    topic: q.topic,
    partition: q.partition,
    offset: q.offset,
    errorCode: -1,
    timestamp: null,
    timestampType: null,
    markersOnly: false,
    openTransaction: false,
    lastStable: null,
    bytes: 0,
  }
}
