import { gunzipSync } from 'node:zlib'
import type { AnalyzedGroup } from '../../src/analysis/analyzer.js'
import { type AnalysisState, analyze, EMPTY_STATE } from '../../src/analysis/analyzer.js'
import { nameFilter } from '../../src/collect/filters.js'
import { LogDirsCache } from '../../src/collect/log-dirs.js'
import { pollOnce } from '../../src/collect/poll.js'
import { RecordTimestampCache } from '../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../src/collect/topic-configs.js'
import type { LogDirRecord } from '../../src/kafka/types.js'
import { Exposition } from '../../src/metrics/exposition.js'
import { type OutputSettings, outputOptions } from '../../src/metrics/output.js'

import { renderGzipped, renderScrapeTail } from '../../src/metrics/render.js'
import { type FakeClusterSpec, FakeKafkaSource, type FakePartition, fakeLogSize } from './kafka-source.js'

import { member } from './snapshot.js'

/**
 * The cluster behind the golden expositions (test/golden/): a fixed timeline of polls 30 s apart, each answered
 * by the fake Kafka source, analysed and rendered as the daemon does. Clocks are fixed (wall clock per poll, and
 * performance.now() by the test), so the output is the same bytes on every run and machine.
 *
 *   brokers 1 (rack-a), 2 (rack-b), 3 (no rack); controller 2
 *   orders/0..2  leaders 1, 2, 3; 100 messages appended per poll per partition; orders/2 ISR 2/3 (under-replicated,
 *                still at min.insync.replicas 2)
 *   payments/0   no leader (offline), retention unlimited
 *   ledger/0     a transaction open since the first poll (last stable offset held), default configs
 *   billing              classic, one member on orders/*, commits 5 behind the end each poll   → ok
 *   audit                consumer protocol, EMPTY, offsets on orders/0 held at 500             → stopped
 *   stuck                classic, a member on orders/1, offset held at 900                     → stalled
 *   team "a"\b           a group id that needs escaping; commits ledger/0 below the log start  → data_lost
 *   fresh                a member on payments/0, nothing committed                             → no_offset
 *   jobs (share group)   two members sharing orders/*; start offsets 40 and 10 behind the end; the broker counts
 *                        25 unacknowledged on orders/0 (some acknowledged beyond the start), says nothing on
 *                        orders/1 (lag = high watermark − start offset)
 *   log dirs     read every 60 s (polls 0, 2, 4, 6); brokers 1 and 2 one directory each (the fake's default);
 *                broker 3 its main one nearly full, a second one with orders/2 being moved in, a third offline
 */
export const T0 = 1_700_000_000_000
export const POLL_INTERVAL_MS = 30_000
export const POLLS = 8
const ANALYSIS = { statusWindowMs: 120_000, allowedLag: 0, inactiveGraceMs: 1_800_000 }
const APPENDS_PER_POLL = 100
/** One message every 300 ms, so record timestamps agree with the watermark history. */
const MS_PER_MESSAGE = POLL_INTERVAL_MS / APPENDS_PER_POLL

function growing(
  partition: number,
  leader: number,
  replicas: number[],
  isr: number[],
  k: number,
): FakePartition {
  const start = 1000 * (partition + 1)
  const latest = start + APPENDS_PER_POLL * k
  const timeOfStart = T0 - start * MS_PER_MESSAGE
  return {
    partition,
    leader,
    replicas,
    isr,
    earliest: 0,
    latest,
    recordTime: (o) => timeOfStart + o * MS_PER_MESSAGE,
  }
}

/** The quorum leader's clock at its answers: not kafkascope's, whose skew plays no part in the ages. */
const QT = 1_800_000_000_000

