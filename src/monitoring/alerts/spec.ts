import type { Family } from '../../metrics/catalog.js'
import type { AlertName, Duration, MonitoringConfig, Severity } from '../config.js'
import type { PROMETHEUS_UP } from '../promql.js'
import type { Describe } from './template.js'

/**
 * An alert together with the examples that prove it: inputs under which it must fire (and the exact alerts it
 * must produce) and inputs under which it must stay quiet. The rule file and its promtool tests are both
 * generated from these, so thresholds in the tests always match the rules.
 */
export interface AlertSpec {
  readonly alert: AlertName
  readonly expr: string
  readonly for: Duration
  /**
   * Minutes the firing examples need before the expression can hold at all (e.g. a silence that must last), added
   * to `for` in the promtool tests' evaluation times.
   */
  readonly warmupMinutes?: number
  readonly severity: Severity
  /** One static sentence (no templates), so it also works as a notification title. */
  readonly summary: string
  readonly description: Describe
  readonly fires: readonly Example[]
  readonly quiet: readonly Example[]
}

export interface Example {
  readonly name: string
  /**
   * Input series → values in promtool's expanding notation (`1x20`, `_` for missing). A number means that value
   * at every step of the test.
   */
  readonly series: Readonly<Record<string, number | string>>
  /** Only for firing examples: every alert expected, by its labels (beyond alertname and severity) and value. */
  readonly alerts?: readonly ExpectedAlert[]
}

export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>
  /** The value `$value` has in the description. */
  readonly value: number
}

export type Labels = Readonly<Record<string, string>>

/** Example values of a family's labels: every label, by name; a family without labels takes `{}`. */
type SeriesLabels<L extends string> = [L] extends [never]
  ? Readonly<Record<string, never>>
  : Readonly<Record<L, string>>

/** The equality matchers of the selector as labels; throws for regex or negative matchers. */
export function selectorLabels(config: MonitoringConfig): Labels {
  const labels: Record<string, string> = {}
  for (const m of config.selector.split(',').map((x) => x.trim())) {
    if (m === '') continue
    const eq = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"\\]*)"$/.exec(m)
    if (!eq) throw new Error(`failed to derive example labels: selector matcher ${m} is not label="value"`)
    labels[eq[1] as string] = eq[2] as string
  }
  return labels
}

/**
 * The labels of the example target of the promtool tests: the selector's labels plus a value for every other
 * target label. Selectors with regex or negative matchers need examples written by hand.
 */
export function exampleTarget(config: MonitoringConfig): Labels {
  const labels: Record<string, string> = { ...selectorLabels(config) }
  for (const l of config.targetLabels) labels[l] ??= l === 'instance' ? 'kafkascope-1:9308' : `${l}-1`
  return labels
}

/**
 * A series name in promtool's input notation: `family{target labels, labels}`. A catalog family takes a value for
 * each of its labels, keyed by name, as the exporter writes them (a missing or misspelt label fails to compile).
 */
export function series(target: Labels, family: typeof PROMETHEUS_UP | Family<never, readonly []>): string
export function series<L extends string>(target: Labels, family: Family<L>, labels: SeriesLabels<L>): string
export function series(target: Labels, family: Family | typeof PROMETHEUS_UP, labels: Labels = {}): string {
  const name = typeof family === 'string' ? family : family.name
  const all = { ...target, ...labels }
  return `${name}{${Object.entries(all)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`
}

/** `{{ $labels.job }}/{{ $labels.instance }}` (or their values): which kafkascope target an alert is about. */
export function targetText(config: MonitoringConfig, label: (name: string) => string): string {
  return config.targetLabels.map(label).join('/')
}
