import { FAMILY } from '../../metrics/catalog.js'
import { defaultConfig, type MonitoringConfig } from '../config.js'
import { graph, query, row, scoped, single } from './common.js'

const VOTER = 'role="voter"'

/**
 * The KRaft quorum row of the cluster dashboard: who leads, how many voters fetch, and how far each voter and
 * observer is behind the leader. Empty in ZooKeeper mode (no DescribeQuorum).
 */
export function quorumPanels(c: MonitoringConfig = defaultConfig) {
  const fetchAge = scoped(FAMILY.quorumReplicaLastFetchAge, VOTER)
  return [
    row('KRaft quorum'),
    single(
      'Quorum leader epoch',
      'Epoch of the quorum leader (the active controller, shown under Controller); a rising epoch means elections.',
      query(scoped(FAMILY.quorumLeaderEpoch)),
    ),
    single(
      'Voters reachable',
      `Voters that fetched from the leader within ${c.quorumFetchAgeWarning}s (the leader counts itself); below a majority of all voters no metadata can change.`,
      query(`count(${fetchAge} <= ${c.quorumFetchAgeWarning})`),
    ),
    single(
      'Voters',
      'Voters of the KRaft quorum, as the leader lists them.',
      query(`count(${scoped(FAMILY.quorumReplica, VOTER)})`),
    ),
    graph('Leader changes', 'Quorum leader epoch over time: each step is an election.', [
      query(scoped(FAMILY.quorumLeaderEpoch), 'epoch'),
    ]),
    graph(
      'Voter and observer lag',
      "Records of the metadata log each replica is behind the leader's end offset.",
      [query(scoped(FAMILY.quorumReplicaLag), '{{role}} {{replica_id}}')],
      { span: 12 },
    ),
    graph(
      'Last fetch age',
      'Seconds since each replica last fetched from the leader (as of each poll, on the leader clock).',
      [query(scoped(FAMILY.quorumReplicaLastFetchAge), '{{role}} {{replica_id}}')],
      { unit: 's' },
    ),
    graph(
      'Last caught-up age',
      "Seconds since each replica was last caught up with the leader's end offset.",
      [query(scoped(FAMILY.quorumReplicaLastCaughtUpAge), '{{role}} {{replica_id}}')],
      { unit: 's' },
    ),
  ]
}