/** The cluster as it is at poll k (0-based). */
export function clusterAt(k: number): FakeClusterSpec {
  const orders = [
    growing(0, 1, [1, 2, 3], [1, 2, 3], k),
    growing(1, 2, [2, 3, 1], [2, 3, 1], k),
    growing(2, 3, [3, 1, 2], [3, 1], k),
  ]
  const end = (p: number) => orders[p]?.latest ?? 0
  const ledger: FakePartition = {
    partition: 0,
    leader: 1,
    replicas: [1, 2, 3],
    isr: [1, 2, 3],
    earliest: 200,
    latest: 400 + 10 * k,
    lastStable: 400,
    recordTime: (o) => T0 - 60_000 + (o - 400) * 1000,
  }
  const replica = (topic: string, p: FakePartition) => ({
    topic,
    partition: p.partition,
    sizeBytes: fakeLogSize(p),
    offsetLag: 0,
    future: false,
  })
  const broker3: LogDirRecord[] = [
    {
      path: '/var/lib/kafka/data',
      errorCode: 0,
      totalBytes: 1e12,
      usableBytes: 5e10,
      replicas: [...orders.map((p) => replica('orders', p)), replica('ledger', ledger)],
    },
    {
      path: '/mnt/disk2',
      errorCode: 0,
      totalBytes: 5e11,
      usableBytes: 4.9e11,
      replicas: [{ topic: 'orders', partition: 2, sizeBytes: 40_000, offsetLag: 250, future: true }],
    },
    // KAFKA_STORAGE_ERROR: the broker took it offline; it says neither sizes nor replicas.
    { path: '/mnt/disk3', errorCode: 56, totalBytes: null, usableBytes: null, replicas: [] },
  ]
  return {
    clusterId: 'golden-cluster',
    // Metadata names a live broker; the quorum leader (3) is the active controller, and what is exported.
    controllerId: 2,
    quorum: {
      errorCode: 0,
      errorMessage: null,
      leaderId: 3,
      leaderEpoch: 7,
      highWatermark: 5000 + 10 * k,
      voters: [
        // The leader reports its own timestamps as its current time.
        { replicaId: 3, logEndOffset: 5000 + 10 * k, lastFetchTimestamp: QT, lastCaughtUpTimestamp: QT },
        {
          replicaId: 1,
          logEndOffset: 5000 + 10 * k,
          lastFetchTimestamp: QT - 250,
          lastCaughtUpTimestamp: QT - 250,
        },
        // Stopped fetching 90 s ago, 120 records behind.
        {
          replicaId: 2,
          logEndOffset: 4880 + 10 * k,
          lastFetchTimestamp: QT - 90_000,
          lastCaughtUpTimestamp: QT - 95_500,
        },
      ],
      // An observer the leader knows nothing about yet.
      observers: [{ replicaId: 4, logEndOffset: -1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 }],
    },
    brokers: [
      { id: 1, host: 'kafka-1', port: 9092, rack: 'rack-a' },
      { id: 2, host: 'kafka-2', port: 9092, rack: 'rack-b' },
      { id: 3, host: 'kafka-3', port: 9093, rack: null },
    ],
    topics: [
      {
        name: 'orders',
        partitions: orders,
        configs: { 'min.insync.replicas': '2', 'retention.ms': '604800000' },
      },
      {
        name: 'payments',
        partitions: [{ partition: 0, leader: -1, replicas: [2], isr: [], earliest: 0, latest: 0 }],
        configs: { 'retention.ms': '-1' },
      },
      { name: 'ledger', partitions: [ledger] },
    ],
    logDirs: { 3: broker3 },
    groups: [
      {
        groupId: 'billing',
        coordinator: 1,
        members: [
          member('billing-1', [
            ['orders', 0],
            ['orders', 1],
            ['orders', 2],
          ]),
        ],
        offsets: [0, 1, 2].map((p) => ({ topic: 'orders', partition: p, offset: end(p) - 5 })),
      },
      {
        groupId: 'audit',
        coordinator: 2,
        type: 'consumer',
        state: 'EMPTY',
        members: [],
        offsets: [{ topic: 'orders', partition: 0, offset: 500 }],
      },
      {
        groupId: 'stuck',
        coordinator: 3,
        members: [member('stuck-1', [['orders', 1]])],
        offsets: [{ topic: 'orders', partition: 1, offset: 900 }],
      },
      {
        groupId: 'team "a"\\b',
        coordinator: 1,
        state: 'EMPTY',
        members: [],
        offsets: [{ topic: 'ledger', partition: 0, offset: 150 }],
      },
      { groupId: 'fresh', coordinator: 2, members: [member('fresh-1', [['payments', 0]])], offsets: [] },
      {
        // A Kafka Streams app (KIP-1071): two instances, one of them still on the previous topology.
        groupId: 'enricher',
        coordinator: 2,
        type: 'streams',
        topologyEpoch: 3,
        streamsMembers: [
          { id: 'enricher-1', process: 'p-1', partitions: [0, 1], topologyEpoch: 3 },
          { id: 'enricher-2', process: 'p-2', partitions: [2], topologyEpoch: 2 },
        ].map((m) => ({
          ...member(
            m.id,
            m.partitions.map((p): [string, number] => ['orders', p]),
          ),
          memberEpoch: 9,
          processId: m.process,
          topologyEpoch: m.topologyEpoch,
          isClassic: false,
          tasks: { active: m.partitions.length, standby: 1, warmup: 0 },
        })),
        offsets: [0, 1, 2].map((p) => ({ topic: 'orders', partition: p, offset: end(p) - 2 })),
      },
    ],
    shareGroups: [
      {
        groupId: 'jobs',
        coordinator: 3,
        members: ['jobs-1', 'jobs-2'].map((id) => ({
          ...member(
            id,
            [0, 1, 2].map((p): [string, number] => ['orders', p]),
          ),
          memberEpoch: 4,
          rackId: null,
          subscribedTopics: ['orders'],
        })),
        offsets: [
          { topic: 'orders', partition: 0, startOffset: end(0) - 40, leaderEpoch: 0, lag: 25 },
          { topic: 'orders', partition: 1, startOffset: end(1) - 10, leaderEpoch: 0, lag: null },
        ],
      },
    ],
  }
}

