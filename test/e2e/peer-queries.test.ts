import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pollUntil } from '../harness/kafka/metadata.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'
import { type PromSeries, type RunningPrometheus, startPrometheus } from '../harness/prometheus.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import {
  grafanaToRegex,
  KAFKA_EXPORTER_PANELS,
  KAFKA_EXPORTER_VARIABLES,
  STRIMZI_ALERTS,
} from '../support/peer-queries.js'

// kafka_exporter's own dashboard and Strimzi's kafka_exporter alerts, unchanged, against kafkascope scraped by a
// real Prometheus from the real cluster: a busy topic with a group far behind that keeps committing, and an idle
// topic that received messages once.
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const BUSY = `peers-busy-${run}`
const IDLE = `peers-idle-${run}`
const GROUP = `peers-group-${run}`
const PARTITIONS = 3
const BACKLOG = 1500
const COMMITTED = 100
const JOB = 'kafkascope'

let exporter: RunningExporter
let prometheus: RunningPrometheus
let instance: string
let producing = true
let traffic: Promise<void> | undefined

beforeAll(async () => {
  await createTopic(cluster.bootstrap, BUSY, { partitions: PARTITIONS, replicas: 3 })
  await createTopic(cluster.bootstrap, IDLE, { partitions: 1, replicas: 3 })
  await produce(cluster.bootstrap, IDLE, [10])
  await produce(cluster.bootstrap, BUSY, Array(PARTITIONS).fill(BACKLOG))
  // One message per partition and one committed offset more every 200 ms: the lag stays at the backlog while
  // both offsets move, as with a consumer that keeps pace but never catches up.
  traffic = (async () => {
    let committed = COMMITTED
    while (producing) {
      await produce(cluster.bootstrap, BUSY, Array(PARTITIONS).fill(1))
      await commitOffsets(
        cluster.bootstrap,
        GROUP,
        Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: BUSY, partition, offset: committed })),
      )
      committed++
      await new Promise((r) => setTimeout(r, 200))
    }
  })()
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=1s',
    `--topic.filter=${run}`,
    `--group.filter=${run}`,
  ])
  instance = new URL(exporter.url).host
  prometheus = await startPrometheus({ scrape: { [JOB]: [instance] }, rules: {} })
  await prometheus.waitFor(
    'the group committed in the busy topic scraped twice',
    `count_over_time(kafka_consumergroup_current_offset{consumergroup="${GROUP}"}[1m])`,
    (r) => (r.length === PARTITIONS && r.every((s) => Number(s.value?.[1]) >= 2) ? true : undefined),
  )
}, 120_000)

afterAll(async () => {
  producing = false
  await traffic
  await prometheus?.stop()
  await exporter?.stop()
})

async function rangeQuery(what: string, expr: string): Promise<PromSeries[]> {
  try {
    return await prometheus.queryRange(expr, 60)
  } catch (err) {
    throw new Error(`${what}: ${expr}: ${err instanceof Error ? err.message : String(err)}`)
  }
}

const last = (s: PromSeries | undefined) => Number(s?.values?.at(-1)?.[1] ?? Number.NaN)
const of = (r: PromSeries[], labels: Record<string, string>) =>
  r.find((s) => Object.entries(labels).every(([k, v]) => s.metric[k] === v))

describe("kafka_exporter's dashboard on kafkascope", () => {
  it('fills every template variable with this target, its job and both topics', async () => {
    const options: Record<string, string[]> = {}
    for (const v of KAFKA_EXPORTER_VARIABLES) {
      options[v.label] = await prometheus.labelValues(v.label, grafanaToRegex(v.expr))
    }
    expect(options.job).toContain(JOB)
    expect(options.instance).toContain(instance)
    expect(options.topic).toEqual(expect.arrayContaining([BUSY, IDLE]))
    expect(options.topic).not.toContain('__consumer_offsets')
  })

  it('returns data for every panel query, with the values this traffic gives', async () => {
    const results = new Map<string, PromSeries[]>()
    for (const p of KAFKA_EXPORTER_PANELS) {
      const r = await rangeQuery(p.name, grafanaToRegex(p.expr))
      expect(r.length, `${p.name}: ${p.expr}`).toBeGreaterThan(0)
      results.set(p.name, r)
    }
    const get = (name: string) => results.get(name) as PromSeries[]
    expect(last(of(get('Message in per second'), { topic: BUSY }))).toBeGreaterThan(0)
    expect(last(of(get('Message in per second'), { topic: IDLE }))).toBe(0)
    expect(
      last(of(get('Lag by  Consumer Group'), { consumergroup: GROUP, topic: BUSY })),
    ).toBeGreaterThanOrEqual(PARTITIONS * (BACKLOG - COMMITTED))
    expect(last(of(get('Message in per minute'), { topic: BUSY }))).toBeGreaterThan(0)
    expect(last(of(get('Partitions per Topic'), { topic: BUSY }))).toBe(PARTITIONS)
    expect(last(of(get('Partitions per Topic'), { topic: IDLE }))).toBe(1)
    // The group commits a little more every 200 ms, so its consumption is above 0 once two scrapes differ.
    const consumed = await pollUntil(
      'consumption of the group above 0',
      async () => {
        const panel = KAFKA_EXPORTER_PANELS.find((p) => p.name === 'Message consume per minute')
        const r = await rangeQuery('Message consume per minute', grafanaToRegex(panel?.expr ?? ''))
        const v = last(of(r, { consumergroup: GROUP, topic: BUSY }))
        return v > 0 ? v : undefined
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    )
    expect(consumed).toBeGreaterThan(0)
  })
})

describe("Strimzi's kafka_exporter alert rules on kafkascope", () => {
  it('has series for every expression without its threshold', async () => {
    for (const a of STRIMZI_ALERTS) {
      const r = await prometheus.query(a.series)
      const topics = new Set(r.map((s) => s.metric.topic))
      expect(topics, `${a.name}: ${a.series}`).toContain(BUSY)
    }
  })

  it('fires TooLargeConsumerGroupLag for the group behind and NoMessageForTooLong for the idle topic only', async () => {
    const expr = (name: string) => STRIMZI_ALERTS.find((a) => a.name === name)?.expr ?? ''
    const lag = await prometheus.query(expr('TooLargeConsumerGroupLag'))
    expect(
      lag
        .filter((s) => s.metric.consumergroup === GROUP)
        .map((s) => s.metric.partition)
        .sort(),
    ).toEqual(['0', '1', '2'])
    const idle = await prometheus.query(expr('NoMessageForTooLong'))
    expect(idle.map((s) => s.metric.topic)).toContain(IDLE)
    expect(idle.map((s) => s.metric.topic)).not.toContain(BUSY)
    const underReplicated = await prometheus.query(expr('UnderReplicatedPartition'))
    expect(underReplicated.filter((s) => s.metric.topic === BUSY)).toEqual([])
  })
})
