import type {
  ClusterMetadataRecord,
  CommittedOffset,
  GroupListing,
  PartitionRecord,
  TopicRecord,
} from '../kafka/types.js'
import { offsetKey, partitionKey } from '../keys.js'
import { shareGroupStates } from './assemble-share.js'
import { streamsAsGroupDescription, streamsFacts } from './assemble-streams.js'
import type { Fresh } from './carry-over.js'
import { type CoordinatorGroups, groups } from './collectors/groups.js'
import { logDirs } from './collectors/log-dirs.js'
import { metadata } from './collectors/metadata.js'
import { openTransactionTimestamps } from './collectors/open-transaction-timestamps.js'
import { partitionOffsets, type TopicWatermarks, type Watermarks } from './collectors/partition-offsets.js'
import { quorum } from './collectors/quorum.js'
import { type CommittedRecords, recordTimestamps } from './collectors/record-timestamps.js'
import { shareGroups } from './collectors/share-groups.js'
import { type StreamsGroupDescriptions, streamsGroups } from './collectors/streams-groups.js'
import { topicConfigs } from './collectors/topic-configs.js'
import type { NameFilter } from './filters.js'
import { byGroupId, compareNames, inOrder, sortedInPlace } from './order.js'
import type { WantedTimestamp } from './record-timestamps.js'
import type { Run } from './runner.js'
import type {
  ClusterState,
  CommittedOffsetState,
  GroupState,
  LogDirsState,
  PartitionState,
  Snapshot,
  TopicState,
} from './snapshot.js'
import type { TopicConfig } from './topic-configs.js'

const NO_RECORDS: CommittedRecords = {
  timestampOf: () => undefined,
  isMarkersOnly: () => false,
  waitsOnOpenTransaction: () => false,
}

/**
 * The collectors' outputs as one snapshot of what this poll read, sorted for deterministic output. A collector
 * that did not run contributes nothing (its fields stay unknown); carrying over is the next step (carry-over.ts).
 */
export function assemble(
  run: Run,
  startedAt: number,
  topicFilter: NameFilter,
  durationMs: () => number,
): Fresh {
  const out = run.outputs
  const cluster = out.get(metadata)
  const { collectors, requests } = run
  if (!cluster) {
    return {
      snapshot: {
        startedAt,
        durationMs: durationMs(),
        up: false,
        lastSuccessAt: null,
        cluster: null,
        topics: [],
        groups: [],
        shareGroups: [],
        collectors,
        requests,
        skipped: run.skipped,
      },
      unlistedCoordinators: [],
    }
  }
  const topics = topicStates(
    cluster.topics,
    out.get(topicConfigs) ?? new Map(),
    out.get(partitionOffsets) ?? new Map(),
    out.get(openTransactionTimestamps) ?? new Map(),
  )
  const coordinators = out.get(groups) ?? []
  const groupStates = groupStatesOf(
    coordinators,
    topics,
    topicFilter,
    out.get(recordTimestamps) ?? NO_RECORDS,
    out.get(streamsGroups) ?? NO_STREAMS,
  )
  return {
    snapshot: {
      startedAt,
      durationMs: durationMs(),
      up: true,
      lastSuccessAt: startedAt,
      cluster: clusterState(cluster.metadata, controllerOf(run, cluster.metadata)),
      topics,
      groups: groupStates,
      shareGroups: shareGroupStates(out.get(shareGroups) ?? [], topicFilter),
      collectors,
      requests,
      ...quorumOf(run),
      ...logDirsOf(out.get(logDirs)),
    },
    unlistedCoordinators: coordinators.filter((c) => c.listFailed).map((c) => c.broker.id),
  }
}

// Loops and module-level functions rather than per-poll callbacks: V8 keeps a callback's optimized code only while
// that closure lives, so callbacks made anew each poll are compiled again every poll (bench/README.md).
function topicStates(
  topics: readonly TopicRecord[],
  configs: ReadonlyMap<string, TopicConfig>,
  watermarks: TopicWatermarks,
  openTimestamps: ReadonlyMap<string, number>,
): TopicState[] {
  const states: TopicState[] = new Array(topics.length)
  for (let i = 0; i < topics.length; i++) {
    const t = topics[i] as TopicRecord
    const config = configs.get(t.name)
    const topicWatermarks = watermarks.get(t.name)
    const records = inOrder(t.partitions, byPartition)
    const partitions: PartitionState[] = new Array(records.length)
    for (let j = 0; j < records.length; j++)
      partitions[j] = partitionState(t.name, records[j] as PartitionRecord, topicWatermarks, openTimestamps)
    states[i] = {
      name: t.name,
      internal: t.internal,
      minInsyncReplicas: config?.minInsyncReplicas ?? null,
      retentionMs: config?.retentionMs ?? null,
      partitions,
    }
  }
  return states
}