export interface GoldenRun {
  readonly snapshot: Snapshot
  readonly groups: readonly AnalyzedGroup[]
}

/** Every poll of the timeline through pollOnce and analyze; the last snapshot and its analysis. */
export async function pollTimeline(): Promise<GoldenRun> {
  const source = new FakeKafkaSource(clusterAt(0))
  const all = nameFilter('.*', '^$')
  const configs = new TopicConfigCache(300_000)
  const timestamps = new RecordTimestampCache(1 << 20)
  const logDirs = new LogDirsCache(60_000)
  let previous: Snapshot | null = null
  let state: AnalysisState = EMPTY_STATE
  let groups: readonly AnalyzedGroup[] = []
  for (let k = 0; k < POLLS; k++) {
    source.cluster = clusterAt(k)
    const at = T0 + k * POLL_INTERVAL_MS
    const options = {
      source,
      timeoutMs: 5000,
      topicFilter: all,
      groupFilter: all,
      configs,
      timestamps,
      logDirs,
      previous,
    }
    previous = await pollOnce({ ...options, now: () => at })
    ;({ state, groups } = analyze(state, previous, ANALYSIS))
  }
  return { snapshot: previous as Snapshot, groups }
}

/** The body a scrape 2 s after the last poll gets (uncompressed), in a format, for output settings. */
export function exposition(
  run: GoldenRun,
  format: 'text' | 'openmetrics',
  settings: Partial<OutputSettings> = {},
): string {
  const output = outputOptions({
    labels: {},
    disabled: [],
    topicGranularity: 'partition',
    groupGranularity: 'partition',
    ...settings,
  })
  // The daemon's path: rendered and gzipped piece by piece as a poll does, then one scrape's body unzipped.
  const gzipped = renderGzipped({
    snapshot: run.snapshot,
    groups: run.groups,
    counters: { polls: POLLS, pollFailures: 0 },
    buildInfo: { version: '0.0.0-golden', nodeVersion: 'v20.0.0', platform: 'linux', arch: 'x64' },
    output,
  })
  const tail = renderScrapeTail({
    lastSuccessAt: run.snapshot.lastSuccessAt,
    now: run.snapshot.startedAt + 2000,
    ...(output ? { output } : {}),
  })
  return gunzipSync(Buffer.concat(new Exposition(gzipped).gzipBody(format, tail))).toString('utf8')
}
