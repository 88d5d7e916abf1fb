import { FAMILY } from '../../metrics/catalog.js'
import { type MonitoringConfig, seconds } from '../config.js'
import { by, on, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * A topic whose producers stopped (Strimzi's NoMessageForTooLong, per topic instead of per partition): the sum of its
 * partitions' high watermarks (kafka_topic_current_offset, exported at every granularity) did not change for
 * topicSilence, although it did within topicTrafficMemory. Topics that never had traffic
 * since kafkascope started, and internal topics (`__consumer_offsets`, `__transaction_state`), stay quiet.
 * changes() rather than rate(): the high watermark is a gauge, and a recreated topic must not count as traffic.
 */
export function topicAlerts(c: MonitoringConfig): AlertSpec[] {
  const target = exampleTarget(c)
  const offset = (topic: string) => series(target, FAMILY.topicCurrentOffset, { topic })
  const s = sel(FAMILY.topicCurrentOffset, c.selector, 'topic!~"__.*"')
  const changes = (window: string) => `max ${by(c.targetLabels, 'topic')} (changes(${s}[${window}]))`
  // Offsets change up to minute 2, then stay: the expression holds from topicSilence after the last change.
  const warmupMinutes = seconds(c.topicSilence) / 60 + 2
  const stopped = `0+10x2 20x${warmupMinutes + seconds(c.for.KafkaTopicNoMessages) / 60 + 30}`
  return [
    {
      alert: 'KafkaTopicNoMessages',
      expr: [
        `${changes(c.topicSilence)} == 0`,
        `and ${on(c.targetLabels, 'topic')}`,
        `${changes(c.topicTrafficMemory)} > 0`,
      ].join('\n'),
      for: c.for.KafkaTopicNoMessages,
      warmupMinutes,
      severity: 'warning',
      summary: 'A Kafka topic stopped receiving messages.',
      description: (t) =>
        `No message was written to topic ${t.label('topic')} (${targetText(c, t.label)}) for ${c.topicSilence}, ` +
        `although it had traffic within the last ${c.topicTrafficMemory}: its producers stopped or cannot write.`,
      fires: [
        {
          name: 'producers of one topic stopped while another topic keeps its traffic',
          series: {
            [offset('orders')]: stopped,
            [offset('audit')]: '0+1x200',
          },
          alerts: [{ labels: { ...target, topic: 'orders' }, value: 0 }],
        },
      ],
      quiet: [
        { name: 'steady traffic', series: { [offset('orders')]: '0+5x200' } },
        { name: 'never had traffic', series: { [offset('orders')]: 42 } },
        { name: 'internal topic', series: { [offset('__consumer_offsets')]: stopped } },
      ],
    },
  ]
}
