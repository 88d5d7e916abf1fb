import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import {
  buildDashboard,
  columnGrid,
  dashboardUrl,
  grafanaVar,
  graph,
  labelVariable,
  query,
  row,
  scoped,
} from './common.js'

export const TOPICS_UID = 'kafkascope-topics'

const TOPIC = 'topic=~"$topic"'

/** What flows through each topic (message rates from offsets), its size, partitions and replication. */
export function topicsDashboard(): Dashboard {
  const ofTopics = (family: Family) => scoped(family, TOPIC)
  const rate = `rate(${ofTopics(FAMILY.partitionCurrentOffset)}[$__rate_interval])`
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
        [query(`sum by (topic) (${rate})`, '{{topic}}')],
        { unit: 'short' },
      ),
      graph(
        'Messages in per partition',
        'Uneven partitions point at a skewed partitioning key.',
        [query(rate, '{{topic}}/{{partition}}')],
        { unit: 'short' },
      ),
      graph(
        'Retained messages per topic',
        'High watermark minus log start offset, summed over partitions: what retention keeps.',
        [
          query(
            `sum by (topic) (${ofTopics(FAMILY.partitionCurrentOffset)} - ${ofTopics(FAMILY.partitionOldestOffset)})`,
            '{{topic}}',
          ),
        ],
      ),
      graph('Partitions per topic', 'Partition count; it only grows (Kafka cannot remove partitions).', [
        query(ofTopics(FAMILY.topicPartitions), '{{topic}}'),
      ]),
      graph(
        'Size on disk per topic',
        "Bytes of the topic's logs counted once (its leader replicas); all replicas take about replication factor " +
          'times this. Read every --log-dirs.refresh-interval.',
        [query(ofTopics(FAMILY.topicLeaderLogSize), '{{topic}}')],
        { unit: 'bytes' },
      ),
      graph(
        'Size on disk per topic, all replicas',
        'Bytes of all replicas of the topic on all brokers: what it costs in disk.',
        [query(ofTopics(FAMILY.topicLogSize), '{{topic}}')],
        { unit: 'bytes' },
      ),
      row('Replication'),
      columnGrid(
        'Topics',
        'Configuration and replication health per topic. Click a topic to see only it.',
        [
          [ofTopics(FAMILY.topicPartitions), 'Partitions'],
          [ofTopics(FAMILY.topicReplicationFactor), 'Replication factor'],
          [ofTopics(FAMILY.topicMinIsr), 'min.insync.replicas'],
          [ofTopics(FAMILY.topicRetention), 'Retention (s)'],
          [`sum by (topic) (${ofTopics(FAMILY.partitionUnderReplicated)})`, 'Under-replicated'],
          [`sum by (topic) (${ofTopics(FAMILY.partitionOffline)})`, 'Offline'],
        ],
        {
          links: {
            topic: {
              title: 'Only this topic',
              url: dashboardUrl(TOPICS_UID, { topic: grafanaVar('__value.raw') }),
            },
          },
        },
      ),
      graph('In-sync replicas per partition', 'Fewer than the replication factor means under-replicated.', [
        query(ofTopics(FAMILY.partitionInSyncReplicas), '{{topic}}/{{partition}}'),
      ]),
      graph('Leader per partition', 'Broker id leading each partition; -1 means offline.', [
        query(ofTopics(FAMILY.partitionLeader), '{{topic}}/{{partition}}'),
      ]),
      row('Transactions'),
      graph(
        'Oldest open transaction per topic',
        'Age of the oldest transaction not yet committed or aborted. read_committed consumers are held at its first ' +
          "record; Kafka aborts it after the producer's transaction.timeout.ms (1 min by default), so a rising line is a hanging transaction.",
        [query(ofTopics(FAMILY.topicMaxOpenTransactionAge), '{{topic}}')],
        { unit: 's' },
      ),
      graph(
        'Last stable offset behind the high watermark',
        'Records after the last stable offset, per partition: written but not yet readable by read_committed ' +
          'consumers. Drops back to 0 when each transaction ends; stays up while one hangs.',
        [
          query(
            `${ofTopics(FAMILY.partitionCurrentOffset)} - ${ofTopics(FAMILY.partitionLastStableOffset)}`,
            '{{topic}}/{{partition}}',
          ),
        ],
      ),
    ],
  })
}
