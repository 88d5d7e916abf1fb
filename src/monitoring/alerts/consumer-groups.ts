import { M } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { by, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/** Per group and topic: the unit a team owns and a runbook can act on. */
export function consumerGroupAlerts(c: MonitoringConfig): AlertSpec[] {
  return [lagHigh(c), lostMessages(c)]
}

function lagHigh(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const lag = (group: string) => series(target, M.groupLagSum, { consumergroup: group, topic: 'orders' })
  const threshold = c.lagMessagesWarning
  return {
    alert: 'KafkaConsumerGroupLagHigh',
    expr: `${sel(M.groupLagSum, c.selector)} > ${threshold}`,
    for: c.for.KafkaConsumerGroupLagHigh,
    severity: 'warning',
    summary: 'A Kafka consumer group is falling behind.',
    description: (t) =>
      `Consumer group ${t.label('consumergroup')} is ${t.value('humanize')} messages behind on topic ` +
      `${t.label('topic')} (${targetText(c, t.label)}), more than ${threshold} for ${c.for.KafkaConsumerGroupLagHigh}.`,
    fires: [
      {
        name: 'one group behind, one caught up',
        series: { [lag('billing')]: threshold * 3, [lag('audit')]: 0 },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: threshold * 3 }],
      },
    ],
    quiet: [{ name: 'lag at the threshold', series: { [lag('billing')]: threshold } }],
  }
}

function lostMessages(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const lost = (p: string) =>
    series(target, M.groupLostMessages, { consumergroup: 'billing', topic: 'orders', partition: p })
  return {
    alert: 'KafkaConsumerGroupLostMessages',
    expr: `sum ${by(c.targetLabels, 'consumergroup', 'topic')} (${sel(M.groupLostMessages, c.selector)}) > 0`,
    for: c.for.KafkaConsumerGroupLostMessages,
    severity: 'warning',
    summary: 'Retention deleted messages before a Kafka consumer group read them.',
    description: (t) =>
      `The committed offsets of consumer group ${t.label('consumergroup')} on topic ${t.label('topic')} ` +
      `(${targetText(c, t.label)}) are ${t.value('humanize')} messages below the log start: those messages were ` +
      'deleted before the group read them, and it will skip them when it resumes.',
    fires: [
      {
        name: 'two partitions behind the log start',
        series: { [lost('0')]: 1500, [lost('1')]: 500, [lost('2')]: 0 },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: 2000 }],
      },
    ],
    quiet: [{ name: 'nothing lost', series: { [lost('0')]: 0, [lost('1')]: 0 } }],
  }
}
