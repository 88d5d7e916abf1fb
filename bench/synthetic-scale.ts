// The whole per-poll pipeline on a synthetic cluster, no Kafka: node --expose-gc --import tsx bench/synthetic-scale.ts
//   [16k|100k] [polls=45]
// A fake KafkaSource (test/fakes) shaped like a real cluster — 3 brokers, RF 1 leaders round-robin, every group
// one member assigned its whole topic, offsets and watermarks advancing every poll, record timestamps known — is
// polled on a simulated 15 s clock (so 45 polls fill the default 10 min status window and the watermark history),
// and each poll runs exactly what the poll worker runs: collectors, analysis, render, gzip of both formats.
// Reported: CPU per poll (this thread, p50/max over the polls after the window filled), RSS (now and maximum),
// heap used after a full GC (what the analysis state and the last snapshot keep), series and body size.
// HEAP_SNAPSHOT=file writes a heap snapshot after the last poll; GC_EACH_POLL=1 collects after each poll.
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8'
import { constants, inflateRawSync } from 'node:zlib'
import { analyze, EMPTY_STATE } from '../src/analysis/analyzer.js'
import { pollSetup } from '../src/collect/from-config.js'
import { pollOnce } from '../src/collect/poll.js'
import type { Snapshot } from '../src/collect/snapshot.js'
import { renderGzipped } from '../src/metrics/render.js'
import { renderLabels } from '../src/metrics/series/context.js'
import type { FakeClusterSpec, FakeGroup, FakeTopic } from '../test/fakes/kafka-source.js'
import { FakeKafkaSource } from '../test/fakes/kafka-source.js'

const SHAPES = {
  // The real cluster: 16,000 partitions, 1,500 groups, 22,000 committed group partitions.
  '16k': { topics: 1000, partitions: 16, groups: 1500, committedGroups: 1375 },
  '100k': { topics: 5000, partitions: 20, groups: 10_000, committedGroups: 10_000 },
} as const
const [shapeName = '16k', pollsArg = '45'] = process.argv.slice(2)
const shape = SHAPES[shapeName as keyof typeof SHAPES]
if (!shape) throw new Error(`shape ${shapeName}: one of ${Object.keys(SHAPES).join(', ')}`)
const POLLS = Number(pollsArg)
const INTERVAL_MS = 15_000
const T0 = Date.now() - POLLS * INTERVAL_MS
const brokers = [1, 2, 3].map((id) => ({ id, host: `kafka-${id}`, port: 9092, rack: null }))

/** The cluster as of poll `k`: every partition receives 1–20 records/s, groups consume a bit less or all. */
function clusterAt(k: number): FakeClusterSpec {
  const time = T0 + k * INTERVAL_MS
  const topics: FakeTopic[] = Array.from({ length: shape.topics }, (_, t) => ({
    name: `topic-${String(t).padStart(5, '0')}`,
    configs: { 'min.insync.replicas': '1', 'retention.ms': '604800000' },
    partitions: Array.from({ length: shape.partitions }, (_, p) => {
      const rate = 1 + ((t * 7 + p) % 20)
      const latest = 1_000_000 + Math.floor(((k * INTERVAL_MS) / 1000) * rate)
      const leader = ((t + p) % 3) + 1
      return {
        partition: p,
        leader,
        replicas: [leader],
        isr: [leader],
        earliest: 1000,
        latest,
        recordTime: (offset: number) => time - ((latest - offset) / rate) * 1000,
      }
    }),
  }))
  const groups: FakeGroup[] = Array.from({ length: shape.groups }, (_, g) => {
    const topic = topics[g % topics.length] as FakeTopic
    const committed = g < shape.committedGroups
    const member = {
      memberId: `consumer-${g}-0`,
      instanceId: null,
      clientId: `app-${g}`,
      clientHost: '/10.0.0.1',
      assignments: topic.partitions.map((p) => ({ topic: topic.name, partition: p.partition })),
    }
    return {
      groupId: `group-${String(g).padStart(5, '0')}`,
      coordinator: (g % 3) + 1,
      state: committed ? 'Stable' : 'Empty',
      members: committed ? [member] : [],
      offsets: committed
        ? topic.partitions.map((p) => ({
            topic: topic.name,
            partition: p.partition,
            // Every third group falls behind, the others keep within a few seconds.
            offset: g % 3 === 0 ? p.latest - 50 * k : p.latest - (g % 40),
          }))
        : [],
    }
  })
  return { clusterId: 'synthetic', controllerId: 1, brokers, topics, groups }
}

