import { alertGroups, toRule } from '../alerts/index.js'
import type { AlertSpec } from '../alerts/spec.js'
import { ALERT_NAMES, type AlertName, type Duration, type MonitoringConfig } from '../config.js'
import { CLUSTER_FORMS, CLUSTER_LABEL } from '../dashboards/cluster-label.js'
import { DASHBOARDS, dashboardJson } from '../dashboards/index.js'
import { Code, field, type JsonnetValue, render, substituted } from './jsonnet.js'

/**
 * The monitoring mixin (mixin/), for kube-prometheus users who compose mixins in Jsonnet: `_config` holds the
 * config of src/monitoring/config.ts, and `prometheusAlerts` the same rules as alerts/kafkascope.rules.yml with
 * every config value a reference to `$._config`. The rules are rendered once from a config of unique tokens, and
 * each token is then replaced by its reference, so the mixin is the generated rules themselves and cannot drift
 * from them; test/unit/monitoring/mixin.test.ts evaluates it with jsonnet against the generated files.
 */
export const MIXIN_DIR = 'mixin'

const CONFIG = '$._config'
const ref = (...path: string[]) => path.reduce(field, CONFIG)
const str = (expr: string) => `std.toString(${expr})`
// std.toString writes 0.1 as 0.10000000000000001; %g writes it as JavaScript does (ratios only: %g has 6 digits).
const ratio = (expr: string) => `std.format('%g', ${expr})`

// Tokens no rule text contains otherwise: a label matcher, label names, numbers and durations of their own.
const SELECTOR = 'mixin_selector_token="1"'
const TARGET_LABELS = 'mixin_target_labels_token'
const RUNBOOK = 'mixin-runbook-token:%s'
const NUMBERS = {
  lagMessagesWarning: 610001,
  lagSecondsWarning: 610002,
  openTransactionAgeWarning: 610003,
  pollIntervalSeconds: 6101,
  staleAfterPolls: 6103,
  leaderImbalanceRatio: 0.000171,
} as const
const DURATIONS = { brokerMemory: '700001s', topicSilence: '700002s', topicTrafficMemory: '700003s' } as const
const LEFTOVER = /mixin_\w*token|mixin-runbook-token|\b(6100\d\d|610[13]|[789]0000\d+s|0\.000171)\b/
const forToken = (i: number): Duration => `${800000 + i}s`
const keepToken = (i: number): Duration => `${900000 + i}s`

function tokenConfig(c: MonitoringConfig): MonitoringConfig {
  return {
    ...c,
    ...NUMBERS,
    ...DURATIONS,
    selector: SELECTOR,
    targetLabels: [TARGET_LABELS],
    thresholdOverrides: {
      lagMessages: 'mixin_override_messages_token',
      lagSeconds: 'mixin_override_seconds_token',
    },
    runbookUrlPattern: RUNBOOK,
    for: Object.fromEntries(ALERT_NAMES.map((a, i) => [a, forToken(i)])) as Record<AlertName, Duration>,
    // Every alert gets one, so its rendering is known; the mixin keeps only those `_config.keepFiringFor` lists.
    keepFiringFor: Object.fromEntries(ALERT_NAMES.map((a, i) => [a, keepToken(i)])),
  }
}

function tokens(): Map<string, string> {
  const t = new Map<string, string>([
    [SELECTOR, ref('selector')],
    [
      `{{ $labels.${TARGET_LABELS} }}`,
      `std.join('/', ['{{ $labels.' + l + ' }}' for l in ${ref('targetLabels')}])`,
    ],
    [TARGET_LABELS, `std.join(', ', ${ref('targetLabels')})`],
    ['mixin_override_messages_token', ref('thresholdOverrides', 'lagMessages')],
    ['mixin_override_seconds_token', ref('thresholdOverrides', 'lagSeconds')],
    [
      String(NUMBERS.pollIntervalSeconds * NUMBERS.staleAfterPolls),
      str(`${ref('pollIntervalSeconds')} * ${ref('staleAfterPolls')}`),
    ],
    [String(NUMBERS.leaderImbalanceRatio * 100), ratio(`${ref('leaderImbalanceRatio')} * 100`)],
  ])
  for (const [name, value] of Object.entries(NUMBERS)) {
    t.set(String(value), Number.isInteger(value) ? str(ref(name)) : ratio(ref(name)))
  }
  for (const [name, value] of Object.entries(DURATIONS)) t.set(value, ref(name))
  ALERT_NAMES.forEach((a, i) => {
    t.set(forToken(i), ref('for', a))
    t.set(keepToken(i), ref('keepFiringFor', a))
  })
  return t
}

