import { allAlerts } from './alerts/index.js'
import type { AlertSpec } from './alerts/spec.js'
import { templateText } from './alerts/template.js'
import type { MonitoringConfig } from './config.js'

/** Where the runbook of an alert lives in the repository; runbookUrlPattern points at the same file. */
export function runbookPath(alert: string): string {
  return `docs/runbooks/${alert}.md`
}

/**
 * The generated part of a hand-written runbook: the rule as it is deployed, so the runbook's threshold and
 * expression can never disagree with the rule file.
 */
export function runbookRule(spec: AlertSpec, keepFiringFor?: string): string {
  const keep = keepFiringFor === undefined ? '' : `\`${keepFiringFor}\``
  return [
    '| Severity | For | Keeps firing | Summary |',
    '|---|---|---|---|',
    `| \`${spec.severity}\` | \`${spec.for}\` | ${keep} | ${spec.summary} |`,
    '',
    '```promql',
    spec.expr,
    '```',
    '',
    `Description: ${spec.description(templateText)}`,
  ].join('\n')
}

export function runbookRegions(c: MonitoringConfig): { path: string; content: string }[] {
  return allAlerts(c).map((spec) => ({
    path: runbookPath(spec.alert),
    content: runbookRule(spec, c.keepFiringFor[spec.alert]),
  }))
}
