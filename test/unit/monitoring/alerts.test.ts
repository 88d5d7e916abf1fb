import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../src/metrics/catalog.js'
import { allAlerts, ruleFile, runbookUrl, toRule } from '../../../src/monitoring/alerts/index.js'
import { RULES_FILE } from '../../../src/monitoring/artifacts.js'
import { ALERT_NAMES, defaultConfig, type MonitoringConfig, withFor } from '../../../src/monitoring/config.js'
import { PROMETHEUS_UP } from '../../../src/monitoring/promql.js'
import { runbookPath } from '../../../src/monitoring/runbooks.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const specs = allAlerts(defaultConfig)
const rules = specs.map((s) => toRule(defaultConfig, s))

/** Metric names in a PromQL expression: identifiers followed by `{` (every selector carries the config's matchers). */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""')
  const names = [...withoutStrings.matchAll(/\b([a-z_:][a-z0-9_:]*)\s*\{/g)].map((m) => m[1] as string)
  return [...new Set(names)]
}

describe('alert rules', () => {
  it('are every alert of ALERT_NAMES, once each', () => {
    expect(specs.map((s) => s.alert).sort()).toEqual([...ALERT_NAMES].sort())
  })

  it('are CamelCase with a Kafka prefix and have a severity, a static summary and a templated description', () => {
    for (const r of rules) {
      expect(r.alert).toMatch(/^Kafka(scope)?[A-Z][A-Za-z]+$/)
      expect(['critical', 'warning', 'info']).toContain(r.labels.severity)
      expect(r.annotations.summary, r.alert).toMatch(/^[A-Za-z].*\.$/)
      expect(r.annotations.summary, r.alert).not.toContain('{{')
      expect(r.annotations.description, r.alert).toContain('{{ $labels.')
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook_url', 'summary'])
    }
  })

  it('link the runbook named after the alert through the one URL pattern', () => {
    const config: MonitoringConfig = { ...defaultConfig, runbookUrlPattern: 'https://wiki.example/kafka/%s' }
    for (const s of allAlerts(config)) {
      expect(toRule(config, s).annotations.runbook_url).toBe(`https://wiki.example/kafka/${s.alert}`)
    }
    expect(runbookUrl(defaultConfig, 'KafkaPartitionOffline')).toBe(
      'https://github.com/kafkascope/kafkascope/blob/main/docs/runbooks/KafkaPartitionOffline.md',
    )
  })

  it('name only metrics of the catalog (or Prometheus up) and use the selector everywhere', () => {
    const known = new Set([...FAMILIES.map((f) => f.name), PROMETHEUS_UP])
    for (const s of specs) {
      const names = metricNames(s.expr)
      expect(names.length, s.alert).toBeGreaterThan(0)
      for (const n of names) expect(known, `${s.alert}: ${n}`).toContain(n)
      // Every selector carries the configured matchers, so the rules never judge another job's series.
      const selectors = [...s.expr.matchAll(/\b[a-z_:][a-z0-9_:]*\{([^}]*)\}/g)].map((m) => m[1] as string)
      for (const sel of selectors) expect(sel, s.alert).toContain(defaultConfig.selector)
    }
  })

  it('take thresholds, durations and selector from the config', () => {
    const config: MonitoringConfig = {
      ...withFor(defaultConfig, '7m'),
      selector: 'job="kafka", env="prod"',
      lagMessagesWarning: 12345,
      lagSecondsWarning: 678,
    }
    const text = JSON.stringify(ruleFile(config))
    expect(text).toContain('kafka_consumergroup_lag_sum{job=\\"kafka\\", env=\\"prod\\"} > 12345')
    expect(text).toContain('> 678')
    expect(text).not.toContain('job=\\"kafkascope\\"')
    for (const s of allAlerts(config)) expect(s.for).toBe('7m')
  })

  it('keep firing only where the config says flapping hurts (Prometheus 2.42 reads keep_firing_for)', () => {
    const text = readFileSync(join(root, RULES_FILE), 'utf8')
    const keeping = rules
      .filter((r) => r.keep_firing_for !== undefined)
      .map((r) => [r.alert, r.keep_firing_for])
    expect(keeping).toEqual([
      ['KafkaConsumerGroupLagHigh', '15m'],
      ['KafkaConsumerGroupLagTooOld', '10m'],
      ['KafkaConsumerGroupLagging', '15m'],
      ['KafkaTopicNoMessages', '30m'],
    ])
    expect(text.match(/keep_firing_for: /g)?.length).toBe(4)
  })

  it('take per-group threshold overrides from the configured recording rules', () => {
    const config: MonitoringConfig = {
      ...defaultConfig,
      thresholdOverrides: { lagMessages: 'team:lag_limit:messages', lagSeconds: 'team:lag_limit:seconds' },
    }
    const byName = new Map(allAlerts(config).map((s) => [s.alert, s.expr]))
    expect(byName.get('KafkaConsumerGroupLagHigh')).toContain(
      '> on (consumergroup) group_left() team:lag_limit:messages',
    )
    expect(byName.get('KafkaConsumerGroupLagHigh')).toContain(
      'unless on (consumergroup) team:lag_limit:messages',
    )
    expect(byName.get('KafkaConsumerGroupLagTooOld')).toContain('group_left() team:lag_limit:seconds')
  })
})

describe('runbooks', () => {
  it.each(specs.map((s) => [s.alert]))('%s has what it means, how to confirm and what to do', (alert) => {
    const file = join(root, runbookPath(alert))
    expect(existsSync(file), file).toBe(true)
    const text = readFileSync(file, 'utf8')
    expect(text.startsWith(`# ${alert}\n`)).toBe(true)
    for (const heading of ['## What it means', '## How to confirm', '## What to do']) {
      const body = text.split(`${heading}\n`)[1]?.split('\n## ')[0] ?? ''
      expect(body.trim().length, `${alert} ${heading}`).toBeGreaterThan(80)
    }
    // The generated rule table matches the deployed rule.
    const spec = specs.find((s) => s.alert === alert)
    expect(text).toContain(spec?.expr)
  })
})
