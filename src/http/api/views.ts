import type { AnalyzedGroup } from '../../analysis/analyzer.js'
import type { TopicLogSize } from '../../analysis/log-sizes.js'
import { partitionHealth } from '../../analysis/replication.js'
import type { Snapshot, TopicState } from '../../collect/snapshot.js'
import { scrubSecrets } from '../../secret.js'
import { brokerLogDirsDoc, replicaLogsByPartition, topicSizeFields } from './log-dirs.js'
import { quorumDoc } from './quorum-view.js'

/**
 * The JSON API's documents, built from the same snapshot and analysis as the metrics. Field names are part of the
 * API (v1): add fields freely, never rename or remove them. Times are ISO 8601, durations in seconds.
 */
export function clusterDoc(snapshot: Snapshot, now: number) {
  return {
    clusterId: snapshot.cluster?.id ?? null,
    controllerId: snapshot.cluster?.controllerId ?? null,
    up: snapshot.up,
    lastSuccessAt: iso(snapshot.lastSuccessAt),
    dataAgeSeconds:
      snapshot.lastSuccessAt === null ? null : Math.max(0, (now - snapshot.lastSuccessAt) / 1000),
    brokers: brokersDoc(snapshot),
    collectors: snapshot.collectors.map((c) => ({
      name: c.name,
      success: c.success,
      durationSeconds: c.durationMs / 1000,
      // Error texts can quote a server's message; scrub them as the logger does.
      errors: c.errors.map(scrubSecrets),
    })),
    requests: snapshot.requests,
    quorum: quorumDoc(snapshot),
  }
}

export function brokersDoc(snapshot: Snapshot) {
  const controller = snapshot.cluster?.controllerId
  return (snapshot.cluster?.brokers ?? []).map((b) => ({
    id: b.id,
    host: b.host,
    port: b.port,
    rack: b.rack,
    controller: b.id === controller,
    logDirs: brokerLogDirsDoc(snapshot, b.id),
  }))
}

/** `size`: its size on disk (log-dirs.ts topicSizes), undefined while unknown. */
export function topicSummaryDoc(t: TopicState, size?: TopicLogSize) {
  const health = t.partitions.map((p) => partitionHealth(p, t.minInsyncReplicas))
  return {
    name: t.name,
    internal: t.internal,
    partitions: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? null,
    minInsyncReplicas: t.minInsyncReplicas,
    retentionSeconds: t.retentionMs === null || t.retentionMs < 0 ? null : t.retentionMs / 1000,
    underReplicatedPartitions: health.filter((h) => h.underReplicated).length,
    // Unknown while any partition's is (min.insync.replicas not read yet), as the metric is absent then.
    underMinIsrPartitions: health.some((h) => h.underMinIsr === null)
      ? null
      : health.filter((h) => h.underMinIsr).length,
    offlinePartitions: health.filter((h) => h.offline).length,
    messages: sumKnown(
      t.partitions.map((p) => (p.latest === null || p.earliest === null ? null : p.latest - p.earliest)),
    ),
    ...topicSizeFields(size),
  }
}

export function topicDoc(t: TopicState, snapshot: Snapshot, size?: TopicLogSize) {
  const replicaLogs = replicaLogsByPartition(snapshot, t)
  return {
    ...topicSummaryDoc(t, size),
    partitionDetails: t.partitions.map((p) => {
      const h = partitionHealth(p, t.minInsyncReplicas)
      return {
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas,
        logStartOffset: p.earliest,
        highWatermark: p.latest,
        underReplicated: h.underReplicated,
        underMinIsr: h.underMinIsr,
        offline: h.offline,
        leaderIsPreferred: h.leaderIsPreferred,
        replicaLogs: replicaLogs(p.partition),
      }
    }),
  }
}

export function groupSummaryDoc(g: AnalyzedGroup) {
  return {
    groupId: g.group.groupId,
    state: g.group.state,
    protocol: g.group.type,
    protocolType: g.group.protocolType,
    assignor: g.group.assignor,
    coordinator: g.group.coordinator,
    members: g.group.members?.length ?? null,
    lag: g.topics.reduce((n, t) => n + t.lagSum, 0),
    maxLag: g.maxLag,
    maxLagSeconds: g.maxLagSeconds,
    status: g.verdict?.status ?? null,
    reason: g.verdict?.reason ?? null,
    inactiveSince: iso(g.inactiveSince),
  }
}

export function groupDoc(g: AnalyzedGroup) {
  return {
    ...groupSummaryDoc(g),
    memberDetails: (g.group.members ?? []).map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      assignments: m.assignments,
    })),
    // Kafka Streams groups (KIP-1071): epochs, topology and each member's process and tasks; null for other groups.
    streams: g.group.streams ?? null,
    topics: g.topics.map((t) => ({
      topic: t.topic,
      lag: t.lagSum,
      maxLagSeconds: t.maxLagSeconds,
      uncommittedPartitions: t.uncommitted,
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        committedOffset: p.committed,
        highWatermark: p.highWatermark,
        lag: p.lag,
        lagSeconds: p.timeLag.seconds,
        lagSecondsSource: p.timeLag.source,
        lostMessages: p.lost,
        status: p.verdict.status,
        reason: p.verdict.reason,
      })),
    })),
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

function sumKnown(values: (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b as number), 0)
}
