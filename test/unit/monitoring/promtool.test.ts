import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { alertGroups, allAlerts, toRule } from '../../../src/monitoring/alerts/index.js'
import { promtoolTests } from '../../../src/monitoring/alerts/promtool-tests.js'
import type { AlertSpec } from '../../../src/monitoring/alerts/spec.js'
import { RULES_FILE, RULES_TEST_FILE } from '../../../src/monitoring/artifacts.js'
import { defaultConfig } from '../../../src/monitoring/config.js'
import { toYaml } from '../../../src/monitoring/yaml.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const PROMTOOL = process.env.PROMTOOL ?? 'promtool'
const scratch = mkdtempSync(join(tmpdir(), 'kafkascope-promtool-'))

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function promtool(...args: string[]): { code: number | null; output: string } {
  const r = spawnSync(PROMTOOL, args, { cwd: root, encoding: 'utf8', timeout: 60_000 })
  if (r.error) {
    const hint = "install Debian's prometheus and prometheus-alertmanager (scripts/install-test-deps.sh)"
    throw new Error(`failed to run ${PROMTOOL}: ${r.error.message}; ${hint}`)
  }
  return { code: r.status, output: `${r.stdout}${r.stderr}` }
}

/** Writes a rule file whose every expression is replaced, next to the generated tests, and runs them. */
function testWithExpressions(name: string, expr: (s: AlertSpec) => string) {
  const groups = alertGroups(defaultConfig).map((g) => ({
    name: g.name,
    rules: g.specs.map((s) => ({ ...toRule(defaultConfig, { ...s, expr: expr(s) }) })),
  }))
  writeFileSync(join(scratch, `${name}.rules.yml`), toYaml({ groups }))
  const tests = join(scratch, `${name}.test.yml`)
  writeFileSync(tests, toYaml(promtoolTests(defaultConfig, `${name}.rules.yml`)))
  return promtool('test', 'rules', tests)
}

function failedTests(output: string): string[] {
  return [...output.matchAll(/^\s+name: (.*),$/gm)].map((m) => m[1] as string)
}

// promtool takes a few seconds per run on a busy 2-core machine.
describe('the committed alert rules', { timeout: 60_000 }, () => {
  it('pass promtool check rules, with every alert', () => {
    const { code, output } = promtool('check', 'rules', RULES_FILE)
    expect(output).toContain(`SUCCESS: ${allAlerts(defaultConfig).length} rules found`)
    expect(code, output).toBe(0)
  })

  it('pass their generated promtool tests', () => {
    const { code, output } = promtool('test', 'rules', RULES_TEST_FILE)
    expect(output).toContain('SUCCESS')
    expect(code, output).toBe(0)
  })
})

describe('keep_firing_for on Prometheus 2.42', { timeout: 60_000 }, () => {
  it('keeps KafkaConsumerGroupLagHigh firing for its keep_firing_for after the lag drops, then resolves', () => {
    const spec = allAlerts(defaultConfig).find((s) => s.alert === 'KafkaConsumerGroupLagHigh') as AlertSpec
    // The deployed rule without its annotations, which this test does not look at.
    const { annotations: _, ...rule } = toRule(defaultConfig, spec)
    expect(rule.keep_firing_for).toBe('15m')
    writeFileSync(
      join(scratch, 'keep.rules.yml'),
      toYaml({ groups: [{ name: 'keep', rules: [{ ...rule }] }] }),
    )
    const labels = {
      job: 'kafkascope',
      instance: 'kafkascope-1:9308',
      consumergroup: 'billing',
      topic: 'orders',
    }
    const lag = `kafka_consumergroup_lag_sum{${Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',')}}`
    // 3000 behind for 30 minutes (fires at 15m), then caught up: still firing 14 minutes later, resolved at 16.
    const at = (minutes: number, firing: boolean) => ({
      eval_time: `${minutes}m`,
      alertname: rule.alert,
      exp_alerts: firing ? [{ exp_labels: { ...labels, severity: 'warning' } }] : [],
    })
    const tests = {
      rule_files: ['keep.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [{ series: lag, values: '3000x30 0x30' }],
          alert_rule_test: [at(29, true), at(31 + 13, true), at(31 + 16, false)],
        },
      ],
    }
    writeFileSync(join(scratch, 'keep.test.yml'), toYaml(tests))
    const { code, output } = promtool('test', 'rules', join(scratch, 'keep.test.yml'))
    expect(code, output).toBe(0)
  })
})

describe('the generated promtool tests', { timeout: 60_000 }, () => {
  const specs = allAlerts(defaultConfig)

  it('have, per alert, examples that fire and examples that stay quiet', () => {
    for (const s of specs) {
      expect(s.fires.length, s.alert).toBeGreaterThan(0)
      expect(s.quiet.length, s.alert).toBeGreaterThan(0)
      for (const ex of s.fires) expect(ex.alerts?.length, `${s.alert}: ${ex.name}`).toBeGreaterThan(0)
    }
  })

  it('fail every firing example when no rule fires', () => {
    const { code, output } = testWithExpressions('never', () => 'vector(1) > 2')
    expect(code).not.toBe(0)
    const expected = specs.flatMap((s) => s.fires.map((ex) => `${s.alert} fires: ${ex.name}`))
    expect(new Set(failedTests(output))).toEqual(new Set(expected))
  })

  it('fail every quiet example when every rule always fires', () => {
    const { code, output } = testWithExpressions('always', () => 'vector(1)')
    expect(code).not.toBe(0)
    for (const s of specs) {
      for (const ex of s.quiet) expect(failedTests(output)).toContain(`${s.alert} stays quiet: ${ex.name}`)
    }
  })

  it('fail when a threshold in the rules differs from the config', () => {
    const { code, output } = testWithExpressions('threshold', (s) =>
      s.alert === 'KafkaConsumerGroupLagHigh' ? s.expr.replace(/> \d+$/m, '> 5000') : s.expr,
    )
    expect(code).not.toBe(0)
    expect(failedTests(output)).toEqual(['KafkaConsumerGroupLagHigh fires: one group behind, one caught up'])
  })
})
