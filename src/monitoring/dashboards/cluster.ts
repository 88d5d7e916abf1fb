import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import { buildDashboard, graph, grid, query, row, scoped, single, tableQuery } from './common.js'

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
        'Broker id of the active controller; -1 means none.',
        query(scoped(FAMILY.controller)),
        {
          bad: -0.5,
        },
      ),
      single(
        'Under-replicated',
        'Partitions with fewer in-sync replicas than replicas.',
        query(sum(FAMILY.partitionUnderReplicated)),
        { bad: 1 },
      ),
      single(
        'Under min ISR',
        "Partitions with fewer in-sync replicas than the topic's min.insync.replicas: acks=all producers fail.",
        query(sum(FAMILY.partitionUnderMinIsr)),
        { bad: 1 },
      ),
      single(
        'Offline',
        'Partitions without a leader: neither readable nor writable.',
        query(sum(FAMILY.partitionOffline)),
        {
          bad: 1,
        },
      ),
      single(
        'Leaders not preferred',
        'Partitions led by a replica other than the preferred (first) one.',
        query(`sum(1 - ${scoped(FAMILY.partitionLeaderIsPreferred)})`),
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
        query(`sum by (topic) (${scoped(FAMILY.partitionUnderReplicated)}) > 0`, '{{topic}}'),
      ]),
      graph(
        'Under-min-ISR and offline partitions by topic',
        'Partitions that reject writes (acks=all) or all use.',
        [
          query(`sum by (topic) (${scoped(FAMILY.partitionUnderMinIsr)}) > 0`, 'under min ISR {{topic}}'),
          query(`sum by (topic) (${scoped(FAMILY.partitionOffline)}) > 0`, 'offline {{topic}}'),
        ],
      ),
      row('Leader balance'),
      graph(
        'Partition leaders per broker',
        'How many partitions each broker leads; even bars mean even load. -1 counts partitions without a leader.',
        [query(`count_values("broker", ${scoped(FAMILY.partitionLeader)})`, 'broker {{broker}}')],
      ),
      graph(
        'Partitions led by their preferred replica',
        'Share of partitions whose leader is their first replica; Kafka rebalances leaders back over time.',
        [query(`avg(${scoped(FAMILY.partitionLeaderIsPreferred)})`, 'preferred')],
        { unit: 'percentunit' },
      ),
      row('Disk'),
      graph(
        'Broker disk usage',
        "Share of the volume of each broker's log directory in use (Kafka 3.3+); a directory without a value is " +
          'offline or its broker too old to say. Read every --log-dirs.refresh-interval.',
        [
          query(
            `1 - ${scoped(FAMILY.logDirUsableBytes)} / ${scoped(FAMILY.logDirTotalBytes)}`,
            'broker {{broker_id}} {{log_dir}}',
          ),
        ],
        { unit: 'percentunit' },
      ),
      graph(
        'Kafka data per log directory',
        "Bytes of all replicas' logs in each directory, logs being moved in included; the second query lists the " +
          'offline directories (they report no size).',
        [
          query(scoped(FAMILY.logDirSize), 'broker {{broker_id}} {{log_dir}}'),
          query(`${scoped(FAMILY.logDirOnline)} == 0`, 'offline: broker {{broker_id}} {{log_dir}}'),
        ],
        { unit: 'bytes' },
      ),
    ],
  })
}
