import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ruleFile } from '../../../src/monitoring/alerts/index.js'
import { RULES_FILE } from '../../../src/monitoring/artifacts.js'
import { defaultConfig, type MonitoringConfig } from '../../../src/monitoring/config.js'
import { relabelCluster } from '../../../src/monitoring/dashboards/cluster-label.js'
import { DASHBOARDS, dashboardJson } from '../../../src/monitoring/dashboards/index.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const JSONNET = process.env.JSONNET ?? join(root, '.cache/bin/jsonnet')

interface Evaluated {
  alerts: unknown
  rules: { groups: unknown[] }
  dashboards: Record<string, unknown>
}

/** Evaluates the committed mixin as a kube-prometheus user composes it, with `overrides` added to its _config. */
function evaluate(overrides = '{}'): Evaluated {
  if (!existsSync(JSONNET)) {
    throw new Error(`failed to find ${JSONNET}: run scripts/install-test-deps.sh (builds go-jsonnet v0.22.0)`)
  }
  const program = `local m = (import 'mixin.libsonnet') + { _config+:: ${overrides} };
    { alerts: m.prometheusAlerts, rules: m.prometheusRules, dashboards: m.grafanaDashboards }`
  const r = spawnSync(JSONNET, ['-e', program], {
    cwd: join(root, 'mixin'),
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (r.error) throw new Error(`failed to run ${JSONNET}: ${r.error.message}`)
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Evaluated
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v))

describe('the monitoring mixin', { timeout: 60_000 }, () => {
  it('has exactly the generated rules and dashboards with its default _config', () => {
    const m = evaluate()
    expect(m.alerts).toEqual(parse(readFileSync(join(root, RULES_FILE), 'utf8')))
    expect(m.rules).toEqual({ groups: [] })
    expect(Object.keys(m.dashboards).sort()).toEqual(DASHBOARDS.map((d) => d.file).sort())
    for (const d of DASHBOARDS) {
      expect(m.dashboards[d.file], d.file).toEqual(
        JSON.parse(readFileSync(join(root, 'dashboards', d.file), 'utf8')),
      )
    }
  })

  it('follows its _config as the generator follows the config: selector, labels, thresholds, durations, links', () => {
    const config: MonitoringConfig = {
      ...defaultConfig,
      selector: 'job="kafka-exporter", namespace="kafka"',
      targetLabels: ['namespace', 'pod'],
      clusterLabel: 'kafka_cluster',
      pollIntervalSeconds: 30,
      staleAfterPolls: 3,
      lagMessagesWarning: 5000,
      lagSecondsWarning: 120,
      leaderImbalanceRatio: 0.25,
      topicSilence: '1h',
      thresholdOverrides: { lagMessages: 'team:lag:messages', lagSeconds: 'team:lag:seconds' },
      for: { ...defaultConfig.for, KafkaConsumerGroupLagHigh: '30m' },
      keepFiringFor: { KafkaTopicNoMessages: '2h' },
      runbookUrlPattern: 'https://wiki.example/kafka/%s',
    }
    const m = evaluate(`{
      selector: 'job="kafka-exporter", namespace="kafka"',
      targetLabels: ['namespace', 'pod'],
      clusterLabel: 'kafka_cluster',
      pollIntervalSeconds: 30,
      staleAfterPolls: 3,
      lagMessagesWarning: 5000,
      lagSecondsWarning: 120,
      leaderImbalanceRatio: 0.25,
      topicSilence: '1h',
      thresholdOverrides: { lagMessages: 'team:lag:messages', lagSeconds: 'team:lag:seconds' },
      'for'+: { KafkaConsumerGroupLagHigh: '30m' },
      keepFiringFor: { KafkaTopicNoMessages: '2h' },
      runbookUrlPattern: 'https://wiki.example/kafka/%s',
    }`)
    expect(m.alerts).toEqual(plain(ruleFile(config)))
    const text = JSON.stringify(m.alerts)
    expect(text).toContain(
      'kafka_consumergroup_lag_sum{job=\\"kafka-exporter\\", namespace=\\"kafka\\"} > 5000',
    )
    expect(text).toContain('"keep_firing_for":"2h"')
    for (const d of DASHBOARDS) {
      expect(m.dashboards[d.file], d.file).toEqual(
        JSON.parse(relabelCluster(dashboardJson(d), 'kafka_cluster')),
      )
    }
  })
})
