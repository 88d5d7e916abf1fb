import type { MonitoringConfig } from '../config.js'
import type { YamlValue } from '../yaml.js'
import { clusterAlerts } from './cluster.js'
import { consumerGroupAlerts } from './consumer-groups.js'
import { exporterAlerts } from './exporter.js'
import { logDirAlerts } from './log-dirs.js'
import { quorumAlerts } from './quorum.js'
import { replicationAlerts } from './replication.js'
import { shareGroupAlerts } from './share-groups.js'
import type { AlertSpec } from './spec.js'
import { streamsGroupAlerts } from './streams-groups.js'
import { templateText } from './template.js'
import { topicAlerts } from './topics.js'
import { transactionAlerts } from './transactions.js'

export interface SpecGroup {
  readonly name: string
  readonly specs: readonly AlertSpec[]
}

/** Every alert, in rule-file order. */
export function alertGroups(c: MonitoringConfig): SpecGroup[] {
  return [
    { name: 'kafka-cluster', specs: clusterAlerts(c) },
    { name: 'kafka-replication', specs: replicationAlerts(c) },
    { name: 'kafka-consumer-groups', specs: consumerGroupAlerts(c) },
    { name: 'kafka-streams-groups', specs: streamsGroupAlerts(c) },
    { name: 'kafka-share-groups', specs: shareGroupAlerts(c) },
    { name: 'kafka-transactions', specs: transactionAlerts(c) },
    { name: 'kafka-topics', specs: topicAlerts(c) },
    { name: 'kafka-log-dirs', specs: logDirAlerts(c) },
    { name: 'kafkascope-exporter', specs: exporterAlerts(c) },
    { name: 'kafka-quorum', specs: quorumAlerts(c) },
  ]
}

export function allAlerts(c: MonitoringConfig): AlertSpec[] {
  return alertGroups(c).flatMap((g) => g.specs)
}

export interface AlertingRule {
  readonly alert: string
  readonly expr: string
  readonly for: string
  readonly keep_firing_for?: string
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: Readonly<Record<string, string>>
}

/** The annotations of an alert before the runbook link is added. */
export function baseAnnotations(spec: AlertSpec, description: string): Record<string, string> {
  return { summary: spec.summary, description }
}

/** The one transform that adds runbook links: rules and the promtool expectations both go through it. */
export function withRunbookUrl(
  c: MonitoringConfig,
  alert: string,
  annotations: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...annotations, runbook_url: runbookUrl(c, alert) }
}

export function runbookUrl(c: MonitoringConfig, alert: string): string {
  return c.runbookUrlPattern.replaceAll('%s', alert)
}

export function toRule(c: MonitoringConfig, spec: AlertSpec): AlertingRule {
  const keep = c.keepFiringFor[spec.alert]
  return {
    alert: spec.alert,
    expr: spec.expr,
    for: spec.for,
    ...(keep === undefined ? {} : { keep_firing_for: keep }),
    labels: { severity: spec.severity },
    annotations: withRunbookUrl(c, spec.alert, baseAnnotations(spec, spec.description(templateText))),
  }
}

/** The Prometheus rule file (also the `spec` of a PrometheusRule). */
export function ruleFile(c: MonitoringConfig): { groups: YamlValue[] } {
  return {
    groups: alertGroups(c).map((g) => ({
      name: g.name,
      rules: g.specs.map((s) => ({ ...toRule(c, s) })),
    })),
  }
}
