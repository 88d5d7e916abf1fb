import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allAlerts, runbookUrl } from '../../src/monitoring/alerts/index.js'
import type { AlertSpec } from '../../src/monitoring/alerts/spec.js'
import { concreteText } from '../../src/monitoring/alerts/template.js'
import { renderRules } from '../../src/monitoring/artifacts.js'
import { type AlertName, defaultConfig, withFor } from '../../src/monitoring/config.js'
import { type NotifiedAlert, type RunningAlertmanager, startAlertmanager } from '../harness/alertmanager.js'
import { pollUntil } from '../harness/kafka/metadata.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { SHARE_GROUP_COMMAND } from '../harness/kafka/share-groups.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'
import { type PromSeries, type RunningPrometheus, startPrometheus } from '../harness/prometheus.js'
import {
  committedDashboards,
  type PanelQuery,
  panelQueries,
  substitute,
  variableQueries,
} from '../support/dashboard-queries.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const REPLICATED = `alerts-rf3-${run}` // 2 partitions on all 3 brokers: under-replicated while one is down
const LAGGED = `alerts-lag-${run}`
const BEHIND = `alerts-behind-${run}` // committed far below the high watermark, no members
const CAUGHT_UP = `alerts-caught-up-${run}` // committed at the high watermark
const SHARED = `alerts-share-${run}` // a share group (Kafka 4 only) without members, its start offset at BEHIND_AT
const hasShareGroups = Number(cluster.version.split('.')[0]) >= 4
const PRODUCED = 1500
const BEHIND_AT = 100
const STOPPED = 2
// The shipped rules and thresholds, with every `for` cut to 2s so the test needs seconds, not minutes.
const config = { ...withFor(defaultConfig, '2s'), pollIntervalSeconds: 1 }
const JOB = 'kafkascope'
// A target label, as Kubernetes setups attach one, so the dashboards' cluster variable has a value to offer.
const CLUSTER = `e2e-${run}`

let exporter: RunningExporter
let alertmanager: RunningAlertmanager
let prometheus: RunningPrometheus
let instance: string

beforeAll(async () => {
  await createTopic(cluster.bootstrap, REPLICATED, { partitions: 2, replicas: 3 })
  await createTopic(cluster.bootstrap, LAGGED, { partitions: 1, replicas: 3 })
  // Written an hour ago, so the group left behind is also an hour late in time.
  const hourAgo = Date.now() - 3_600_000
  await produce(cluster.bootstrap, LAGGED, [PRODUCED], { timestamp: () => hourAgo })
  await commitOffsets(cluster.bootstrap, BEHIND, [{ topic: LAGGED, partition: 0, offset: BEHIND_AT }])
  await commitOffsets(cluster.bootstrap, CAUGHT_UP, [{ topic: LAGGED, partition: 0, offset: PRODUCED }])
  if (hasShareGroups) {
    const reset = ['--reset-offsets', '--group', SHARED, '--topic', LAGGED, '--to-offset', String(BEHIND_AT)]
    const r = await cluster.runTool(SHARE_GROUP_COMMAND, [
      '--bootstrap-server',
      cluster.bootstrap,
      ...reset,
      '--execute',
    ])
    if (r.code !== 0) throw new Error(`kafka-share-groups --reset-offsets failed: ${r.stdout}${r.stderr}`)
  }
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=1s',
    `--topic.filter=${run}`,
    `--group.filter=${run}`,
    // Judge group status over a few polls, so the group left behind is "stopped" within seconds.
    '--status.window=5s',
    // No per-partition topic series: the replication alerts and panels must work from the per-topic counts.
    '--metrics.topic-granularity=topic',
  ])
  instance = new URL(exporter.url).host
  alertmanager = await startAlertmanager()
  prometheus = await startPrometheus({
    scrape: { [JOB]: [instance] },
    rules: { 'kafkascope.rules.yml': renderRules(config) },
    alertmanager: alertmanager.address,
    targetLabels: { cluster: CLUSTER },
  })
  await prometheus.waitFor('kafkascope scraped with 3 brokers', `kafka_brokers{job="${JOB}"}`, (r) =>
    r[0]?.value?.[1] === '3' ? true : undefined,
  )
})

afterAll(async () => {
  await prometheus?.stop()
  await alertmanager?.stop()
  await exporter?.stop()
  // Other test files share the cluster: leave every node running.
  const state = await cluster.state()
  for (const node of state.nodes) if (!node.running) await cluster.startNode(node.id)
  await cluster.waitForBrokers(state.nodes.length)
})

