import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import {
  buildDashboard,
  dedup,
  graph,
  grid,
  perCluster,
  query,
  row,
  scoped,
  single,
  tableQuery,
  UNIT,
} from './common.js'
import { quorumPanels } from './quorum.js'

export const CLUSTER_UID = 'kafkascope-cluster'

/** Is the cluster whole: brokers, controller, partitions without enough replicas or leaders, leader balance. */
export function clusterDashboard(): Dashboard {
  // Partition counts once per cluster, however many instances (sidecars) report each partition.
  const sum = (family: Family) => perCluster('sum', scoped(family), [...family.labels])
  const byTopic = (family: Family) => perCluster('sum', scoped(family), [...family.labels], ['topic'])
  return buildDashboard({
    uid: CLUSTER_UID,
    title: 'Kafka / Cluster health',
    description:
      'Brokers, controller, replication health and leader balance of the Kafka cluster, from kafkascope.',
    variables: [],
    panels: [
      single('Brokers', 'Brokers registered in the cluster metadata.', query(dedup(scoped(FAMILY.brokers))), {
        runbooks: ['KafkaBrokerCountDropped'],
      }),
      single(
        'Controller',
        'Node id of the active controller (on KRaft the quorum leader); -1 means none, no value that it is unknown.',
        query(dedup(scoped(FAMILY.controller))),
        { unit: UNIT.count, bad: -0.5, runbooks: ['KafkaNoActiveController'] },
      ),
      single(
        'Under-replicated',
        'Partitions with fewer in-sync replicas than replicas.',
        query(sum(FAMILY.topicUnderReplicated)),
        { bad: 1, runbooks: ['KafkaPartitionUnderReplicated'] },
      ),
      single(
        'Under min ISR',
        "Partitions with fewer in-sync replicas than the topic's min.insync.replicas: acks=all producers fail.",
        query(sum(FAMILY.topicUnderMinIsr)),
        { bad: 1, runbooks: ['KafkaPartitionUnderMinIsr'] },
      ),
      single(
        'Offline',
        'Partitions without a leader: neither readable nor writable.',
        query(sum(FAMILY.topicOffline)),
        { bad: 1, runbooks: ['KafkaPartitionOffline'] },
      ),
      single(
        'Leaders not preferred',
        'Partitions led by a replica other than the preferred (first) one.',
        query(sum(FAMILY.topicNonPreferredLeader)),
        { bad: 1, runbooks: ['KafkaPartitionLeadersNotPreferred'] },
      ),
      row('Brokers'),
      grid(
        'Broker list',
        'Every broker in the cluster metadata.',
        [tableQuery(dedup(scoped(FAMILY.brokerInfo), 'id', 'address', 'rack'), 'A')],
        {
          span: 12,
          rename: { id: 'Broker', address: 'Address', rack: 'Rack', Value: 'Registered' },
        },
      ),
      graph(
        'Brokers over time',
        'A drop means a broker left the cluster (stopped, fenced or removed).',
        [query(dedup(scoped(FAMILY.brokers)), 'brokers')],
        { runbooks: ['KafkaBrokerCountDropped'] },
      ),
      row('Replication'),
      graph(
        'Under-replicated partitions by topic',
        'Partitions with fewer in-sync replicas than replicas.',
        [query(`${byTopic(FAMILY.topicUnderReplicated)} > 0`, '{{topic}}')],
        { runbooks: ['KafkaPartitionUnderReplicated'] },
      ),
      graph(
        'Under-min-ISR and offline partitions by topic',
        'Partitions that reject writes (acks=all) or all use.',
        [
          query(`${byTopic(FAMILY.topicUnderMinIsr)} > 0`, 'under min ISR {{topic}}'),
          query(`${byTopic(FAMILY.topicOffline)} > 0`, 'offline {{topic}}'),
        ],
        { runbooks: ['KafkaPartitionUnderMinIsr', 'KafkaPartitionOffline'] },
      ),
      row('Leader balance'),
      graph(
        'Partition leaders per broker',
        'How many partitions each broker leads; even bars mean even load. Partitions without a leader are counted under Offline.',
        [query(dedup(scoped(FAMILY.brokerLeaderPartitions), 'id'), 'broker {{id}}')],
        { runbooks: ['KafkaPartitionLeadersNotPreferred'] },
      ),
      graph(
        'Partitions led by their preferred replica',
        'Share of partitions whose leader is their first replica; Kafka rebalances leaders back over time.',
        [query(`1 - ${sum(FAMILY.topicNonPreferredLeader)} / ${sum(FAMILY.topicPartitions)}`, 'preferred')],
        { unit: UNIT.ratio, runbooks: ['KafkaPartitionLeadersNotPreferred'] },
      ),
      row('Disk'),
      graph(
        'Broker disk usage',
        "Share of the volume of each broker's log directory in use (Kafka 3.3+); a directory without a value is " +
          'offline or its broker too old to say. Read every --log-dirs.refresh-interval.',
        [
          query(
            `1 - ${dedup(scoped(FAMILY.logDirUsableBytes), 'broker_id', 'log_dir')} / ${dedup(scoped(FAMILY.logDirTotalBytes), 'broker_id', 'log_dir')}`,
            'broker {{broker_id}} {{log_dir}}',
          ),
        ],
        { unit: UNIT.ratio, runbooks: ['KafkaLogDirNearlyFull', 'KafkaLogDirFillingUp'] },
      ),
      graph(
        'Kafka data per log directory',
        "Bytes of all replicas' logs in each directory, logs being moved in included; the second query lists the " +
          'offline directories (they report no size).',
        [
          query(dedup(scoped(FAMILY.logDirSize), 'broker_id', 'log_dir'), 'broker {{broker_id}} {{log_dir}}'),
          query(
            `${dedup(scoped(FAMILY.logDirOnline), 'broker_id', 'log_dir')} == 0`,
            'offline: broker {{broker_id}} {{log_dir}}',
          ),
        ],
        { unit: UNIT.bytes, runbooks: ['KafkaLogDirOffline'] },
      ),
      ...quorumPanels(),
    ],
  })
}
