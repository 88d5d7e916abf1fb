import { FAMILY } from '../../metrics/catalog.js'
import { defaultConfig, type MonitoringConfig } from '../config.js'
import { CLUSTER_LABEL, dedup, graph, perCluster, query, row, scoped, single, UNIT } from './common.js'

const VOTER = 'role="voter"'

/**
 * The KRaft quorum row of the cluster dashboard: who leads, how many voters fetch, and how far each voter and
 * observer is behind the leader. Empty in ZooKeeper mode (no DescribeQuorum).
 */
export function quorumPanels(c: MonitoringConfig = defaultConfig) {
  // Once per cluster (sidecars each report the quorum), then counted.
  const fetchAge = dedup(scoped(FAMILY.quorumReplicaLastFetchAge, VOTER), 'replica_id', 'role')
  const epoch = dedup(scoped(FAMILY.quorumLeaderEpoch))
  const perReplica = (f: (typeof FAMILY)['quorumReplicaLag']) => dedup(scoped(f), 'replica_id', 'role')
  return [
    row('KRaft quorum'),
    single(
      'Quorum leader epoch',
      'Epoch of the quorum leader (the active controller, shown under Controller); a rising epoch means elections.',
      query(epoch),
      { unit: UNIT.count, runbooks: ['KafkaNoActiveController'] },
    ),
    single(
      'Voters reachable',
      `Voters that fetched from the leader within ${c.quorumFetchAgeWarning}s (the leader counts itself); below a majority of all voters no metadata can change.`,
      query(`count by (${CLUSTER_LABEL}) (${fetchAge} <= ${c.quorumFetchAgeWarning})`),
      { unit: UNIT.count, runbooks: ['KafkaQuorumMajorityUnreachable', 'KafkaQuorumVoterNotFetching'] },
    ),
    single(
      'Voters',
      'Voters of the KRaft quorum, as the leader lists them.',
      query(perCluster('count', scoped(FAMILY.quorumReplica, VOTER), ['replica_id', 'role'])),
      { unit: UNIT.count, runbooks: ['KafkaQuorumMajorityUnreachable'] },
    ),
    graph(
      'Leader changes',
      'Quorum leader epoch over time: each step is an election.',
      [query(epoch, 'epoch')],
      {
        unit: UNIT.count,
        runbooks: ['KafkaNoActiveController'],
      },
    ),
    graph(
      'Voter and observer lag',
      "Records of the metadata log each replica is behind the leader's end offset.",
      [query(perReplica(FAMILY.quorumReplicaLag), '{{role}} {{replica_id}}')],
      { span: 12, unit: UNIT.count, runbooks: ['KafkaQuorumVoterLagging'] },
    ),
    graph(
      'Last fetch age',
      'Seconds since each replica last fetched from the leader (as of each poll, on the leader clock).',
      [query(perReplica(FAMILY.quorumReplicaLastFetchAge), '{{role}} {{replica_id}}')],
      { unit: UNIT.seconds, runbooks: ['KafkaQuorumVoterNotFetching'] },
    ),
    graph(
      'Last caught-up age',
      "Seconds since each replica was last caught up with the leader's end offset.",
      [query(perReplica(FAMILY.quorumReplicaLastCaughtUpAge), '{{role}} {{replica_id}}')],
      { unit: UNIT.seconds, runbooks: ['KafkaQuorumVoterLagging'] },
    ),
  ]
}
