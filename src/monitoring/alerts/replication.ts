import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { by, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * Replication health from the per-topic counts, one alert per affected topic: those are exported at every
 * --metrics.topic-granularity, where the per-partition series are not (the runbooks say how to find the partitions).
 */
export function replicationAlerts(c: MonitoringConfig): AlertSpec[] {
  const target = exampleTarget(c)
  const other = { ...target, job: 'some-other-job' }
  const perTopic = (
    family: typeof FAMILY.topicOffline,
    what: string,
    summary: string,
    severity: 'critical' | 'warning',
  ) =>
    ({
      expr: `${sel(family, c.selector)} > 0`,
      severity,
      summary,
      description: (t) =>
        `Topic ${t.label('topic')} (${targetText(c, t.label)}) has ${t.value()} partition(s) that ${what}`,
      fires: [
        {
          name: 'two partitions of one topic affected, another topic healthy',
          series: {
            [series(target, family, { topic: 'orders' })]: 2,
            [series(target, family, { topic: 'payments' })]: 0,
          },
          alerts: [{ labels: { ...target, topic: 'orders' }, value: 2 }],
        },
      ],
      quiet: [
        { name: 'healthy', series: { [series(target, family, { topic: 'orders' })]: 0 } },
        { name: 'another job', series: { [series(other, family, { topic: 'orders' })]: 1 } },
      ],
    }) satisfies Omit<AlertSpec, 'alert' | 'for'>

  return [
    {
      alert: 'KafkaPartitionUnderReplicated',
      for: c.for.KafkaPartitionUnderReplicated,
      ...perTopic(
        FAMILY.topicUnderReplicated,
        'have fewer in-sync replicas than replicas: a broker is down or a follower cannot keep up.',
        'A Kafka partition is under-replicated.',
        'warning',
      ),
    },
    {
      alert: 'KafkaPartitionUnderMinIsr',
      for: c.for.KafkaPartitionUnderMinIsr,
      ...perTopic(
        FAMILY.topicUnderMinIsr,
        "have fewer in-sync replicas than the topic's min.insync.replicas: producers with acks=all are rejected.",
        'A Kafka partition is below its minimum in-sync replicas.',
        'critical',
      ),
    },
    {
      alert: 'KafkaPartitionOffline',
      for: c.for.KafkaPartitionOffline,
      ...perTopic(
        FAMILY.topicOffline,
        'have no leader: they can be neither written nor read.',
        'A Kafka partition is offline.',
        'critical',
      ),
    },
    leadersNotPreferred(c),
  ]
}

function leadersNotPreferred(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const ratio = c.leaderImbalanceRatio
  const boundary = Math.round(1 / ratio)
  // Two topics, so the rule must sum over topics rather than judge each alone.
  const leaders = (moved: number) => ({
    [series(target, FAMILY.topicNonPreferredLeader, { topic: 'orders' })]: moved,
    [series(target, FAMILY.topicPartitions, { topic: 'orders' })]: boundary - 1,
    [series(target, FAMILY.topicNonPreferredLeader, { topic: 'payments' })]: 0,
    [series(target, FAMILY.topicPartitions, { topic: 'payments' })]: 1,
  })
  const sum = (family: typeof FAMILY.topicPartitions) =>
    `sum ${by(c.targetLabels)} (${sel(family, c.selector)})`
  return {
    alert: 'KafkaPartitionLeadersNotPreferred',
    expr: `(\n  ${sum(FAMILY.topicNonPreferredLeader)}\n/\n  ${sum(FAMILY.topicPartitions)}\n) > ${ratio}`,
    for: c.for.KafkaPartitionLeadersNotPreferred,
    severity: 'info',
    summary: 'Many Kafka partitions are not led by their preferred replica.',
    description: (t) =>
      `${t.value('humanizePercentage')} of the partitions of ${targetText(c, t.label)} are led by a replica other than ` +
      `their preferred one (more than ${ratio * 100}%), so some brokers carry more load than others.`,
    fires: [
      {
        name: 'two leaders moved',
        series: leaders(2),
        alerts: [{ labels: { ...target }, value: 2 / boundary }],
      },
    ],
    quiet: [
      { name: 'every leader preferred', series: leaders(0) },
      // Exactly at the threshold: 1 of 1/ratio partitions.
      { name: 'one leader moved', series: leaders(1) },
    ],
  }
}
