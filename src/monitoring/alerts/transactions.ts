import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * Per topic, from the topic maximum so it also works with --metrics.granularity=topic: the partition-level series
 * (kafka_topic_partition_open_transaction_age_seconds) say which partition in the runbook.
 */
export function transactionAlerts(c: MonitoringConfig): AlertSpec[] {
  const target = exampleTarget(c)
  const age = (topic: string) => series(target, FAMILY.topicMaxOpenTransactionAge, { topic })
  const threshold = c.openTransactionAgeWarning
  return [
    {
      alert: 'KafkaTransactionHanging',
      expr: `${sel(FAMILY.topicMaxOpenTransactionAge, c.selector)} > ${threshold}`,
      for: c.for.KafkaTransactionHanging,
      severity: 'warning',
      summary: 'A Kafka transaction has been open too long and blocks read_committed consumers.',
      description: (t) =>
        `The oldest open transaction on topic ${t.label('topic')} (${targetText(c, t.label)}) began ` +
        `${t.value('humanizeDuration')} ago, more than ${threshold}s: read_committed consumers of its partition ` +
        'are held at its first offset until it commits or aborts.',
      fires: [
        {
          name: 'one topic with a transaction open for an hour',
          series: { [age('orders')]: 3600, [age('payments')]: 0 },
          alerts: [{ labels: { ...target, topic: 'orders' }, value: 3600 }],
        },
      ],
      quiet: [
        { name: 'age at the threshold', series: { [age('orders')]: threshold } },
        { name: 'no open transaction', series: { [age('orders')]: 0 } },
      ],
    },
  ]
}
