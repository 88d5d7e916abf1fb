import { FAMILY } from '../../metrics/catalog.js'
import { type MonitoringConfig, seconds } from '../config.js'
import { by, on, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

export function clusterAlerts(c: MonitoringConfig): AlertSpec[] {
  return [brokerCountDropped(c), noActiveController(c)]
}

/**
 * kafka_brokers only says how many brokers there are now, and a fixed expected count would need configuring per
 * cluster. Instead, every broker id seen within `brokerMemory` and missing now fires, named by its id. The guard
 * on kafkascope_up keeps a restarted or unreachable exporter (whose broker list is empty) from reporting every
 * broker as gone; KafkascopeKafkaUnreachable covers that case.
 */
function brokerCountDropped(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const info = (id: string) =>
    series(target, FAMILY.brokerInfo, { id, address: `kafka-${id}:9092`, rack: '' })
  const up = series(target, FAMILY.up)
  const memory = c.brokerMemory
  // Broker 3's series ends with a staleness marker after 5 steps of 1m, as when kafkascope stops exposing it
  // (`_` would leave it visible for the 5m lookback). The tests evaluate well after that plus `for`.
  const steps = seconds(c.for.KafkaBrokerCountDropped) / 60 + 20
  return {
    alert: 'KafkaBrokerCountDropped',
    expr: [
      `max ${by(c.targetLabels, 'id')} (max_over_time(${sel(FAMILY.brokerInfo, c.selector)}[${memory}]))`,
      `unless ${on(c.targetLabels, 'id')} ${sel(FAMILY.brokerInfo, c.selector)}`,
      `and ${on(c.targetLabels)} ${sel(FAMILY.up, c.selector)} == 1`,
    ].join('\n'),
    for: c.for.KafkaBrokerCountDropped,
    severity: 'warning',
    summary: 'A Kafka broker has left the cluster.',
    description: (t) =>
      `Broker ${t.label('id')} was registered in the cluster of ${targetText(c, t.label)} within the last ${memory} ` +
      'and is not any more: it is down, fenced or was removed.',
    fires: [
      {
        name: 'broker 3 gone',
        series: { [info('1')]: 1, [info('2')]: 1, [info('3')]: '1x5 stale', [up]: 1 },
        alerts: [{ labels: { ...target, id: '3' }, value: 1 }],
      },
    ],
    quiet: [
      { name: 'all brokers present', series: { [info('1')]: 1, [info('2')]: 1, [up]: 1 } },
      {
        name: 'exporter cannot reach Kafka',
        series: { [info('1')]: '1x5 stale', [up]: `1x5 0x${steps}` },
      },
    ],
  }
}

/**
 * On KRaft the controller is the quorum leader from DescribeQuorum (-1 when there is none; absent while DescribeQuorum
 * cannot be answered, which is also what a quorum without a leader looks like); in ZooKeeper mode Metadata's -1.
 */
function noActiveController(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const controller = series(target, FAMILY.controller)
  const up = series(target, FAMILY.up)
  return {
    alert: 'KafkaNoActiveController',
    expr: [
      `${sel(FAMILY.controller, c.selector)} == -1`,
      // Absent while the exporter reads the metadata: also no controller. Absent because the exporter is down or
      // cannot reach Kafka is someone else's alert.
      `or ${on(c.targetLabels)} (${sel(FAMILY.up, c.selector)} == 1 unless ${on(c.targetLabels)} ${sel(FAMILY.controller, c.selector)})`,
    ].join('\n'),
    for: c.for.KafkaNoActiveController,
    severity: 'critical',
    summary: 'The Kafka cluster has no active controller.',
    description: (t) =>
      `The cluster of ${targetText(c, t.label)} has no active controller (on KRaft: the controller quorum has ` +
      'no leader, or none answers DescribeQuorum): topics, partitions, leaders and ISRs cannot change, so a ' +
      'broker failure is not handled.',
    fires: [
      {
        name: 'controller -1',
        series: { [controller]: -1, [up]: 1 },
        alerts: [{ labels: { ...target }, value: -1 }],
      },
      {
        name: 'controller absent while Kafka is readable',
        series: { [up]: 1 },
        alerts: [{ labels: { ...target }, value: 1 }],
      },
    ],
    quiet: [
      { name: 'controller 2', series: { [controller]: 2, [up]: 1 } },
      { name: 'Kafka unreachable', series: { [up]: 0 } },
    ],
  }
}
