import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { PROMETHEUS_UP, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, selectorLabels, series, targetText } from './spec.js'

/** The exporter's own health: while it is blind, every other alert is silent or judges old data. */
export function exporterAlerts(c: MonitoringConfig): AlertSpec[] {
  const target = exampleTarget(c)
  const where = (t: { label(n: string): string }) => targetText(c, t.label)
  const staleAfter = c.pollIntervalSeconds * c.staleAfterPolls
  return [
    {
      alert: 'KafkascopeDown',
      // absent() catches a target that service discovery lost; it carries only the selector's equality labels.
      expr: `${sel(PROMETHEUS_UP, c.selector)} == 0\nor absent(${sel(PROMETHEUS_UP, c.selector)})`,
      for: c.for.KafkascopeDown,
      severity: 'warning',
      summary: 'Prometheus cannot scrape kafkascope.',
      description: (t) =>
        `The kafkascope target ${where(t)} is down or missing: no Kafka alert can fire while Prometheus cannot scrape it.`,
      fires: [
        {
          name: 'scrape fails',
          series: { [series(target, PROMETHEUS_UP)]: 0 },
          alerts: [{ labels: target, value: 0 }],
        },
        {
          name: 'no target at all',
          series: { [series({ job: 'some-other-job', instance: 'x:1' }, PROMETHEUS_UP)]: 1 },
          alerts: [{ labels: selectorLabels(c), value: 1 }],
        },
      ],
      quiet: [{ name: 'scraped', series: { [series(target, PROMETHEUS_UP)]: 1 } }],
    },
    {
      alert: 'KafkascopeKafkaUnreachable',
      expr: `${sel(FAMILY.up, c.selector)} == 0`,
      for: c.for.KafkascopeKafkaUnreachable,
      // Other Kafka alerts judge the last data collected, so this is the only alert of a cluster that is down.
      severity: 'critical',
      summary: 'kafkascope cannot read the Kafka cluster metadata.',
      description: (t) =>
        `kafkascope ${where(t)} has not been able to read the metadata of its Kafka cluster for ` +
        `${c.for.KafkascopeKafkaUnreachable}: Kafka is down or unreachable from the exporter, and every Kafka ` +
        'metric it serves is getting older.',
      fires: [
        {
          name: 'polls fail',
          series: { [series(target, FAMILY.up)]: 0 },
          alerts: [{ labels: target, value: 0 }],
        },
      ],
      quiet: [{ name: 'polls succeed', series: { [series(target, FAMILY.up)]: 1 } }],
    },
    {
      alert: 'KafkascopeCollectorFailing',
      expr: `${sel(FAMILY.collectorSuccess, c.selector)} == 0`,
      for: c.for.KafkascopeCollectorFailing,
      severity: 'warning',
      summary: 'A kafkascope collector keeps failing.',
      description: (t) =>
        `Collector ${t.label('collector')} of kafkascope ${where(t)} has failed in every poll for ` +
        `${c.for.KafkascopeCollectorFailing}: the metrics it collects are missing or old. The exporter's log names ` +
        'the failing request and broker.',
      fires: [
        {
          name: 'offsets fail, metadata works',
          series: {
            [series(target, FAMILY.collectorSuccess, { collector: 'metadata' })]: 1,
            [series(target, FAMILY.collectorSuccess, { collector: 'partition_offsets' })]: 0,
          },
          alerts: [{ labels: { ...target, collector: 'partition_offsets' }, value: 0 }],
        },
      ],
      quiet: [
        {
          name: 'one failed poll',
          series: {
            [series(target, FAMILY.collectorSuccess, { collector: 'partition_offsets' })]: '1x3 0 1x40',
          },
        },
      ],
    },
    {
      alert: 'KafkascopeDataStale',
      expr: `${sel(FAMILY.dataAge, c.selector)} > ${staleAfter}`,
      for: c.for.KafkascopeDataStale,
      severity: 'warning',
      summary: 'kafkascope serves old Kafka data.',
      description: (t) =>
        `kafkascope ${where(t)} serves Kafka data that is ${t.value('humanizeDuration')} old, more than ` +
        `${c.staleAfterPolls} poll intervals of ${c.pollIntervalSeconds}s: polls fail or take longer than the interval.`,
      fires: [
        {
          name: 'old data',
          series: { [series(target, FAMILY.dataAge)]: staleAfter * 5 },
          alerts: [{ labels: target, value: staleAfter * 5 }],
        },
      ],
      quiet: [{ name: 'data at the threshold', series: { [series(target, FAMILY.dataAge)]: staleAfter } }],
    },
  ]
}
