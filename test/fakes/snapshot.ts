import { type AnalyzedGroup, analyze, EMPTY_STATE } from '../../src/analysis/analyzer.js'
import type {
  ClusterState,
  CollectorResult,
  CommittedOffsetState,
  GroupState,
  PartitionState,
  ShareGroupState,
  Snapshot,
  TopicState,
} from '../../src/collect/snapshot.js'
import { KAFKA_APIS } from '../../src/kafka/source.js'
import type { BrokerRecord, MemberRecord } from '../../src/kafka/types.js'

/** Hand-built snapshots for analysis and rendering tests: every field has a dull default, tests name what matters. */

export function broker(
  id: number,
  host = `broker-${id}`,
  port = 9092,
  rack: string | null = null,
): BrokerRecord {
  return { id, host, port, rack }
}

export function partition(n: number, fields: Partial<PartitionState> = {}): PartitionState {
  return {
    partition: n,
    leader: 1,
    replicas: [1, 2, 3],
    isr: [1, 2, 3],
    offlineReplicas: [],
    earliest: 0,
    latest: 0,
    // No transaction open unless a test says so: the last stable offset is the high watermark.
    lastStable: fields.latest ?? 0,
    openTransactionTimestamp: null,
    ...fields,
  }
}

export function topic(
  name: string,
  partitions: PartitionState[],
  fields: Partial<TopicState> = {},
): TopicState {
  return { name, internal: false, minInsyncReplicas: null, retentionMs: null, partitions, ...fields }
}

export function member(
  memberId: string,
  assignments: [topic: string, partition: number][] = [],
): MemberRecord {
  return {
    memberId,
    instanceId: null,
    clientId: `client-${memberId}`,
    clientHost: '/10.0.0.1',
    assignments: assignments.map(([t, p]) => ({ topic: t, partition: p })),
  }
}

/** Committed offsets; an optional 4th element is the timestamp of the record at the committed offset. */
export function commits(
  ...entries: [topic: string, partition: number, offset: number, recordTimestamp?: number][]
): CommittedOffsetState[] {
  return entries.map(([t, p, offset, ts]) => ({
    topic: t,
    partition: p,
    offset,
    recordTimestamp: ts ?? null,
    markersOnly: false,
  }))
}

export function group(groupId: string, fields: Partial<GroupState> = {}): GroupState {
  return {
    groupId,
    coordinator: 1,
    type: 'classic',
    protocolType: 'consumer',
    state: 'STABLE',
    assignor: 'range',
    members: [],
    offsets: [],
    ...fields,
  }
}

export function cluster(brokers: BrokerRecord[], fields: Partial<ClusterState> = {}): ClusterState {
  return { id: 'test-cluster', controllerId: brokers[0]?.id ?? -1, brokers, ...fields }
}

export function collector(name: CollectorResult['name'], errors: string[] = []): CollectorResult {
  return { name, success: errors.length === 0, durationMs: 5, errors }
}

export function requests(counts: Partial<Snapshot['requests']> = {}): Snapshot['requests'] {
  return { ...(Object.fromEntries(KAFKA_APIS.map((a) => [a, 0])) as Snapshot['requests']), ...counts }
}

export function snapshot(fields: Partial<Snapshot> = {}): Snapshot {
  return {
    startedAt: 1_700_000_000_000,
    durationMs: 250,
    up: true,
    lastSuccessAt: 1_700_000_000_000,
    cluster: cluster([broker(1), broker(2), broker(3)]),
    topics: [],
    groups: [],
    shareGroups: [],
    collectors: [],
    requests: requests(),
    ...fields,
  }
}

/**
 * A snapshot in which every per-poll family has at least one sample: brokers with and without rack, a topic with
 * one partition in each health state, a topic without configs, a classic group with lag, loss and uncommitted
 * partitions, and a consumer-protocol group that is empty.
 *
 *   orders/0  leader 1, ISR 3/3                   hwm 100, start 0     app committed 90  → lag 10
 *   orders/1  leader 2, ISR 2/3 (= min ISR 2)     hwm 200, start 40    app committed 20  → lag 180, lost 20
 *   orders/2  leader 3, ISR 1/3 (< min ISR)       hwm 50               app: no commit    → uncommitted
 *   orders/3  offline (leader -1)                 watermarks unknown   app: no commit    → uncommitted
 *   payments/0 leader 1, ISR 1/1                  hwm 10               batch committed 5 → lag 5
 */
