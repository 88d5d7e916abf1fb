import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * Kafka Streams groups (KIP-1071). Their lag and stopped/stalled states are the consumer-group alerts' (a Streams app
 * is a consumer group there, protocol "streams"); these are what only the streams protocol tells: an app that cannot
 * start processing because its topology does not fit the cluster, and members left on another topology.
 */
export function streamsGroupAlerts(c: MonitoringConfig): AlertSpec[] {
  return [notReady(c), topologyMismatch(c)]
}

function notReady(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const info = (group: string, state: string, protocol = 'streams') =>
    series(target, FAMILY.groupInfo, {
      consumergroup: group,
      state,
      protocol,
      protocol_type: 'streams',
      assignor: 'sticky',
      coordinator: '1',
    })
  return {
    alert: 'KafkaStreamsGroupNotReady',
    expr: `${sel(FAMILY.groupInfo, c.selector, 'protocol="streams", state="NOT_READY"')} == 1`,
    for: c.for.KafkaStreamsGroupNotReady,
    severity: 'warning',
    summary:
      "A Kafka Streams app cannot start processing: its topology's topics are missing or mis-partitioned.",
    description: (t) =>
      `Streams group ${t.label('consumergroup')} (${targetText(c, t.label)}) is NOT_READY: source topics of its ` +
      'topology are missing, or co-partitioned topics have different partition counts, so no task is assigned and ' +
      'nothing is processed.',
    fires: [
      {
        name: 'one app not ready, one stable',
        series: { [info('orders-app', 'NOT_READY')]: 1, [info('billing-app', 'STABLE')]: 1 },
        alerts: [
          {
            labels: {
              ...target,
              consumergroup: 'orders-app',
              state: 'NOT_READY',
              protocol: 'streams',
              protocol_type: 'streams',
              assignor: 'sticky',
              coordinator: '1',
            },
            value: 1,
          },
        ],
      },
    ],
    quiet: [{ name: 'a stable app', series: { [info('orders-app', 'STABLE')]: 1 } }],
  }
}

function topologyMismatch(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const outdated = (group: string) =>
    series(target, FAMILY.streamsGroupOutdatedMembers, { consumergroup: group })
  return {
    alert: 'KafkaStreamsGroupTopologyMismatch',
    expr: `${sel(FAMILY.streamsGroupOutdatedMembers, c.selector)} > 0`,
    for: c.for.KafkaStreamsGroupTopologyMismatch,
    severity: 'warning',
    summary: "Members of a Kafka Streams app run a topology other than the group's.",
    description: (t) =>
      `Streams group ${t.label('consumergroup')} (${targetText(c, t.label)}) has ${t.value('humanize')} members ` +
      `on another topology epoch than the group's for ${c.for.KafkaStreamsGroupTopologyMismatch}: a rolling ` +
      'deployment of a changed topology is stuck, or instances of an old version still run.',
    fires: [
      {
        name: 'two members left behind',
        series: { [outdated('orders-app')]: 2, [outdated('billing-app')]: 0 },
        alerts: [{ labels: { ...target, consumergroup: 'orders-app' }, value: 2 }],
      },
    ],
    quiet: [{ name: 'every member on the group topology', series: { [outdated('orders-app')]: 0 } }],
  }
}
