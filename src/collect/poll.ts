import type { KafkaSource } from '../kafka/source.js'
import type { ClusterMetadataRecord, GroupDescriptionRecord, GroupListing } from '../kafka/types.js'
import type { NameFilter } from './filters.js'
import { type CoordinatorGroups, collectGroups } from './groups.js'
import { openTransactionKey } from './open-transactions.js'
import { type RecordTimestampCache, recordTimestampKey, type WantedTimestamp } from './record-timestamps.js'
import type { GroupState, PartitionState, Snapshot, TopicState } from './snapshot.js'
import type { TopicConfigCache } from './topic-configs.js'
import { PollTracker } from './tracker.js'
import { fetchWatermarks, partitionKey } from './watermarks.js'

export interface PollOptions {
  readonly source: KafkaSource
  readonly timeoutMs: number
  readonly topicFilter: NameFilter
  readonly groupFilter: NameFilter
  readonly configs: TopicConfigCache
  readonly timestamps: RecordTimestampCache
  readonly previous: Snapshot | null
  /** Wall clock for the snapshot's timestamps; deadlines always use the real clock. */
  readonly now?: () => number
}

/** Share of the poll timeout the group stage may use, so a hung coordinator still leaves time for watermarks. */
const GROUP_STAGE_SHARE = 0.6

/**
 * One poll → one snapshot. The request count does not grow with partitions or groups:
 *   1. Metadata (1 request), then DescribeConfigs when due (1)
 *   2. per broker, in parallel chains: ListGroups (B), then for the groups it coordinates one OffsetFetch and one
 *      DescribeGroups (+ one ConsumerGroupDescribe if it also has KIP-848 groups) — 2C, or 3C with both protocols
 *   3. per leader: ListOffsets earliest, latest and last stable (3B), and one Fetch for the timestamps of first
 *      unconsumed records not read before (≤ B; see record-timestamps.ts)
 *   4. only where a transaction is open and its first record's timestamp is not known yet: one Fetch per leader
 *      (≤ B; see open-transactions.ts)
 * Committed offsets are read before watermarks on purpose: a high watermark read later is never older than the
 * commit, so lag = HWM − committed cannot go negative from read skew.
 */
export async function pollOnce(opts: PollOptions): Promise<Snapshot> {
  const now = opts.now ?? Date.now
  const startedAt = now()
  const startPerf = performance.now()
  const deadline = Date.now() + opts.timeoutMs
  const tracker = new PollTracker(opts.source, deadline)
  const elapsed = () => performance.now() - startPerf

  const metadata = await tracker.request('metadata', 'Metadata', 'read cluster metadata', () =>
    opts.source.metadata(),
  )
  if (!metadata) {
    // Nothing new can be known without metadata; keep serving what the last good poll collected (its age shows).
    const prev = opts.previous
    return Object.freeze({
      startedAt,
      durationMs: elapsed(),
      up: false,
      lastSuccessAt: prev?.lastSuccessAt ?? null,
      cluster: prev?.cluster ?? null,
      topics: prev?.topics ?? [],
      groups: prev?.groups ?? [],
      collectors: tracker.results(),
      requests: tracker.requests,
    })
  }

  const topics = metadata.topics.filter((t) => opts.topicFilter(t.name)).sort((a, b) => cmp(a.name, b.name))
  const groupStageDeadline = Date.now() + (deadline - Date.now()) * GROUP_STAGE_SHARE
  const [coordinators, configs] = await Promise.all([
    collectGroups(tracker, metadata.brokers, opts.groupFilter, groupStageDeadline),
    opts.configs.update(
      tracker,
      topics.map((t) => t.name),
      startedAt,
    ),
  ])
  const [watermarks, timestamps] = await Promise.all([
    fetchWatermarks(tracker, metadata.brokers, topics),
    opts.timestamps.update(
      tracker,
      metadata.brokers,
      topics,
      unconsumed(coordinators, opts.previous, opts.topicFilter),
    ),
  ])
  const open = openTransactions(topics, watermarks)
  const openTimestamps = await opts.timestamps.updateOpenTransactions(tracker, metadata.brokers, topics, open)

  const topicStates: TopicState[] = topics.map((t) => {
    const config = configs.get(t.name)
    return {
      name: t.name,
      internal: t.internal,
      minInsyncReplicas: config?.minInsyncReplicas ?? null,
      retentionMs: config?.retentionMs ?? null,
      partitions: [...t.partitions]
        .sort((a, b) => a.partition - b.partition)
        .map((p): PartitionState => {
          const w = watermarks.get(partitionKey(t.name, p.partition))
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
                ? (openTimestamps.get(openTransactionKey(t.name, p.partition, w.lastStable)) ?? null)
                : null,
          }
        }),
    }
  })

  const openSince = new Map<string, number>()
  for (const t of topicStates) {
    for (const p of t.partitions) {
      if (p.openTransactionTimestamp !== null)
        openSince.set(partitionKey(t.name, p.partition), p.openTransactionTimestamp)
    }
  }
  const firstWaiting: FirstWaiting = (o) =>
    timestamps.get(recordTimestampKey(o.topic, o.partition, o.offset)) ??
    // Only aborted records and markers up to an open transaction: the group waits for the transaction's first record.
    (opts.timestamps.waitsOnOpenTransaction(o.topic, o.partition, o.offset)
      ? (openSince.get(partitionKey(o.topic, o.partition)) ?? null)
      : null)
  const previousGroups = new Map((opts.previous?.groups ?? []).map((g) => [g.groupId, g]))
  const listedGroups = coordinators.flatMap((c) =>
    c.listed
      .filter((g) => !c.deleted.has(g.groupId))
      .map((g) =>
        groupState(g, c, opts.topicFilter, firstWaiting, opts.timestamps, previousGroups.get(g.groupId)),
      ),
  )
  // A coordinator that could not list its groups (e.g. loading __consumer_offsets after a restart) has not lost
  // them: serve what the last poll knew of them rather than let their series and status history vanish.
  const listed = new Set(listedGroups.map((g) => g.groupId))
  const unlisted = coordinators.filter((c) => c.listFailed).map((c) => c.broker.id)
  const carried = [...previousGroups.values()].filter(
    (g) => unlisted.includes(g.coordinator) && !listed.has(g.groupId),
  )
  const groups: GroupState[] = [...listedGroups, ...carried].sort((a, b) => cmp(a.groupId, b.groupId))

  return Object.freeze({
    startedAt,
    durationMs: elapsed(),
    up: true,
    lastSuccessAt: startedAt,
    cluster: clusterState(metadata),
    topics: topicStates,
    groups,
    collectors: tracker.results(),
    requests: tracker.requests,
  })
}