function partitionState(
  topic: string,
  p: PartitionRecord,
  topicWatermarks: readonly (Watermarks | undefined)[] | undefined,
  openTimestamps: ReadonlyMap<string, number>,
): PartitionState {
  const w = topicWatermarks?.[p.partition]
  return {
    partition: p.partition,
    leader: p.leader,
    replicas: p.replicas,
    isr: p.isr,
    offlineReplicas: p.offlineReplicas,
    earliest: w?.earliest ?? null,
    latest: w?.latest ?? null,
    lastStable: w?.lastStable ?? null,
    openTransactionTimestamp:
      w?.lastStable != null && w.latest != null && w.lastStable < w.latest
        ? (openTimestamps.get(offsetKey(topic, p.partition, w.lastStable)) ?? null)
        : null,
  }
}

function byPartition(a: { partition: number }, b: { partition: number }): number {
  return a.partition - b.partition
}

function byTopicPartition(
  a: { topic: string; partition: number },
  b: { topic: string; partition: number },
): number {
  return compareNames(a.topic, b.topic) || a.partition - b.partition
}

const NO_STREAMS: StreamsGroupDescriptions = { described: new Map(), deleted: new Set() }

/** What a group's committed offsets are completed with: record timestamps and markers-only verdicts. */
interface Waiting {
  readonly records: CommittedRecords
  /** Open transaction start by partitionKey. */
  readonly openSince: ReadonlyMap<string, number>
  readonly topicFilter: NameFilter
  readonly streams: StreamsGroupDescriptions
}

function groupStatesOf(
  coordinators: readonly CoordinatorGroups[],
  topics: readonly TopicState[],
  topicFilter: NameFilter,
  records: CommittedRecords,
  streams: StreamsGroupDescriptions,
): GroupState[] {
  const openSince = new Map<string, number>()
  for (const t of topics) {
    for (const p of t.partitions) {
      if (p.openTransactionTimestamp !== null)
        openSince.set(partitionKey(t.name, p.partition), p.openTransactionTimestamp)
    }
  }
  const waiting: Waiting = { records, openSince, topicFilter, streams }
  const states: GroupState[] = []
  for (const c of coordinators) {
    for (const g of c.listed)
      if (!c.deleted.has(g.groupId) && !streams.deleted.has(g.groupId)) states.push(groupState(g, c, waiting))
  }
  return sortedInPlace(states, byGroupId)
}

/** Timestamp of the first record a group at a committed offset waits for, when known. */
function firstWaiting(o: WantedTimestamp, { records, openSince }: Waiting): number | null {
  return (
    records.timestampOf(o) ??
    // Only aborted records and markers up to an open transaction: the group waits for the transaction's first record.
    (records.waitsOnOpenTransaction(o) ? (openSince.get(partitionKey(o.topic, o.partition)) ?? null) : null)
  )
}

function groupState(g: GroupListing, c: CoordinatorGroups, waiting: Waiting): GroupState {
  const streamsGroup = g.type === 'streams' ? waiting.streams.described.get(g.groupId) : undefined
  const description =
    c.descriptions.get(g.groupId) ?? (streamsGroup && streamsAsGroupDescription(streamsGroup))
  const offsets = c.offsets.get(g.groupId)
  return {
    groupId: g.groupId,
    coordinator: c.broker.id,
    type: g.type,
    protocolType: description?.protocolType || g.protocolType,
    // The describe answer is newer than the listing; fall back to the listing's state when describe failed.
    state: description?.state ?? g.state,
    assignor: description?.assignor ?? '',
    members: description?.members ?? null,
    offsets: offsets ? committedOffsets(offsets.offsets, waiting) : null,
    ...(streamsGroup ? { streams: streamsFacts(streamsGroup) } : {}),
  }
}

function committedOffsets(offsets: readonly CommittedOffset[], waiting: Waiting): CommittedOffsetState[] {
  const states: CommittedOffsetState[] = []
  for (const o of offsets) {
    if (!waiting.topicFilter(o.topic)) continue
    states.push({
      // Spelt out rather than spread: this runs for every committed partition of every poll.
      topic: o.topic,
      partition: o.partition,
      offset: o.offset,
      recordTimestamp: firstWaiting(o, waiting),
      markersOnly: waiting.records.isMarkersOnly(o),
    })
  }
  return sortedInPlace(states, byTopicPartition)
}

function quorumOf(run: Run): Pick<Snapshot, 'quorum' | 'skipped'> {
  const q = run.outputs.get(quorum)
  return { ...(q ? { quorum: q } : {}), skipped: run.skipped }
}

/**
 * The active controller is the quorum leader. Metadata's controller id is used only where the brokers lack
 * DescribeQuorum (ZooKeeper mode, where it is right): on KRaft it names a random live broker. When DescribeQuorum
 * failed this poll the controller is unknown (null), not Metadata's guess.
 */
function controllerOf(run: Run, m: ClusterMetadataRecord): number | null {
  const q = run.outputs.get(quorum)
  if (q) return q.leaderId
  return run.skipped.some((s) => s.name === 'quorum') ? m.controllerId : null
}

function logDirsOf(state: LogDirsState | undefined): { logDirs?: LogDirsState } {
  return state ? { logDirs: state } : {}
}

function clusterState(m: ClusterMetadataRecord, controllerId: number | null): ClusterState {
  return {
    id: m.clusterId,
    controllerId,
    brokers: [...m.brokers].sort((a, b) => a.id - b.id),
  }
}
