import { type MonitoringConfig, seconds } from '../config.js'
import type { YamlValue } from '../yaml.js'
import { allAlerts, baseAnnotations, withRunbookUrl } from './index.js'
import type { AlertSpec, Example } from './spec.js'
import { concreteText } from './template.js'

// One sample a minute; every test looks at `for` + SETTLE minutes, long after a firing alert must have fired.
const INTERVAL_MINUTES = 1
const SETTLE_MINUTES = 10

/**
 * The `promtool test rules` file for the rule file at `ruleFile` (relative to the test file). Per alert: each
 * firing example fires with exactly the expected labels and annotations, and is still quiet one step before its
 * `for` has passed; each quiet example never fires.
 */
export function promtoolTests(c: MonitoringConfig, ruleFile: string): YamlValue {
  return {
    rule_files: [ruleFile],
    evaluation_interval: `${INTERVAL_MINUTES}m`,
    tests: allAlerts(c).flatMap((spec) => [
      ...spec.fires.map((ex) => testGroup(spec, ex, `${spec.alert} fires: ${ex.name}`, firing(c, spec, ex))),
      ...spec.quiet.map((ex) => testGroup(spec, ex, `${spec.alert} stays quiet: ${ex.name}`, [])),
    ]),
  }
}

function evalMinutes(spec: AlertSpec): number {
  return (spec.warmupMinutes ?? 0) + Math.ceil(seconds(spec.for) / 60) + SETTLE_MINUTES
}

function testGroup(spec: AlertSpec, ex: Example, name: string, expected: YamlValue[]): YamlValue {
  const minutes = evalMinutes(spec)
  const steps = minutes / INTERVAL_MINUTES + 1
  const checks: YamlValue[] = [{ eval_time: `${minutes}m`, alertname: spec.alert, exp_alerts: expected }]
  // Just before `for` has passed the alert may be pending but must not fire yet.
  const forMinutes = seconds(spec.for) / 60
  if (expected.length > 0 && forMinutes >= INTERVAL_MINUTES) {
    const before = (spec.warmupMinutes ?? 0) + forMinutes - INTERVAL_MINUTES
    checks.unshift({ eval_time: `${before}m`, alertname: spec.alert, exp_alerts: [] })
  }
  return {
    name,
    interval: `${INTERVAL_MINUTES}m`,
    input_series: Object.entries(ex.series).map(([series, values]) => ({
      series,
      values: typeof values === 'number' ? `${values}x${steps}` : values,
    })),
    alert_rule_test: checks,
  }
}

function firing(c: MonitoringConfig, spec: AlertSpec, ex: Example): YamlValue[] {
  if (!ex.alerts || ex.alerts.length === 0)
    throw new Error(`${spec.alert}: firing example ${ex.name} expects no alert`)
  return ex.alerts.map((a) => ({
    exp_labels: { ...a.labels, severity: spec.severity },
    exp_annotations: withRunbookUrl(
      c,
      spec.alert,
      baseAnnotations(spec, spec.description(concreteText(a.labels, a.value))),
    ),
  }))
}
