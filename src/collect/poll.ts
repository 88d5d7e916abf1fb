import type { KafkaSource } from '../kafka/source.js'
import type { ClusterMetadataRecord, GroupListing } from '../kafka/types.js'
import type { NameFilter } from './filters.js'
import { describeAndFetchOffsets, listGroupsPerCoordinator } from './groups.js'
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
  readonly previous: Snapshot | null
  readonly now?: () => number
}

/**
 * One poll → one snapshot, in four waves so the request count does not grow with partitions or groups:
 *   1. Metadata (1 request)
 *   2. ListGroups on every broker (B), and DescribeConfigs when due
 *   3. per coordinator: OffsetFetch for all its groups and Describe(Consumer)Groups (2C)
 *   4. per leader: ListOffsets earliest and latest (2B)
 * Committed offsets are read before watermarks on purpose: a high watermark read later is never older than the
 * commit, so lag = HWM − committed cannot go negative from read skew.
 */
export async function pollOnce(opts: PollOptions): Promise<Snapshot> {
  const now = opts.now ?? Date.now
  const startedAt = now()
  const startPerf = performance.now()
  const tracker = new PollTracker(opts.source, startedAt + opts.timeoutMs)

  const metadata = await tracker.request('metadata', 'Metadata', 'read cluster metadata', () =>
    opts.source.metadata(),
  )
  if (!metadata) {
    // Nothing new can be known without metadata; keep serving what the last good poll collected (its age shows).
    const prev = opts.previous
    return Object.freeze({
      startedAt,
      durationMs: performance.now() - startPerf,
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
  const [coordinated, configs] = await Promise.all([
    listGroupsPerCoordinator(tracker, metadata.brokers, opts.groupFilter),
    opts.configs.update(
      tracker,
      topics.map((t) => t.name),
      startedAt,
    ),
  ])
  const details = await describeAndFetchOffsets(tracker, coordinated)
  const watermarks = await fetchWatermarks(tracker, metadata.brokers, topics)

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
          }
        }),
    }
  })

  const groups: GroupState[] = coordinated
    .flatMap(({ broker, groups }) => groups.map((g) => groupState(g, broker.id, details, opts.topicFilter)))
    .sort((a, b) => cmp(a.groupId, b.groupId))

  return Object.freeze({
    startedAt,
    durationMs: performance.now() - startPerf,
    up: true,
    lastSuccessAt: startedAt,
    cluster: clusterState(metadata),
    topics: topicStates,
    groups,
    collectors: tracker.results(),
    requests: tracker.requests,
  })
}

function groupState(
  g: GroupListing,
  coordinator: number,
  details: Awaited<ReturnType<typeof describeAndFetchOffsets>>,
  topicFilter: NameFilter,
): GroupState {
  const description = details.descriptions.get(g.groupId)
  const offsets = details.offsets.get(g.groupId)
  return {
    groupId: g.groupId,
    coordinator,
    type: g.type,
    protocolType: description?.protocolType || g.protocolType,
    // The describe answer is newer than the listing; fall back to the listing's state when describe failed.
    state: description?.state ?? g.state,
    assignor: description?.assignor ?? '',
    members: description?.members ?? null,
    offsets: offsets
      ? offsets.offsets
          .filter((o) => topicFilter(o.topic))
          .sort((a, b) => cmp(a.topic, b.topic) || a.partition - b.partition)
      : null,
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