export function richSnapshot(fields: Partial<Snapshot> = {}): Snapshot {
  return snapshot({
    cluster: cluster([broker(1, 'h', 9092), broker(2, 'h2', 9093, 'rack-b'), broker(3, 'h3', 9092)], {
      id: 'abc',
      controllerId: 2,
    }),
    quorum: {
      leaderId: 2,
      leaderEpoch: 4,
      highWatermark: 900,
      replicas: [
        {
          replicaId: 1,
          role: 'voter',
          logEndOffset: 880,
          lag: 20,
          lastFetchAgeSeconds: 0.5,
          lastCaughtUpAgeSeconds: 3,
        },
        {
          replicaId: 2,
          role: 'voter',
          logEndOffset: 900,
          lag: 0,
          lastFetchAgeSeconds: 0,
          lastCaughtUpAgeSeconds: 0,
        },
        {
          replicaId: 7,
          role: 'observer',
          logEndOffset: null,
          lag: null,
          lastFetchAgeSeconds: null,
          lastCaughtUpAgeSeconds: null,
        },
      ],
    },
    topics: [
      topic(
        'orders',
        [
          partition(0, { leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3], earliest: 0, latest: 100 }),
          partition(1, { leader: 2, replicas: [1, 2, 3], isr: [2, 3], earliest: 40, latest: 200 }),
          partition(2, { leader: 3, replicas: [3, 1, 2], isr: [3], earliest: 0, latest: 50 }),
          partition(3, { leader: -1, replicas: [1, 2, 3], isr: [], earliest: null, latest: null }),
        ],
        { minInsyncReplicas: 2, retentionMs: 604_800_000 },
      ),
      topic('payments', [partition(0, { leader: 1, replicas: [1], isr: [1], earliest: 0, latest: 10 })], {
        retentionMs: -1,
      }),
    ],
    groups: [
      group('app', {
        coordinator: 1,
        members: [
          member('m1', [
            ['orders', 0],
            ['orders', 1],
          ]),
        ],
        offsets: commits(['orders', 0, 90, 1_700_000_000_000 - 42_000], ['orders', 1, 20]),
      }),
      group('batch', {
        coordinator: 3,
        type: 'consumer',
        state: 'EMPTY',
        assignor: 'uniform',
        members: [],
        offsets: commits(['payments', 0, 5]),
      }),
    ],
    shareGroups: [
      shareGroup('jobs', {
        offsets: [{ topic: 'orders', partition: 0, startOffset: 60, leaderEpoch: 0, lag: null }],
      }),
    ],
    collectors: [
      collector('metadata'),
      collector('topic_configs'),
      collector('groups'),
      collector('group_members'),
      collector('group_offsets', ['fetch committed offsets on broker 3: timeout']),
      collector('partition_offsets'),
    ],
    requests: requests({ Metadata: 1, ListGroups: 3, ListOffsets: 6, OffsetFetch: 2, DescribeGroups: 1 }),
    logDirs: {
      brokers: [
        {
          broker: 1,
          readAt: 1_700_000_000_000 - 30_000,
          dirs: [
            {
              path: '/data/a',
              online: true,
              errorCode: 0,
              totalBytes: 1000,
              usableBytes: 400,
              sizeBytes: 600,
              futureReplicas: 1,
              futureOffsetLag: 7,
              replicas: [
                { topic: 'orders', partition: 0, sizeBytes: 300, offsetLag: 0, future: false },
                { topic: 'orders', partition: 1, sizeBytes: 200, offsetLag: 0, future: true },
                { topic: 'payments', partition: 0, sizeBytes: 100, offsetLag: 0, future: false },
              ],
            },
            {
              path: '/data/b',
              online: false,
              errorCode: 56,
              totalBytes: null,
              usableBytes: null,
              sizeBytes: 0,
              futureReplicas: 0,
              futureOffsetLag: 0,
              replicas: [],
            },
          ],
        },
      ],
    },
    ...fields,
  })
}

/** A share group (KIP-932) coordinated by broker 2 with one member on orders/0, unless told otherwise. */
export function shareGroup(groupId: string, fields: Partial<ShareGroupState> = {}): ShareGroupState {
  return {
    groupId,
    coordinator: 2,
    state: 'STABLE',
    groupEpoch: 2,
    assignor: 'simple',
    members: [
      {
        memberId: `${groupId}-1`,
        memberEpoch: 2,
        clientId: `client-${groupId}`,
        clientHost: '/10.0.0.2',
        rackId: null,
        subscribedTopics: ['orders'],
        assignments: [{ topic: 'orders', partition: 0 }],
      },
    ],
    offsets: [],
    ...fields,
  }
}

/** Groups analysed from a single snapshot (no history), as the daemon would after its first poll. */
export function analyzedGroups(s: Snapshot): AnalyzedGroup[] {
  return analyze(EMPTY_STATE, s, { statusWindowMs: 600_000, allowedLag: 0, inactiveGraceMs: 1_800_000 })
    .groups
}
