import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import {
  buildDashboard,
  columnGrid,
  dashboardUrl,
  dedup,
  grafanaVar,
  graph,
  labelVariable,
  query,
  row,
  scoped,
  UNIT,
} from './common.js'

export const TOPICS_UID = 'kafkascope-topics'

const TOPIC = 'topic=~"$topic"'

/** What flows through each topic (message rates from offsets), its size, partitions and replication. */
export function topicsDashboard(): Dashboard {
  const ofTopics = (family: Family) => scoped(family, TOPIC)
  // Per partition once per cluster (see dedup), and per topic from that.
  const ofPartitions = (expr: string) => dedup(expr, 'topic', 'partition')
  const perTopic = (expr: string) => dedup(expr, 'topic')
  const rate = ofPartitions(`rate(${ofTopics(FAMILY.partitionCurrentOffset)}[$__rate_interval])`)
  // From the per-topic sums, which every --metrics.topic-granularity exports.
  const topicRate = perTopic(`rate(${ofTopics(FAMILY.topicCurrentOffset)}[$__rate_interval])`)
  return buildDashboard({
    uid: TOPICS_UID,
    title: 'Kafka / Topics',
    description:
      'Message rates, retained messages, partitions and replication of Kafka topics, from kafkascope.',
    variables: [labelVariable('topic', 'topic', scoped(FAMILY.topicPartitions), { multi: true })],
    panels: [
      row('Throughput'),
      graph(
        'Messages in per topic',
        'Messages appended per second: the rate of the high watermark, summed over partitions.',
        [query(topicRate, '{{topic}}')],
        { unit: UNIT.messagesPerSecond, runbooks: ['KafkaTopicNoMessages'] },
      ),
      graph(
        'Messages in per partition',
        'Uneven partitions point at a skewed partitioning key.',
        [query(rate, '{{topic}}/{{partition}}')],
        { unit: UNIT.messagesPerSecond },
      ),
      graph(
        'Retained messages per topic',
        'High watermark minus log start offset, summed over partitions: what retention keeps.',
        [
          query(
            perTopic(`${ofTopics(FAMILY.topicCurrentOffset)} - ${ofTopics(FAMILY.topicOldestOffset)}`),
            '{{topic}}',
          ),
        ],
      ),
      graph('Partitions per topic', 'Partition count; it only grows (Kafka cannot remove partitions).', [
        query(perTopic(ofTopics(FAMILY.topicPartitions)), '{{topic}}'),
      ]),
      graph(
        'Size on disk per topic',
        "Bytes of the topic's logs counted once (its leader replicas); all replicas take about replication factor " +
          'times this. Read every --log-dirs.refresh-interval.',
        [query(perTopic(ofTopics(FAMILY.topicLeaderLogSize)), '{{topic}}')],
        { unit: UNIT.bytes, runbooks: ['KafkaLogDirNearlyFull'] },
      ),
      graph(
        'Size on disk per topic, all replicas',
        'Bytes of all replicas of the topic on all brokers: what it costs in disk.',
        [query(perTopic(ofTopics(FAMILY.topicLogSize)), '{{topic}}')],
        { unit: UNIT.bytes },
      ),
      row('Replication'),
      columnGrid(
        'Topics',
        'Configuration and replication health per topic. Click a topic to see only it.',
        [
          [perTopic(ofTopics(FAMILY.topicPartitions)), 'Partitions'],
          [perTopic(ofTopics(FAMILY.topicReplicationFactor)), 'Replication factor'],
          [perTopic(ofTopics(FAMILY.topicMinIsr)), 'min.insync.replicas'],
          [perTopic(ofTopics(FAMILY.topicRetention)), 'Retention (s)'],
          [perTopic(ofTopics(FAMILY.topicUnderReplicated)), 'Under-replicated'],
          [perTopic(ofTopics(FAMILY.topicOffline)), 'Offline'],
        ],
        {
          runbooks: ['KafkaPartitionUnderReplicated', 'KafkaPartitionOffline'],
          links: {
            topic: {
              title: 'Only this topic',
              url: dashboardUrl(TOPICS_UID, { topic: grafanaVar('__value.raw') }),
            },
          },
        },
      ),
      graph('In-sync replicas per partition', 'Fewer than the replication factor means under-replicated.', [
        query(ofPartitions(ofTopics(FAMILY.partitionInSyncReplicas)), '{{topic}}/{{partition}}'),
      ]),
      graph('Leader per partition', 'Broker id leading each partition; -1 means offline.', [
        query(ofPartitions(ofTopics(FAMILY.partitionLeader)), '{{topic}}/{{partition}}'),
      ]),
      row('Transactions'),
      graph(
        'Oldest open transaction per topic',
        'Age of the oldest transaction not yet committed or aborted. read_committed consumers are held at its first ' +
          "record; Kafka aborts it after the producer's transaction.timeout.ms (1 min by default), so a rising line is a hanging transaction.",
        [query(perTopic(ofTopics(FAMILY.topicMaxOpenTransactionAge)), '{{topic}}')],
        { unit: UNIT.seconds, runbooks: ['KafkaTransactionHanging'] },
      ),
      graph(
        'Last stable offset behind the high watermark',
        'Records after the last stable offset, per partition: written but not yet readable by read_committed ' +
          'consumers. Drops back to 0 when each transaction ends; stays up while one hangs.',
        [
          query(
            ofPartitions(
              `${ofTopics(FAMILY.partitionCurrentOffset)} - ${ofTopics(FAMILY.partitionLastStableOffset)}`,
            ),
            '{{topic}}/{{partition}}',
          ),
        ],
        { runbooks: ['KafkaTransactionHanging'] },
      ),
    ],
  })
}
