import type { KafkaApi } from '../kafka/source.js'
import type {
  BrokerRecord,
  CommittedOffset,
  MemberRecord,
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
}

export interface ClusterState {
  readonly id: string | null
  readonly controllerId: number
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
  /** "classic" or "consumer" (KIP-848). */
  readonly type: string
  readonly protocolType: string
  /** Upper-case, as Kafka reports it (STABLE, EMPTY, ...). */
  readonly state: string
  readonly assignor: string
  /** null when the group could not be described in this poll. */
  readonly members: readonly MemberRecord[] | null
  /** Committed offsets, only partitions that have one; null when they could not be fetched in this poll. */
  readonly offsets: readonly CommittedOffsetState[] | null
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
  'share_groups',
  'share_group_offsets',
  'partition_offsets',
  'record_timestamps',
] as const
export type CollectorName = (typeof COLLECTOR_NAMES)[number]
