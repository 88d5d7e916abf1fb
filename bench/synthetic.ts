import type { Snapshot } from '../src/collect/snapshot.js'
import { KAFKA_APIS } from '../src/kafka/source.js'

/**
 * A synthetic snapshot shaped like a real cluster: `topics` × `partitions`, and `groups` each committed on
 * `topicsPerGroup` whole topics. Series ≈ 11 per partition + 4 per committed partition (+ per-topic/group ones).
 */
export function syntheticSnapshot(opts: {
  topics: number
  partitions: number
  groups: number
  topicsPerGroup: number
}): Snapshot {
  const now = Date.now()
  const topics = Array.from({ length: opts.topics }, (_, t) => ({
    name: `topic-${String(t).padStart(5, '0')}`,
    internal: false,
    minInsyncReplicas: 2,
    retentionMs: 604_800_000,
    partitions: Array.from({ length: opts.partitions }, (_, p) => ({
      partition: p,
      leader: (p % 3) + 1,
      replicas: [(p % 3) + 1, ((p + 1) % 3) + 1, ((p + 2) % 3) + 1],
      isr: [(p % 3) + 1, ((p + 1) % 3) + 1, ((p + 2) % 3) + 1],
      offlineReplicas: [],
      earliest: 1000 * p,
      latest: 1000 * p + 123_456,
      lastStable: 1000 * p + 123_456,
      openTransactionTimestamp: null,
    })),
  }))
  const groups = Array.from({ length: opts.groups }, (_, g) => {
    const mine = Array.from(
      { length: opts.topicsPerGroup },
      (_, i) => topics[(g * opts.topicsPerGroup + i) % topics.length],
    )
    return {
      groupId: `group-${String(g).padStart(5, '0')}`,
      coordinator: (g % 3) + 1,
      type: 'classic',
      protocolType: 'consumer',
      state: 'STABLE',
      assignor: 'range',
      members: [
        { memberId: `m-${g}`, instanceId: null, clientId: 'c', clientHost: '/10.0.0.1', assignments: [] },
      ],
      offsets: mine.flatMap((t) =>
        (t?.partitions ?? []).map((p) => ({
          topic: t?.name as string,
          partition: p.partition,
          offset: p.latest - 100,
          recordTimestamp: now - 5000,
          markersOnly: false,
        })),
      ),
    }
  })
  return Object.freeze({
    startedAt: now,
    durationMs: 12,
    up: true,
    lastSuccessAt: now,
    cluster: {
      id: 'bench',
      controllerId: 1,
      brokers: [1, 2, 3].map((id) => ({ id, host: `broker-${id}`, port: 9092, rack: null })),
    },
    topics,
    groups,
    shareGroups: [],
    collectors: [],
    requests: Object.fromEntries(KAFKA_APIS.map((a) => [a, 1])) as Snapshot['requests'],
  })
}