/** Timestamp of the first record a group at a committed offset waits for, when known. */
type FirstWaiting = (o: { topic: string; partition: number; offset: number }) => number | null

/** Partitions whose last stable offset is below the high watermark, at that offset: an open transaction starts there. */
function openTransactions(
  topics: readonly { name: string; partitions: readonly { partition: number }[] }[],
  watermarks: ReadonlyMap<string, { latest: number | null; lastStable: number | null }>,
): WantedTimestamp[] {
  const open: WantedTimestamp[] = []
  for (const t of topics) {
    for (const p of t.partitions) {
      const w = watermarks.get(partitionKey(t.name, p.partition))
      if (w?.lastStable != null && w.latest != null && w.lastStable < w.latest) {
        open.push({ topic: t.name, partition: p.partition, offset: w.lastStable })
      }
    }
  }
  return open
}

/**
 * Committed offsets whose record timestamp is worth reading: the previous poll's high watermark says whether the
 * group is behind there (a caught-up partition has no record at its committed offset yet).
 */
function unconsumed(
  coordinators: readonly CoordinatorGroups[],
  previous: Snapshot | null,
  topicFilter: NameFilter,
): WantedTimestamp[] {
  const hwm = new Map<string, number>()
  for (const t of previous?.topics ?? []) {
    for (const p of t.partitions) if (p.latest !== null) hwm.set(partitionKey(t.name, p.partition), p.latest)
  }
  const wanted = new Map<string, WantedTimestamp>()
  for (const c of coordinators) {
    for (const record of c.offsets.values()) {
      for (const o of record.offsets) {
        if (!topicFilter(o.topic)) continue
        const latest = hwm.get(partitionKey(o.topic, o.partition))
        if (latest !== undefined && o.offset >= latest) continue
        wanted.set(recordTimestampKey(o.topic, o.partition, o.offset), o)
      }
    }
  }
  return [...wanted.values()]
}

function groupState(
  g: GroupListing,
  c: CoordinatorGroups,
  topicFilter: NameFilter,
  firstWaiting: FirstWaiting,
  timestampCache: RecordTimestampCache,
  previous: GroupState | undefined,
): GroupState {
  const description = c.descriptions.get(g.groupId)
  const offsets = c.offsets.get(g.groupId)
  // Offsets that could not be fetched this poll (coordinator loading, timeout) are not "nothing committed": keep the
  // last known ones, whose lag against today's watermarks errs on the high side, instead of flapping to no_offset.
  if (!offsets && previous?.offsets) {
    return { ...groupFields(g, c, description, previous.members), offsets: previous.offsets }
  }
  return {
    ...groupFields(g, c, description, null),
    offsets: offsets
      ? offsets.offsets
          .filter((o) => topicFilter(o.topic))
          .map((o) => ({
            ...o,
            recordTimestamp: firstWaiting(o),
            markersOnly: timestampCache.isMarkersOnly(o.topic, o.partition, o.offset),
          }))
          .sort((a, b) => cmp(a.topic, b.topic) || a.partition - b.partition)
      : null,
  }
}

function groupFields(
  g: GroupListing,
  c: CoordinatorGroups,
  description: GroupDescriptionRecord | undefined,
  previousMembers: GroupState['members'],
) {
  return {
    groupId: g.groupId,
    coordinator: c.broker.id,
    type: g.type,
    protocolType: description?.protocolType || g.protocolType,
    // The describe answer is newer than the listing; fall back to the listing's state when describe failed.
    state: description?.state ?? g.state,
    assignor: description?.assignor ?? '',
    members: description?.members ?? previousMembers,
  }
}

function clusterState(m: ClusterMetadataRecord) {
  return {
    id: m.clusterId,
    controllerId: m.controllerId,
    brokers: [...m.brokers].sort((a, b) => a.id - b.id),
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
