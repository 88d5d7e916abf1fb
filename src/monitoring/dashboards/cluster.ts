import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { type Family, M } from '../../metrics/catalog.js'
import { buildDashboard, graph, grid, m, q, row, single, tq } from './common.js'

export const CLUSTER_UID = 'kafkascope-cluster'

/** Is the cluster whole: brokers, controller, partitions without enough replicas or leaders, leader balance. */
export function clusterDashboard(): Dashboard {
  const sum = (family: Family) => `sum(${m(family)})`
  return buildDashboard({
    uid: CLUSTER_UID,
    title: 'Kafka / Cluster health',
    description:
      'Brokers, controller, replication health and leader balance of the Kafka cluster, from kafkascope.',
    variables: [],
    panels: [
      single('Brokers', 'Brokers registered in the cluster metadata.', q(m(M.brokers))),
      single('Controller', 'Broker id of the active controller; -1 means none.', q(m(M.controller)), {
        bad: -0.5,
      }),
      single(
        'Under-replicated',
        'Partitions with fewer in-sync replicas than replicas.',
        q(sum(M.partitionUnderReplicated)),
        { bad: 1 },
      ),
      single(
        'Under min ISR',
        "Partitions with fewer in-sync replicas than the topic's min.insync.replicas: acks=all producers fail.",
        q(sum(M.partitionUnderMinIsr)),
        { bad: 1 },
      ),
      single(
        'Offline',
        'Partitions without a leader: neither readable nor writable.',
        q(sum(M.partitionOffline)),
        {
          bad: 1,
        },
      ),
      single(
        'Leaders not preferred',
        'Partitions led by a replica other than the preferred (first) one.',
        q(`sum(1 - ${m(M.partitionLeaderIsPreferred)})`),
        { bad: 1 },
      ),
      row('Brokers'),
      grid('Broker list', 'Every broker in the cluster metadata.', [tq(m(M.brokerInfo), 'A')], {
        span: 12,
        rename: { id: 'Broker', address: 'Address', rack: 'Rack', Value: 'Registered' },
      }),
      graph('Brokers over time', 'A drop means a broker left the cluster (stopped, fenced or removed).', [
        q(m(M.brokers), 'brokers'),
      ]),
      row('Replication'),
      graph('Under-replicated partitions by topic', 'Partitions with fewer in-sync replicas than replicas.', [
        q(`sum by (topic) (${m(M.partitionUnderReplicated)}) > 0`, '{{topic}}'),
      ]),
      graph(
        'Under-min-ISR and offline partitions by topic',
        'Partitions that reject writes (acks=all) or all use.',
        [
          q(`sum by (topic) (${m(M.partitionUnderMinIsr)}) > 0`, 'under min ISR {{topic}}'),
          q(`sum by (topic) (${m(M.partitionOffline)}) > 0`, 'offline {{topic}}'),
        ],
      ),
      row('Leader balance'),
      graph(
        'Partition leaders per broker',
        'How many partitions each broker leads; even bars mean even load. -1 counts partitions without a leader.',
        [q(`count_values("broker", ${m(M.partitionLeader)})`, 'broker {{broker}}')],
      ),
      graph(
        'Partitions led by their preferred replica',
        'Share of partitions whose leader is their first replica; Kafka rebalances leaders back over time.',
        [q(`avg(${m(M.partitionLeaderIsPreferred)})`, 'preferred')],
        { unit: 'percentunit' },
      ),
    ],
  })
}
