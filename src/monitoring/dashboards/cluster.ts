import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import { buildDashboard, graph, grid, query, row, scoped, single, tableQuery } from './common.js'
import { quorumPanels } from './quorum.js'

export const CLUSTER_UID = 'kafkascope-cluster'

/** Is the cluster whole: brokers, controller, partitions without enough replicas or leaders, leader balance. */
export function clusterDashboard(): Dashboard {
  const sum = (family: Family) => `sum(${scoped(family)})`
  return buildDashboard({
    uid: CLUSTER_UID,
    title: 'Kafka / Cluster health',
    description:
      'Brokers, controller, replication health and leader balance of the Kafka cluster, from kafkascope.',
    variables: [],
    panels: [
      single('Brokers', 'Brokers registered in the cluster metadata.', query(scoped(FAMILY.brokers))),
      single(
        'Controller',
        'Node id of the active controller (on KRaft the quorum leader); -1 means none, no value that it is unknown.',
        query(scoped(FAMILY.controller)),
        {
          bad: -0.5,
        },
      ),
      single(
        'Under-replicated',
        'Partitions with fewer in-sync replicas than replicas.',
        query(sum(FAMILY.topicUnderReplicated)),
        { bad: 1 },
      ),
      single(
        'Under min ISR',
        "Partitions with fewer in-sync replicas than the topic's min.insync.replicas: acks=all producers fail.",
        query(sum(FAMILY.topicUnderMinIsr)),
        { bad: 1 },
      ),
      single(
        'Offline',
        'Partitions without a leader: neither readable nor writable.',
        query(sum(FAMILY.topicOffline)),
        {
          bad: 1,
        },
      ),
      single(
        'Leaders not preferred',
        'Partitions led by a replica other than the preferred (first) one.',
        query(sum(FAMILY.topicNonPreferredLeader)),
        { bad: 1 },
      ),
      row('Brokers'),
      grid(
        'Broker list',
        'Every broker in the cluster metadata.',
        [tableQuery(scoped(FAMILY.brokerInfo), 'A')],
        {
          span: 12,
          rename: { id: 'Broker', address: 'Address', rack: 'Rack', Value: 'Registered' },
        },
      ),
      graph('Brokers over time', 'A drop means a broker left the cluster (stopped, fenced or removed).', [
        query(scoped(FAMILY.brokers), 'brokers'),
      ]),
      row('Replication'),
      graph('Under-replicated partitions by topic', 'Partitions with fewer in-sync replicas than replicas.', [
        query(`${scoped(FAMILY.topicUnderReplicated)} > 0`, '{{topic}}'),
      ]),
      graph(
        'Under-min-ISR and offline partitions by topic',
        'Partitions that reject writes (acks=all) or all use.',
        [
          query(`${scoped(FAMILY.topicUnderMinIsr)} > 0`, 'under min ISR {{topic}}'),
          query(`${scoped(FAMILY.topicOffline)} > 0`, 'offline {{topic}}'),
        ],
      ),
      row('Leader balance'),
      graph(
        'Partition leaders per broker',
        'How many partitions each broker leads; even bars mean even load. Partitions without a leader are counted under Offline.',
        [query(scoped(FAMILY.brokerLeaderPartitions), 'broker {{id}}')],
      ),
      graph(
        'Partitions led by their preferred replica',
        'Share of partitions whose leader is their first replica; Kafka rebalances leaders back over time.',
        [query(`1 - ${sum(FAMILY.topicNonPreferredLeader)} / ${sum(FAMILY.topicPartitions)}`, 'preferred')],
        { unit: 'percentunit' },
      ),
      ...quorumPanels(),
    ],
  })
}