const source = new FakeKafkaSource(clusterAt(0))
const setup = pollSetup(
  {
    timeoutMs: 60_000,
    topics: { include: '.*', exclude: '^$' },
    groups: { include: '.*', exclude: '^$' },
    configRefreshMs: 300_000,
    lagFetchMaxBytes: 1 << 20,
    logDirsRefreshMs: 60_000,
  },
  source,
)
const gc = (globalThis as { gc?: () => void }).gc
let state: ReturnType<typeof analyze>['state'] = EMPTY_STATE
let previous: Snapshot | null = null
// Kept as the worker keeps them (for the JSON API), so the figures below include them.
let lastGroups: unknown = null
// Kept across polls as the engine keeps them.
const labels = renderLabels()
const rows: { cpu: number; wall: number; poll: number; analysis: number; render: number }[] = []
let series = 0
let body = 0
let pieces = 0
for (let k = 0; k < POLLS; k++) {
  // Building the next cluster state is the bench's work, not the exporter's: outside the measurement.
  source.cluster = clusterAt(k)
  source.events.length = 0
  // POLL_MARKS=1: a line before each poll, so a trace (bench/recompiles.ts) can tell the steady polls apart.
  if (process.env.POLL_MARKS === '1') console.log(`--- poll ${k}`)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const snapshot = await pollOnce({ ...setup, previous, now: () => T0 + k * INTERVAL_MS })
  const t1 = performance.now()
  const analyzed = analyze(state, snapshot, {
    statusWindowMs: 600_000,
    allowedLag: 0,
    inactiveGraceMs: 1_800_000,
  })
  const t2 = performance.now()
  // Render and gzip are one pass, as in the poll worker (each megabyte deflated as it is written).
  const gzipped = renderGzipped({
    snapshot,
    groups: analyzed.groups,
    counters: { polls: k, pollFailures: 0 },
    buildInfo: { version: 'bench' },
    labels,
  })
  const t3 = performance.now()
  const cpu = process.cpuUsage(cpu0)
  state = analyzed.state
  previous = snapshot
  lastGroups = analyzed.groups
  // GC_EACH_POLL=1: a full collection after each poll, outside the measurement (a lever tried and dropped, see
  // bench/README.md: a quarter to a third less RSS, and the next polls' own CPU about doubles).
  if (process.env.GC_EACH_POLL === '1') {
    const c0 = process.cpuUsage()
    gc?.()
    const c = process.cpuUsage(c0)
    console.error(`full gc after poll ${k}: ${((c.user + c.system) / 1000).toFixed(0)} ms of CPU`)
  }
  rows.push({
    cpu: (cpu.user + cpu.system) / 1e6,
    wall: (t3 - t0) / 1000,
    poll: (t1 - t0) / 1000,
    analysis: (t2 - t1) / 1000,
    render: (t3 - t2) / 1000,
  })
  if (k === POLLS - 1) {
    body = gzipped.text.length
    pieces = gzipped.text.deflated.length
    const text = inflateRawSync(Buffer.concat(gzipped.text.deflated), { finishFlush: constants.Z_SYNC_FLUSH })
    for (let i = 0; i < text.length; i++) if (text[i] === 10 && text[i + 1] !== 35) series++
  }
}
gc?.()
// HEAP_SNAPSHOT=file: what is kept after the last poll, for a heap-snapshot viewer (before anything is let go).
if (process.env.HEAP_SNAPSHOT) writeHeapSnapshot(process.env.HEAP_SNAPSHOT)
const heap = getHeapStatistics()
// Polls after the window filled (the last third): the steady state.
const steady = rows.slice(Math.floor((POLLS * 2) / 3))
const p = (key: keyof (typeof rows)[number], q: number) => {
  const v = steady.map((r) => r[key]).sort((a, b) => a - b)
  return (v[Math.min(v.length - 1, Math.floor(q * v.length))] as number).toFixed(3)
}
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)}MiB`
const partitions = shape.topics * shape.partitions
console.log(
  `${shapeName}: ${partitions} partitions, ${shape.groups} groups, ${shape.committedGroups * shape.partitions} group partitions, ${POLLS} polls`,
)
console.log(
  [
    `cpu/poll p50=${p('cpu', 0.5)}s max=${p('cpu', 1)}s`,
    `(collect ${p('poll', 0.5)} + analysis ${p('analysis', 0.5)} + render and gzip ${p('render', 0.5)} s wall p50)`,
    `rss=${mib(process.memoryUsage.rss())} max=${mib(process.resourceUsage().maxRSS * 1024)}`,
    `heap used after GC=${gc ? mib(heap.used_heap_size) : 'n/a (run with --expose-gc)'} external=${mib(heap.external_memory)}`,
    `series=${series} body=${mib(body)} in ${pieces} gzipped pieces`,
  ].join('  '),
)

// What each part keeps: the heap after a full GC, before and after letting go of it.
if (gc) {
  // Heap plus external memory (typed arrays' and Buffers' backing stores live outside the heap).
  const used = () => {
    gc()
    const h = getHeapStatistics()
    return h.used_heap_size + h.external_memory
  }
  const parts: string[] = []
  let before = used()
  const release = (name: string, drop: () => void) => {
    drop()
    const after = used()
    parts.push(`${name}=${mib(before - after)}`)
    before = after
  }
  release('analysis state', () => {
    state = EMPTY_STATE
  })
  release('analysed groups', () => {
    if (lastGroups !== null) lastGroups = null
  })
  release('last snapshot', () => {
    previous = null
  })
  release('caches (timestamps, configs)', () => {
    ;(setup as { configs: unknown }).configs = null
    ;(setup as { timestamps: unknown }).timestamps = null
  })
  console.log(
    `kept after GC: ${parts.join('  ')}  rest=${mib(before)} (code, fake cluster); heap + external memory`,
  )
}
