import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { by, on, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * The KRaft quorum's voters, from DescribeQuorum as the leader sees them (absent in ZooKeeper mode, so these never
 * fire there). A quorum without a leader is KafkaNoActiveController: kafka_cluster_controller_id is the leader.
 */
export function quorumAlerts(c: MonitoringConfig): AlertSpec[] {
  return [voterNotFetching(c), voterLagging(c), majorityUnreachable(c)]
}

const VOTER = 'role="voter"'

/** Example series of voter `id` in the promtool tests. */
function voter(c: MonitoringConfig) {
  const target = exampleTarget(c)
  const labels = (id: string) => ({ replica_id: id, role: 'voter' })
  return {
    target,
    info: (id: string) => series(target, FAMILY.quorumReplica, labels(id)),
    fetch: (id: string) => series(target, FAMILY.quorumReplicaLastFetchAge, labels(id)),
    caughtUp: (id: string) => series(target, FAMILY.quorumReplicaLastCaughtUpAge, labels(id)),
    alert: (id: string) => ({ ...target, ...labels(id) }),
  }
}

/**
 * A voter the leader has not heard from: its last fetch is old, or unknown altogether, which is how a leader elected
 * while the voter was down reports it (listed, with no offsets or times).
 */
function voterNotFetching(c: MonitoringConfig): AlertSpec {
  const v = voter(c)
  const t = c.quorumFetchAgeWarning
  const fetch = sel(FAMILY.quorumReplicaLastFetchAge, c.selector, VOTER)
  return {
    alert: 'KafkaQuorumVoterNotFetching',
    expr: [`${fetch} > ${t}`, `or (${sel(FAMILY.quorumReplica, c.selector, VOTER)} unless ${fetch})`].join(
      '\n',
    ),
    for: c.for.KafkaQuorumVoterNotFetching,
    severity: 'warning',
    summary: 'A KRaft controller voter is not fetching from the quorum leader.',
    description: (x) =>
      `Voter ${x.label('replica_id')} of the KRaft quorum of ${targetText(c, x.label)} has not fetched the ` +
      `metadata log from the leader for more than ${t}s, or not since the leader was elected: it is down, ` +
      'partitioned or stuck, and the quorum tolerates one failure less.',
    fires: [
      {
        name: 'voter 2 stopped fetching',
        series: { [v.info('1')]: 1, [v.info('2')]: 1, [v.fetch('1')]: 0, [v.fetch('2')]: 120 },
        alerts: [{ labels: v.alert('2'), value: 120 }],
      },
      {
        name: 'voter 3 unknown to a newly elected leader',
        series: { [v.info('1')]: 1, [v.info('3')]: 1, [v.fetch('1')]: 0 },
        alerts: [{ labels: v.alert('3'), value: 1 }],
      },
    ],
    quiet: [
      {
        name: 'every voter fetched within the threshold',
        series: { [v.info('1')]: 1, [v.info('2')]: 1, [v.fetch('1')]: 0, [v.fetch('2')]: t },
      },
      {
        name: 'an observer (a broker) that stopped fetching',
        series: {
          [series(v.target, FAMILY.quorumReplicaLastFetchAge, { replica_id: '7', role: 'observer' })]: 600,
        },
      },
    ],
  }
}

/** A voter that still fetches but does not catch up (slow disk or network): the other alert covers one that stopped. */
function voterLagging(c: MonitoringConfig): AlertSpec {
  const v = voter(c)
  const t = c.quorumCaughtUpAgeWarning
  const fetch = sel(FAMILY.quorumReplicaLastFetchAge, c.selector, VOTER)
  return {
    alert: 'KafkaQuorumVoterLagging',
    expr: [
      `${sel(FAMILY.quorumReplicaLastCaughtUpAge, c.selector, VOTER)} > ${t}`,
      `unless ${fetch} > ${c.quorumFetchAgeWarning}`,
    ].join('\n'),
    for: c.for.KafkaQuorumVoterLagging,
    severity: 'warning',
    summary: 'A KRaft controller voter is not keeping up with the quorum leader.',
    description: (x) =>
      `Voter ${x.label('replica_id')} of the KRaft quorum of ${targetText(c, x.label)} fetches but was last ` +
      `caught up with the leader's metadata log ${x.value('humanizeDuration')} ago: it cannot take over as ` +
      'leader without replaying the difference, and the quorum is one slow voter from losing its majority.',
    fires: [
      {
        name: 'voter 2 fetching but behind for 5 minutes',
        series: { [v.fetch('2')]: 1, [v.caughtUp('2')]: 300, [v.fetch('1')]: 0, [v.caughtUp('1')]: 0 },
        alerts: [{ labels: v.alert('2'), value: 300 }],
      },
    ],
    quiet: [
      { name: 'caught up within the threshold', series: { [v.fetch('2')]: 1, [v.caughtUp('2')]: t } },
      {
        name: 'a voter that stopped fetching (KafkaQuorumVoterNotFetching)',
        series: { [v.fetch('2')]: 300, [v.caughtUp('2')]: 300 },
      },
    ],
  }
}

/**
 * Fewer voters fetched recently than a majority of all voters: the leader (which counts itself, age 0) is about to
 * lose the quorum, after which no controller can be elected and the metadata cannot change.
 */
function majorityUnreachable(c: MonitoringConfig): AlertSpec {
  const v = voter(c)
  const t = c.quorumFetchAgeWarning
  const target = by(c.targetLabels)
  return {
    alert: 'KafkaQuorumMajorityUnreachable',
    expr: [
      `count ${target} (${sel(FAMILY.quorumReplicaLastFetchAge, c.selector, VOTER)} <= ${t})`,
      `< ${on(c.targetLabels)} floor(count ${target} (${sel(FAMILY.quorumReplica, c.selector, VOTER)}) / 2) + 1`,
    ].join('\n'),
    for: c.for.KafkaQuorumMajorityUnreachable,
    severity: 'critical',
    summary: 'Fewer KRaft controller voters are reachable than a majority needs.',
    description: (x) =>
      `Only ${x.value()} voter(s) of the KRaft quorum of ${targetText(c, x.label)} fetched from the leader ` +
      `within ${t}s, fewer than a majority of its voters: the leader is about to resign, and no new one can be ` +
      'elected until voters come back.',
    fires: [
      {
        name: 'two of three voters silent',
        series: {
          [v.info('1')]: 1,
          [v.info('2')]: 1,
          [v.info('3')]: 1,
          [v.fetch('1')]: 0,
          [v.fetch('2')]: 45,
          [v.fetch('3')]: 90,
        },
        alerts: [{ labels: v.target, value: 1 }],
      },
      {
        name: 'two of three voters unknown to the leader',
        series: { [v.info('1')]: 1, [v.info('2')]: 1, [v.info('3')]: 1, [v.fetch('1')]: 0 },
        alerts: [{ labels: v.target, value: 1 }],
      },
    ],
    quiet: [
      {
        name: 'one of three voters down: still a majority',
        series: {
          [v.info('1')]: 1,
          [v.info('2')]: 1,
          [v.info('3')]: 1,
          [v.fetch('1')]: 0,
          [v.fetch('2')]: 1,
          [v.fetch('3')]: 600,
        },
      },
      { name: 'ZooKeeper mode: no quorum series', series: { [series(v.target, FAMILY.up)]: 1 } },
    ],
  }
}
