import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'
import { type PromSeries, type RunningPrometheus, startPrometheus } from '../harness/prometheus.js'
import {
  committedDashboards,
  type PanelQuery,
  panelQueries,
  substitute,
} from '../support/dashboard-queries.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'

// The sidecar layout: several kafkascope instances report the same cluster, scraped as one job. The dashboards
// must show each partition and group once per cluster, whichever instances are selected.
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `sidecar-${run}`
const GROUP = `sidecar-group-${run}`
const CLUSTER = `sidecar-${run}`
const PARTITIONS = 3
const PRODUCED = 40
const COMMITTED = 10
const JOB = 'kafkascope'

const exporters: RunningExporter[] = []
let prometheus: RunningPrometheus

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: PARTITIONS, replicas: 3 })
  await produce(cluster.bootstrap, TOPIC, Array(PARTITIONS).fill(PRODUCED))
  await commitOffsets(
    cluster.bootstrap,
    GROUP,
    Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition, offset: COMMITTED })),
  )
  for (let i = 0; i < 2; i++) {
    exporters.push(
      await startExporter([
        ...serverFlags(cluster.bootstrap),
        '--poll.interval=1s',
        `--topic.filter=${run}`,
        `--group.filter=${run}`,
      ]),
    )
  }
  prometheus = await startPrometheus({
    scrape: { [JOB]: exporters.map((e) => new URL(e.url).host) },
    rules: {},
    targetLabels: { cluster: CLUSTER },
  })
  await prometheus.waitFor(
    'the group scraped from both instances',
    `kafka_consumergroup_lag_sum{consumergroup="${GROUP}"}`,
    (r) =>
      r.length === 2 && r.every((s) => s.value?.[1] === String(PARTITIONS * (PRODUCED - COMMITTED)))
        ? true
        : undefined,
  )
}, 120_000)

afterAll(async () => {
  await prometheus?.stop()
  for (const e of exporters) await e.stop()
})

function panel(uid: string, title: string): PanelQuery {
  const d = committedDashboards().find((x) => x.uid === uid)
  const found = d ? panelQueries(d).filter((q) => q.panel === title) : []
  if (found.length !== 1) throw new Error(`${found.length} queries in panel ${title} of ${uid}, expected 1`)
  return found[0] as PanelQuery
}

/** Both instances selected ("All"), the group and topic chosen. */
const values = { cluster: CLUSTER, job: JOB, instance: '.*', topic: TOPIC, consumergroup: GROUP }

async function run1(uid: string, title: string): Promise<PromSeries[]> {
  const q = panel(uid, title)
  const expr = substitute(q.expr, values)
  return q.instant ? prometheus.query(expr) : prometheus.queryRange(expr, 10)
}

const last = (s: PromSeries | undefined) => Number(s?.values?.at(-1)?.[1] ?? s?.value?.[1] ?? Number.NaN)

describe('dashboards with two kafkascope instances per cluster (sidecar layout)', () => {
  it('count messages, lag, groups and brokers once, where a sum over instances doubles them', async () => {
    const naive = await prometheus.query(`sum(kafka_consumergroup_lag_sum{consumergroup="${GROUP}"})`)
    expect(last(naive[0])).toBe(2 * PARTITIONS * (PRODUCED - COMMITTED))

    const lag = await run1('kafkascope-consumer-groups', 'Lag per group')
    expect(lag.map((s) => [s.metric.consumergroup, last(s)])).toEqual([
      [GROUP, PARTITIONS * (PRODUCED - COMMITTED)],
    ])
    const groups = await run1('kafkascope-consumer-groups', 'Groups')
    expect(groups.map((s) => [s.metric.cluster, last(s)])).toEqual([[CLUSTER, 1]])
    const retained = await run1('kafkascope-topics', 'Retained messages per topic')
    expect(retained.map((s) => [s.metric.topic, last(s)])).toEqual([[TOPIC, PARTITIONS * PRODUCED]])
    const perPartition = await run1('kafkascope-consumer-groups', 'Lag per partition')
    expect(perPartition.map((s) => last(s))).toEqual(Array(PARTITIONS).fill(PRODUCED - COMMITTED))
    const brokers = await run1('kafkascope-cluster', 'Brokers')
    expect(brokers.map((s) => [s.metric.cluster, last(s)])).toEqual([[CLUSTER, 3]])
    const underReplicated = await run1('kafkascope-cluster', 'Under-replicated')
    expect(underReplicated.map((s) => [s.metric.cluster, last(s)])).toEqual([[CLUSTER, 0]])
  })
})
