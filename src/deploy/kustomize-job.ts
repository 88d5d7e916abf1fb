import { parse } from 'yaml'
import type { YamlValue } from '../monitoring/yaml.js'
import { APP_NAME } from './labels.js'

/**
 * kustomize cannot template PromQL, but a replacement can set one part of a string split at a delimiter. Split at
 * `"`, every `job="<job>"` matcher of a rule is one part at a known index, so a replacement per index, listing the
 * rules with a job matcher there, sets the job of every rule from one value: the ConfigMap alert-job.yaml of the
 * monitoring overlay (local-config, so kustomize does not emit it). Generated from the rule file, so a new alert
 * cannot be missed.
 */
export const ALERT_JOB_CONFIGMAP = 'kafkascope-alert-job'

interface Rules {
  groups: { name: string; rules: { alert?: string; expr: string }[] }[]
}

/** The job value of a selector's `job="..."` matcher. */
export function selectorJob(selector: string): string {
  const m = /(?:^|,)\s*job="([^"]+)"/.exec(selector)
  if (!m) throw new Error(`failed to find a job="..." matcher in the alert selector ${selector}`)
  return m[1] as string
}

export function alertJobReplacement(rulesFileText: string, job: string): YamlValue {
  const rules = parse(rulesFileText) as Rules
  const byIndex = new Map<number, string[]>()
  for (const g of rules.groups) {
    for (const r of g.rules) {
      if (r.alert === undefined) continue
      const parts = r.expr.split('"')
      parts.forEach((part, i) => {
        if (i % 2 === 1 && part === job && /(^|[{,\s])job=$/.test(parts[i - 1] as string)) {
          const paths = byIndex.get(i) ?? []
          paths.push(`spec.groups.[name=${g.name}].rules.[alert=${r.alert}].expr`)
          byIndex.set(i, paths)
        }
      })
    }
  }
  if (byIndex.size === 0) throw new Error(`failed to find job="${job}" in any rule`)
  return {
    source: { kind: 'ConfigMap', name: ALERT_JOB_CONFIGMAP, fieldPath: 'data.job' },
    targets: [...byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, fieldPaths]) => ({
        select: { kind: 'PrometheusRule', name: APP_NAME },
        fieldPaths,
        options: { delimiter: '"', index },
      })),
  }
}
