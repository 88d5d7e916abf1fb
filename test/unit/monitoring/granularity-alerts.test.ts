import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allAlerts, baseAnnotations, withRunbookUrl } from '../../../src/monitoring/alerts/index.js'
import { concreteText } from '../../../src/monitoring/alerts/template.js'
import { renderRules } from '../../../src/monitoring/artifacts.js'
import { type AlertName, defaultConfig, seconds } from '../../../src/monitoring/config.js'
import { toYaml, type YamlValue } from '../../../src/monitoring/yaml.js'
import { exposition, type GoldenRun, pollTimeline } from '../../fakes/golden-cluster.js'

/**
 * The shipped rules against what kafkascope really renders, not hand-written series: the golden cluster
 * (test/fakes/golden-cluster.ts: orders/2 under-replicated, payments/0 offline, group "team \"a\"\b" committed
 * below the log start of ledger/0) rendered at each granularity, turned into promtool input series of one scrape
 * target, and `promtool test rules` asked which replication and lost-message alerts fire.
 */
const PROMTOOL = process.env.PROMTOOL ?? 'promtool'
const TARGET = 'job="kafkascope",instance="kafkascope-1:9308"'
const scratch = mkdtempSync(join(tmpdir(), 'kafkascope-granularity-'))
let run: GoldenRun

beforeAll(async () => {
  run = await pollTimeline()
  writeFileSync(join(scratch, 'rules.yml'), renderRules(defaultConfig))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Each sample line of a text exposition as a promtool series of the scrape target: `name{job,instance,labels}`. */
function inputSeries(body: string): { series: string; value: string }[] {
  return body
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l)
      if (!m) throw new Error(`not a sample line: ${l}`)
      const labels = m[2] ? `${TARGET},${m[2]}` : TARGET
      return { series: `${m[1]}{${labels}}`, value: m[3] as string }
    })
}

type Expected = Record<string, { labels: Record<string, string>; value: number }[]>

/** What the golden cluster must raise, from its description, at every granularity. */
const target = { job: 'kafkascope', instance: 'kafkascope-1:9308' }
const EXPECTED: Expected = {
  KafkaPartitionUnderReplicated: [
    { labels: { ...target, topic: 'orders' }, value: 1 },
    { labels: { ...target, topic: 'payments' }, value: 1 },
  ],
  KafkaPartitionUnderMinIsr: [{ labels: { ...target, topic: 'payments' }, value: 1 }],
  KafkaPartitionOffline: [{ labels: { ...target, topic: 'payments' }, value: 1 }],
  // 1 leaderless of 5 partitions is not led by its preferred replica: 20 % > 10 %.
  KafkaPartitionLeadersNotPreferred: [{ labels: target, value: 0.2 }],
  KafkaConsumerGroupLostMessages: [
    { labels: { ...target, consumergroup: 'team "a"\\b', topic: 'ledger' }, value: 50 },
  ],
}

function promtoolTest(body: string, expected: Expected): { code: number | null; output: string } {
  const specs = allAlerts(defaultConfig)
  const minutes = Math.max(...specs.map((s) => seconds(s.for) / 60)) + 5
  const tests: YamlValue = {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(body).map((s) => ({ series: s.series, values: `${s.value}x${minutes}` })),
        alert_rule_test: Object.entries(expected).map(([alert, alerts]) => {
          const spec = specs.find((s) => s.alert === (alert as AlertName))
          if (!spec) throw new Error(`no alert ${alert}`)
          return {
            eval_time: `${minutes}m`,
            alertname: alert,
            exp_alerts: alerts.map((a) => ({
              exp_labels: { ...a.labels, severity: spec.severity },
              exp_annotations: withRunbookUrl(
                defaultConfig,
                alert,
                baseAnnotations(spec, spec.description(concreteText(a.labels, a.value))),
              ),
            })),
          }
        }),
      },
    ],
  }
  const file = join(scratch, 'test.yml')
  writeFileSync(file, toYaml(tests))
  const r = spawnSync(PROMTOOL, ['test', 'rules', file], { cwd: scratch, encoding: 'utf8', timeout: 60_000 })
  if (r.error)
    throw new Error(`failed to run ${PROMTOOL}: ${r.error.message}; see scripts/install-test-deps.sh`)
  return { code: r.status, output: `${r.stdout}${r.stderr}` }
}

describe('the replication and lost-message alerts on rendered series', { timeout: 60_000 }, () => {
  it.each([
    ['partition', 'partition'],
    ['topic', 'partition'],
    ['partition', 'topic'],
    ['topic', 'topic'],
  ] as const)('fire with --metrics.topic-granularity=%s --metrics.group-granularity=%s', (topics, groups) => {
    const body = exposition(run, 'text', { topicGranularity: topics, groupGranularity: groups })
    if (topics === 'topic' && groups === 'topic') expect(body).not.toContain('partition="')
    const { code, output } = promtoolTest(body, EXPECTED)
    expect(output).toContain('SUCCESS')
    expect(code, output).toBe(0)
  })

  it('fail when the cluster is healthy (the test can fail)', () => {
    const body = exposition(run, 'text', { topicGranularity: 'topic', groupGranularity: 'topic' })
    // The same series with every replication count and lost-message sum at 0.
    const healthy = body.replace(
      /^(kafka_topic_(?:under_replicated|under_min_isr|offline|non_preferred_leader)_partitions|kafka_consumergroup_topic_lost_messages)(\{.*\}) \d+$/gm,
      '$1$2 0',
    )
    expect(healthy).not.toBe(body)
    const { code, output } = promtoolTest(healthy, EXPECTED)
    expect(code).not.toBe(0)
    for (const alert of Object.keys(EXPECTED)) expect(output).toContain(`alertname: ${alert}`)
  })
})
