import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { by, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/** Partition-level replication health: one alert per affected partition, so Alertmanager can group them. */
export function replicationAlerts(c: MonitoringConfig): AlertSpec[] {
  const target = exampleTarget(c)
  const other = { ...target, job: 'some-other-job' }
  const partition = (
    family: typeof FAMILY.partitionOffline,
    what: string,
    summary: string,
    severity: 'critical' | 'warning',
  ) =>
    ({
      expr: `${sel(family, c.selector)} > 0`,
      severity,
      summary,
      description: (t) =>
        `Partition ${t.label('partition')} of topic ${t.label('topic')} (${targetText(c, t.label)}) ${what}`,
      fires: [
        {
          name: 'one partition of two affected',
          series: {
            [series(target, family, { topic: 'orders', partition: '0' })]: 0,
            [series(target, family, { topic: 'orders', partition: '1' })]: 1,
          },
          alerts: [{ labels: { ...target, topic: 'orders', partition: '1' }, value: 1 }],
        },
      ],
      quiet: [
        { name: 'healthy', series: { [series(target, family, { topic: 'orders', partition: '0' })]: 0 } },
        {
          name: 'another job',
          series: { [series(other, family, { topic: 'orders', partition: '0' })]: 1 },
        },
      ],
    }) satisfies Omit<AlertSpec, 'alert' | 'for'>

  return [
    {
      alert: 'KafkaPartitionUnderReplicated',
      for: c.for.KafkaPartitionUnderReplicated,
      ...partition(
        FAMILY.partitionUnderReplicated,
        'has fewer in-sync replicas than replicas: a broker is down or a follower cannot keep up.',
        'A Kafka partition is under-replicated.',
        'warning',
      ),
    },
    {
      alert: 'KafkaPartitionUnderMinIsr',
      for: c.for.KafkaPartitionUnderMinIsr,
      ...partition(
        FAMILY.partitionUnderMinIsr,
        "has fewer in-sync replicas than the topic's min.insync.replicas: producers with acks=all are rejected.",
        'A Kafka partition is below its minimum in-sync replicas.',
        'critical',
      ),
    },
    {
      alert: 'KafkaPartitionOffline',
      for: c.for.KafkaPartitionOffline,
      ...partition(
        FAMILY.partitionOffline,
        'has no leader: it can be neither written nor read.',
        'A Kafka partition is offline.',
        'critical',
      ),
    },
    leadersNotPreferred(c),
  ]
}

function leadersNotPreferred(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const preferred = (p: string) =>
    series(target, FAMILY.partitionLeaderIsPreferred, { topic: 'orders', partition: p })
  const s = sel(FAMILY.partitionLeaderIsPreferred, c.selector)
  const ratio = c.leaderImbalanceRatio
  const boundary = Math.round(1 / ratio)
  const leaders = (count: number, moved: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [preferred(String(i)), i < moved ? 0 : 1]))
  return {
    alert: 'KafkaPartitionLeadersNotPreferred',
    expr: `(\n  count ${by(c.targetLabels)} (${s} == 0)\n/\n  count ${by(c.targetLabels)} (${s})\n) > ${ratio}`,
    for: c.for.KafkaPartitionLeadersNotPreferred,
    severity: 'info',
    summary: 'Many Kafka partitions are not led by their preferred replica.',
    description: (t) =>
      `${t.value('humanizePercentage')} of the partitions of ${targetText(c, t.label)} are led by a replica other than ` +
      `their preferred one (more than ${ratio * 100}%), so some brokers carry more load than others.`,
    fires: [
      {
        name: 'two leaders moved',
        series: leaders(boundary, 2),
        alerts: [{ labels: { ...target }, value: 2 / boundary }],
      },
    ],
    quiet: [
      { name: 'every leader preferred', series: leaders(boundary, 0) },
      // Exactly at the threshold: 1 of 1/ratio partitions.
      { name: 'one leader moved', series: leaders(boundary, 1) },
    ],
  }
}
