// Poll benchmark against a real local Kafka: npx tsx bench/poll.ts [topics] [partitionsPerTopic] [groups]
// Starts its own 3-broker cluster (test/harness), creates the topics (RF 1 to fit three 384 MB brokers on a small
// machine) and groups with committed offsets, then measures pollOnce + analysis + render as the daemon runs them.
import { Admin } from '@platformatic/kafka'
import { analyze, EMPTY_STATE } from '../src/analysis/analyzer.js'
import { nameFilter } from '../src/collect/filters.js'
import { pollOnce } from '../src/collect/poll.js'
import { RecordTimestampCache } from '../src/collect/record-timestamps.js'
import type { Snapshot } from '../src/collect/snapshot.js'
import { TopicConfigCache } from '../src/collect/topic-configs.js'
import { KafkaClient } from '../src/kafka/client.js'
import { renderSnapshot } from '../src/metrics/render.js'
import { startKafkaCluster } from '../test/harness/kafka/cluster.js'

const [topicCount = 100, partitionsPerTopic = 50, groupCount = 500] = process.argv.slice(2).map(Number)
const POLLS = 15

const cluster = await startKafkaCluster({ nodes: 3 })
try {
  const bootstrap = cluster.bootstrap.split(',')
  const admin = new Admin({ clientId: 'bench-setup', bootstrapBrokers: bootstrap, timeout: 120_000 })
  const topics = Array.from({ length: topicCount }, (_, i) => `bench-${String(i).padStart(4, '0')}`)
  let t = performance.now()
  for (let i = 0; i < topics.length; i += 20) {
    await admin.createTopics({ topics: topics.slice(i, i + 20), partitions: partitionsPerTopic, replicas: 1 })
  }
  console.log(
    `created ${topicCount} topics × ${partitionsPerTopic} partitions in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )
  t = performance.now()
  const commit = async (g: number): Promise<void> => {
    const topic = topics[g % topics.length] as string
    await admin.alterConsumerGroupOffsets({
      groupId: `bench-group-${g}`,
      topics: [
        {
          name: topic,
          partitionOffsets: Array.from({ length: partitionsPerTopic }, (_, partition) => ({
            partition,
            offset: 0n,
          })),
        },
      ],
    })
  }
  // The group coordinator (__consumer_offsets) is created on first use and may need a few seconds.
  for (let attempt = 0; ; attempt++) {
    try {
      await commit(0)
      break
    } catch (error) {
      if (attempt > 60) throw error
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
  for (let g = 1; g < groupCount; g++) await commit(g)
  await admin.close()
  console.log(
    `committed offsets for ${groupCount} groups in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )

  const client = new KafkaClient({ bootstrap, requestTimeoutMs: 30_000 })
  const configs = new TopicConfigCache(300_000)
  const timestamps = new RecordTimestampCache(4 << 20)
  const all = nameFilter('.*', '^$')
  let previous: Snapshot | null = null
  let state = EMPTY_STATE
  const rows: {
    wall: number
    cpu: number
    analysis: number
    render: number
    requests: number
    series: number
  }[] = []
  for (let i = 0; i < POLLS; i++) {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const s: Snapshot = await pollOnce({
      source: client,
      timeoutMs: 60_000,
      topicFilter: all,
      groupFilter: all,
      configs,
      timestamps,
      previous,
    })
    const wall = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const t1 = performance.now()
    const analyzed = analyze(state, s, { statusWindowMs: 600_000, allowedLag: 0, inactiveGraceMs: 1_800_000 })
    const t2 = performance.now()
    const body = renderSnapshot({
      snapshot: s,
      groups: analyzed.groups,
      counters: { polls: i, pollFailures: 0 },
      buildInfo: { version: 'bench' },
    }).body('text')
    const t3 = performance.now()
    state = analyzed.state
    previous = s
    if (!s.up || s.collectors.some((c) => !c.success))
      console.log('collector failures:', JSON.stringify(s.collectors.filter((c) => !c.success)))
    let series = 0
    for (let k = 0; k < body.length; k++) if (body[k] === 10 && body[k + 1] !== 35) series++
    rows.push({
      wall,
      cpu: (cpu.user + cpu.system) / 1000,
      analysis: t2 - t1,
      render: t3 - t2,
      requests: Object.values(s.requests).reduce((a, b) => a + b, 0),
      series,
    })
    if (i === 0)
      console.log(
        `first poll: ${s.topics.reduce((n, t) => n + t.partitions.length, 0)} partitions, ${s.groups.length} groups, requests ${JSON.stringify(s.requests)}`,
      )
  }
  await client.close()
  const steady = rows.slice(2)
  const p = (k: keyof (typeof rows)[number], q: number) => {
    const v = steady.map((r) => r[k]).sort((a, b) => a - b)
    return v[Math.min(v.length - 1, Math.floor(q * v.length))] as number
  }
  console.log(
    `steady state over ${steady.length} polls: wall p50=${p('wall', 0.5).toFixed(0)}ms p90=${p('wall', 0.9).toFixed(0)}ms  ` +
      `cpu/poll p50=${p('cpu', 0.5).toFixed(0)}ms  analysis p50=${p('analysis', 0.5).toFixed(0)}ms  render p50=${p('render', 0.5).toFixed(0)}ms  ` +
      `requests/poll=${p('requests', 0.5)}  series=${p('series', 0.5)}  rss=${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)}MiB`,
  )
} finally {
  await cluster.teardown()
}