function spec(name: AlertName): AlertSpec {
  const found = allAlerts(config).find((s) => s.alert === name)
  if (!found) throw new Error(`no alert ${name}`)
  return found
}

function notified(alerts: NotifiedAlert[], status: NotifiedAlert['status'], labels: Record<string, string>) {
  return alerts.filter(
    (a) => a.status === status && Object.entries(labels).every(([k, v]) => a.labels[k] === v),
  )
}

/** The annotations Prometheus must have rendered for this alert: the same text the promtool tests expect. */
function expectAnnotations(alert: NotifiedAlert, name: AlertName, value: number): void {
  const s = spec(name)
  expect(alert.annotations).toEqual({
    summary: s.summary,
    description: s.description(concreteText(alert.labels, value)),
    runbook_url: runbookUrl(config, name),
  })
}

async function runPanel(q: PanelQuery, values: Record<string, string>) {
  const expr = substitute(q.expr, values)
  try {
    return q.instant ? await prometheus.query(expr) : await prometheus.queryRange(expr, 60)
  } catch (err) {
    throw new Error(
      `${q.dashboard} / ${q.panel}: ${expr}: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}

/** The one query of the panel titled `title`. */
function panel(uid: string, title: string): PanelQuery {
  const d = committedDashboards().find((x) => x.uid === uid)
  const found = d ? panelQueries(d).filter((q) => q.panel === title) : []
  if (found.length !== 1) throw new Error(`${found.length} queries in panel ${title} of ${uid}, expected 1`)
  return found[0] as PanelQuery
}

/** The latest value of a series from an instant or a range query. */
function last(s: PromSeries | undefined): string | undefined {
  return s?.values?.at(-1)?.[1] ?? s?.value?.[1]
}

const ALL = { cluster: '.*', job: JOB, instance: '.*', topic: '.*', consumergroup: '.*', sharegroup: '.*' }

describe('generated rules and dashboards on a real Prometheus and Alertmanager', () => {
  it('loads every generated rule and evaluates each without error', async () => {
    const names = allAlerts(config).map((s) => s.alert)
    const rules = await pollUntil(
      'every rule evaluated',
      async () => {
        const res = await fetch(`${prometheus.url}/api/v1/rules`)
        const body = (await res.json()) as {
          data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] }
        }
        const all = body.data.groups.flatMap((g) => g.rules)
        return all.every((r) => r.health !== 'unknown') ? all : undefined
      },
      { timeoutMs: 30_000 },
    )
    expect(rules.map((r) => r.name).sort()).toEqual([...names].sort())
    for (const r of rules) expect(r, r.name).toMatchObject({ health: 'ok' })
  })

  it('runs every dashboard query, and the panels of this data return series', async () => {
    await prometheus.waitFor(
      'lag of the group left behind scraped',
      `kafka_consumergroup_lag_sum{consumergroup="${BEHIND}"}`,
      (r) => (r.length > 0 ? true : undefined),
    )
    const dashboards = committedDashboards()
    expect(dashboards.map((d) => d.uid).sort()).toEqual([
      'kafkascope-cluster',
      'kafkascope-consumer-groups',
      'kafkascope-exporter',
      'kafkascope-share-groups',
      'kafkascope-topics',
    ])
    const concrete = {
      cluster: CLUSTER,
      job: JOB,
      instance,
      topic: LAGGED,
      consumergroup: BEHIND,
      sharegroup: SHARED,
    }
    let queries = 0
    for (const d of dashboards) {
      for (const v of variableQueries(d)) {
        // Kafka 3.9 has no share groups to choose from.
        if (!hasShareGroups && d.uid === 'kafkascope-share-groups') continue
        const options = await prometheus.labelValues(v.label, substitute(v.match, ALL))
        expect(options.length, `${d.uid} variable ${v.name}`).toBeGreaterThan(0)
        if (v.name === 'cluster') expect(options).toEqual([CLUSTER])
        if (v.name === 'consumergroup') expect(options).toContain(BEHIND)
        if (v.name === 'topic') expect(options).toContain(LAGGED)
        if (v.name === 'sharegroup') expect(options).toContain(SHARED)
      }
      for (const q of panelQueries(d)) {
        await runPanel(q, ALL)
        await runPanel(q, concrete)
        queries++
      }
    }
    expect(queries).toBeGreaterThan(40)

    const [brokers] = await runPanel(panel('kafkascope-cluster', 'Brokers'), ALL)
    expect(last(brokers)).toBe('3')
    const [underReplicated] = await runPanel(panel('kafkascope-cluster', 'Under-replicated'), ALL)
    expect(last(underReplicated)).toBe('0')
    // --metrics.topic-granularity=topic is in force: no per-partition topic series reached Prometheus.
    expect(await prometheus.query(`{__name__=~"kafka_topic_partition_.+", job="${JOB}"}`)).toEqual([])
    // A rate needs two scrapes of the per-topic watermark sum.
    const messagesIn = substitute(panel('kafkascope-topics', 'Messages in per topic').expr, concrete)
    const [messages] = await prometheus.waitFor('messages in per topic', messagesIn, (r) =>
      r.length > 0 ? r : undefined,
    )
    expect(messages?.metric.topic).toBe(LAGGED)
    // The harness's three nodes are all controller voters, all fetching from the quorum leader.
    const [voters] = await runPanel(panel('kafkascope-cluster', 'Voters'), ALL)
    expect(last(voters)).toBe('3')
    const [reachable] = await runPanel(panel('kafkascope-cluster', 'Voters reachable'), ALL)
    expect(last(reachable)).toBe('3')
    const lag = await runPanel(panel('kafkascope-consumer-groups', 'Lag per topic'), concrete)
    expect(lag.map((s) => [s.metric.consumergroup, s.metric.topic, last(s)])).toEqual([
      [BEHIND, LAGGED, String(PRODUCED - BEHIND_AT)],
    ])
    const [age] = await runPanel(panel('kafkascope-consumer-groups', 'Lag age per group'), concrete)
    expect(Number(last(age))).toBeGreaterThan(3500)
    const partitions = await runPanel(panel('kafkascope-consumer-groups', 'Lag per partition'), ALL)
    expect(partitions.filter((s) => s.metric.consumergroup === CAUGHT_UP).map((s) => last(s))).toEqual(['0'])
    if (hasShareGroups) {
      const shareLag = await runPanel(panel('kafkascope-share-groups', 'Lag per topic'), concrete)
      expect(shareLag.map((s) => [s.metric.sharegroup, s.metric.topic, last(s)])).toEqual([
        [SHARED, LAGGED, String(PRODUCED - BEHIND_AT)],
      ])
    }
    const requests = await runPanel(panel('kafkascope-exporter', 'Requests per poll by API'), ALL)
    expect(requests.map((s) => s.metric.api)).toContain('Metadata')
    // Log dirs are read on the first poll: the topic written to has a size on disk, and each broker a disk usage.
    const [size] = await runPanel(panel('kafkascope-topics', 'Size on disk per topic'), concrete)
    expect(Number(last(size))).toBeGreaterThan(PRODUCED)
    const usage = await runPanel(panel('kafkascope-cluster', 'Broker disk usage'), ALL)
    expect(usage.map((s) => s.metric.broker_id).sort()).toEqual(['1', '2', '3'])
    expect(usage.every((s) => Number(last(s)) > 0 && Number(last(s)) < 1)).toBe(true)
  })

  it('delivers the lag alerts for the group left behind and none for the group caught up', async () => {
    const lagHigh = await alertmanager.waitFor(
      'KafkaConsumerGroupLagHigh for the group left behind',
      (alerts) =>
        notified(alerts, 'firing', { alertname: 'KafkaConsumerGroupLagHigh', consumergroup: BEHIND })[0],
    )
    expect(lagHigh.labels).toEqual({
      alertname: 'KafkaConsumerGroupLagHigh',
      severity: 'warning',
      cluster: CLUSTER,
      job: JOB,
      instance,
      consumergroup: BEHIND,
      topic: LAGGED,
    })
    expectAnnotations(lagHigh, 'KafkaConsumerGroupLagHigh', PRODUCED - BEHIND_AT)
    expect(lagHigh.annotations.description).toContain('is 1.4k messages behind')

    const tooOld = await alertmanager.waitFor(
      'KafkaConsumerGroupLagTooOld for the group left behind',
      (alerts) =>
        notified(alerts, 'firing', {
          alertname: 'KafkaConsumerGroupLagTooOld',
          consumergroup: BEHIND,
          topic: LAGGED,
        })[0],
    )
    expect(tooOld.labels.severity).toBe('warning')
    expect(tooOld.annotations.description).toMatch(/ is (59m \d+s|1h 0m \d+s) old, more than 300s/)

    const stopped = await alertmanager.waitFor(
      'KafkaConsumerGroupStopped for the group left behind',
      (alerts) =>
        notified(alerts, 'firing', { alertname: 'KafkaConsumerGroupStopped', consumergroup: BEHIND })[0],
    )
    expectAnnotations(stopped, 'KafkaConsumerGroupStopped', 1)

    if (hasShareGroups) {
      // The share group has the same records waiting and nobody to read them.
      for (const [alertname, value] of [
        ['KafkaShareGroupLagHigh', PRODUCED - BEHIND_AT],
        ['KafkaShareGroupNoMembers', PRODUCED - BEHIND_AT],
      ] as const) {
        const shared = await alertmanager.waitFor(
          `${alertname} for the share group`,
          (alerts) => notified(alerts, 'firing', { alertname, sharegroup: SHARED })[0],
        )
        expect(shared.labels).toMatchObject({ severity: 'warning', job: JOB, instance, sharegroup: SHARED })
        expectAnnotations(shared, alertname, value)
      }
    }

    // The caught-up group was judged by the same rules all along and never even became pending.
    const caughtUp = await prometheus.query(`ALERTS{consumergroup="${CAUGHT_UP}"}`)
    expect(caughtUp).toEqual([])
    const all = alertmanager.notifications.flatMap((n) => n.alerts)
    expect(notified(all, 'firing', { consumergroup: CAUGHT_UP })).toEqual([])
  })

  it('delivers under-replication alerts with labels and annotations when a broker stops, and their resolution', async () => {
    await cluster.stopNode(STOPPED, 'SIGTERM')
    // One alert for the topic, from kafka_topic_under_replicated_partitions: both of its partitions lose a replica.
    await prometheus.waitFor(
      'both partitions counted under-replicated',
      `kafka_topic_under_replicated_partitions{job="${JOB}", topic="${REPLICATED}"}`,
      (r) => (r[0]?.value?.[1] === '2' ? true : undefined),
      120_000,
    )
    const firing = await alertmanager.waitFor(
      'KafkaPartitionUnderReplicated for the topic',
      (alerts) =>
        notified(alerts, 'firing', { alertname: 'KafkaPartitionUnderReplicated', topic: REPLICATED })[0],
      120_000,
    )
    expect(firing.labels).toEqual({
      alertname: 'KafkaPartitionUnderReplicated',
      severity: 'warning',
      cluster: CLUSTER,
      job: JOB,
      instance,
      topic: REPLICATED,
    })
    // Notified as soon as it fired: with one or both partitions counted by then.
    const count = Number(/ has (\d+) partition\(s\)/.exec(firing.annotations.description ?? '')?.[1])
    expect([1, 2]).toContain(count)
    expectAnnotations(firing, 'KafkaPartitionUnderReplicated', count)
    expect(firing.annotations.description).toContain(`Topic ${REPLICATED} (${JOB}/${instance}) has`)

    const gone = await alertmanager.waitFor(
      'KafkaBrokerCountDropped for broker 2',
      (alerts) =>
        notified(alerts, 'firing', { alertname: 'KafkaBrokerCountDropped', id: String(STOPPED) })[0],
    )
    expectAnnotations(gone, 'KafkaBrokerCountDropped', 1)

    // The dashboard shows what the alert says.
    const byTopic = await runPanel(panel('kafkascope-cluster', 'Under-replicated partitions by topic'), ALL)
    expect(byTopic.map((s) => s.metric.topic)).toContain(REPLICATED)

    await cluster.startNode(STOPPED)
    const resolved = await alertmanager.waitFor(
      'under-replication of the topic resolved',
      (alerts) => {
        const mine = notified(alerts, 'resolved', {
          alertname: 'KafkaPartitionUnderReplicated',
          topic: REPLICATED,
        })
        return mine.length > 0 ? mine : undefined
      },
      180_000,
    )
    for (const a of resolved) {
      expect(a.labels.severity).toBe('warning')
      expect(Date.parse(a.endsAt)).toBeGreaterThan(Date.parse(a.startsAt))
    }
    await alertmanager.waitFor(
      'broker 2 back',
      (alerts) =>
        notified(alerts, 'resolved', { alertname: 'KafkaBrokerCountDropped', id: String(STOPPED) })[0],
    )
  }, 420_000)
})