function mixinRule(c: MonitoringConfig, spec: AlertSpec, t: Map<string, string>): Code {
  const rule = toRule(c, spec)
  const body: JsonnetValue = {
    alert: rule.alert,
    expr: substituted(rule.expr, t),
    for: new Code(ref('for', spec.alert)),
    labels: rule.labels,
    annotations: {
      summary: substituted(rule.annotations.summary as string, t),
      description: substituted(rule.annotations.description as string, t),
      runbook_url: new Code(
        `std.strReplace(${ref('runbookUrlPattern')}, '%s', ${JSON.stringify(spec.alert)})`,
      ),
    },
  }
  // A token left means a config value reached the rule in a form tokens() does not know (e.g. computed from two).
  if (LEFTOVER.test(render(body))) {
    throw new Error(`failed to build the mixin: ${spec.alert} keeps a token of its config`)
  }
  const keep = JSON.stringify(spec.alert)
  const keepFiring = `if std.objectHas(${ref('keepFiringFor')}, ${keep}) then { keep_firing_for: ${ref('keepFiringFor', spec.alert)} } else {}`
  return new Code((indent) => `${render(body, indent)} + (${keepFiring})`)
}

function alertsLibsonnet(c: MonitoringConfig): string {
  const tc = tokenConfig(c)
  const t = tokens()
  const groups = alertGroups(tc).map((g) => ({
    name: g.name,
    rules: g.specs.map((s) => mixinRule(tc, s, t)),
  }))
  return `${note}{\n  prometheusAlerts+:: {\n    groups+: ${render(groups, '    ')},\n  },\n}\n`
}

function configLibsonnet(c: MonitoringConfig): string {
  const config: JsonnetValue = {
    selector: c.selector,
    targetLabels: [...c.targetLabels],
    clusterLabel: c.clusterLabel,
    pollIntervalSeconds: c.pollIntervalSeconds,
    staleAfterPolls: c.staleAfterPolls,
    brokerMemory: c.brokerMemory,
    lagMessagesWarning: c.lagMessagesWarning,
    lagSecondsWarning: c.lagSecondsWarning,
    openTransactionAgeWarning: c.openTransactionAgeWarning,
    leaderImbalanceRatio: c.leaderImbalanceRatio,
    topicSilence: c.topicSilence,
    topicTrafficMemory: c.topicTrafficMemory,
    thresholdOverrides: { ...c.thresholdOverrides },
    for: { ...c.for },
    keepFiringFor: { ...c.keepFiringFor } as Record<string, string>,
    runbookUrlPattern: c.runbookUrlPattern,
  }
  return `${note}{\n  _config+:: ${render(config, '  ')},\n}\n`
}

function dashboardsLibsonnet(): string {
  const entries = DASHBOARDS.map(
    (d) =>
      `    ${JSON.stringify(d.file)}: std.parseJson(relabel(importstr ${JSON.stringify(`dashboards/${d.file}`)}, ${ref('clusterLabel')})),`,
  )
  return [
    note.trimEnd(),
    '// The dashboards name the cluster by the label `cluster`; relabel() rewrites the forms it takes in them, as',
    '// the generator and the Helm chart do, to _config.clusterLabel.',
    `local forms = ${JSON.stringify(CLUSTER_FORMS)};`,
    `local relabel(text, label) = std.foldl(function(t, f) std.strReplace(t, f[0] + ${JSON.stringify(CLUSTER_LABEL)} + f[1], f[0] + label + f[1]), forms, text);`,
    '{',
    '  grafanaDashboards+:: {',
    ...entries,
    '  },',
    '}',
    '',
  ].join('\n')
}

const note = '// Generated from src/monitoring by npm run generate; do not edit.\n'

const MIXIN = `${note}// kafkascope's monitoring mixin: alerts, recording rules (none yet) and Grafana dashboards from one _config.
// Override any of it when composing, e.g.
//   (import 'kafkascope/mixin.libsonnet') + { _config+:: { selector: 'job="kafka-exporter"', lagMessagesWarning: 5000 } }
(import 'config.libsonnet') +
(import 'alerts.libsonnet') +
(import 'rules.libsonnet') +
(import 'dashboards.libsonnet')
`

const RULES = `${note}// Recording rules: kafkascope needs none. Per-group lag thresholds are recording rules users add themselves
// (docs/alerting.md); their names are _config.thresholdOverrides.
{
  prometheusRules+:: { groups+: [] },
}
`

export function mixinFiles(c: MonitoringConfig): { path: string; content: () => string }[] {
  return [
    { path: `${MIXIN_DIR}/mixin.libsonnet`, content: () => MIXIN },
    { path: `${MIXIN_DIR}/config.libsonnet`, content: () => configLibsonnet(c) },
    { path: `${MIXIN_DIR}/alerts.libsonnet`, content: () => alertsLibsonnet(c) },
    { path: `${MIXIN_DIR}/rules.libsonnet`, content: () => RULES },
    { path: `${MIXIN_DIR}/dashboards.libsonnet`, content: () => dashboardsLibsonnet() },
    ...DASHBOARDS.map((d) => ({
      path: `${MIXIN_DIR}/dashboards/${d.file}`,
      content: () => dashboardJson(d),
    })),
    {
      path: `${MIXIN_DIR}/jsonnetfile.json`,
      content: () => `${JSON.stringify({ version: 1, dependencies: [], legacyImports: true }, null, 2)}\n`,
    },
  ]
}
