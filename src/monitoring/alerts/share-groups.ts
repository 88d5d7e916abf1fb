import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { on, sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * Share groups (KIP-932): per group and topic like the consumer groups' lag alert, with the same threshold, from the
 * topic sums so they also work with --metrics.granularity=topic; and a group whose records wait with no member.
 */
export function shareGroupAlerts(c: MonitoringConfig): AlertSpec[] {
  return [lagHigh(c), noMembers(c)]
}

function lagHigh(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const lag = (group: string) => series(target, FAMILY.shareGroupLagSum, { sharegroup: group, topic: 'jobs' })
  const threshold = c.lagMessagesWarning
  return {
    alert: 'KafkaShareGroupLagHigh',
    expr: `${sel(FAMILY.shareGroupLagSum, c.selector)} > ${threshold}`,
    for: c.for.KafkaShareGroupLagHigh,
    severity: 'warning',
    summary: 'A Kafka share group is falling behind.',
    description: (t) =>
      `Share group ${t.label('sharegroup')} has ${t.value('humanize')} records not yet acknowledged on topic ` +
      `${t.label('topic')} (${targetText(c, t.label)}), more than ${threshold} for ${c.for.KafkaShareGroupLagHigh}.`,
    fires: [
      {
        name: 'one group behind, one caught up',
        series: { [lag('workers')]: threshold * 3, [lag('mailers')]: 0 },
        alerts: [{ labels: { ...target, sharegroup: 'workers', topic: 'jobs' }, value: threshold * 3 }],
      },
    ],
    quiet: [{ name: 'lag at the threshold', series: { [lag('workers')]: threshold } }],
  }
}

function noMembers(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const maxLag = (group: string) => series(target, FAMILY.shareGroupMaxLag, { sharegroup: group })
  const members = (group: string) => series(target, FAMILY.shareGroupMembers, { sharegroup: group })
  return {
    alert: 'KafkaShareGroupNoMembers',
    expr:
      `${sel(FAMILY.shareGroupMaxLag, c.selector)} > 0 and ${on(c.targetLabels, 'sharegroup')} ` +
      `${sel(FAMILY.shareGroupMembers, c.selector)} == 0`,
    for: c.for.KafkaShareGroupNoMembers,
    severity: 'warning',
    summary: 'A Kafka share group has records waiting and no member to read them.',
    description: (t) =>
      `Share group ${t.label('sharegroup')} (${targetText(c, t.label)}) has ${t.value('humanize')} records waiting on ` +
      'its most behind partition and no member: its consumers are down or were removed.',
    fires: [
      {
        name: 'records wait, nobody reads',
        series: {
          [maxLag('workers')]: 40,
          [members('workers')]: 0,
          [maxLag('mailers')]: 40,
          [members('mailers')]: 2,
        },
        alerts: [{ labels: { ...target, sharegroup: 'workers' }, value: 40 }],
      },
    ],
    quiet: [
      { name: 'caught up without members', series: { [maxLag('workers')]: 0, [members('workers')]: 0 } },
      { name: 'members reading', series: { [maxLag('workers')]: 40, [members('workers')]: 3 } },
    ],
  }
}
