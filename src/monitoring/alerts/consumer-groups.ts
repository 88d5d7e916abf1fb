import { STATUSES, type Status } from '../../analysis/status.js'
import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { sel, statusMatcher } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/** Per group and topic: the unit a team owns and a runbook can act on. */
export function consumerGroupAlerts(c: MonitoringConfig): AlertSpec[] {
  return [
    lagHigh(c),
    lagTooOld(c),
    groupStatus(c, 'stopped'),
    groupStatus(c, 'stalled'),
    groupStatus(c, 'lagging'),
    groupStatus(c, 'rewound'),
    lostMessages(c),
  ]
}

/**
 * `family > threshold`, where a group with a series of the override recording rule (a `consumergroup` label, the
 * group's own threshold as value) is judged by that instead of the default. Matching is by group name only, so an
 * override applies to the group of that name in every cluster.
 */
function perGroupThreshold(family: string, threshold: number, override: string): string {
  return [
    `(\n  ${family} > ${threshold}`,
    `  unless on (consumergroup) ${override}\n)`,
    `or\n(\n  ${family}`,
    `  > on (consumergroup) group_left() ${override}\n)`,
  ].join('\n')
}

/** Override examples: one group with its own lower threshold (fires), one with a higher one (quiet). */
function overrideSeries(override: string, group: string, value: number): Record<string, number> {
  return { [`${override}{consumergroup="${group}"}`]: value }
}

function lagHigh(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const lag = (group: string) => series(target, FAMILY.groupLagSum, { consumergroup: group, topic: 'orders' })
  const threshold = c.lagMessagesWarning
  const override = c.thresholdOverrides.lagMessages
  return {
    alert: 'KafkaConsumerGroupLagHigh',
    expr: perGroupThreshold(sel(FAMILY.groupLagSum, c.selector), threshold, override),
    for: c.for.KafkaConsumerGroupLagHigh,
    severity: 'warning',
    summary: 'A Kafka consumer group is falling behind.',
    description: (t) =>
      `Consumer group ${t.label('consumergroup')} is ${t.value('humanize')} messages behind on topic ` +
      `${t.label('topic')} (${targetText(c, t.label)}), more than its threshold (${threshold} unless ${override} ` +
      `sets one for the group) for ${c.for.KafkaConsumerGroupLagHigh}.`,
    fires: [
      {
        name: 'one group behind, one caught up',
        series: { [lag('billing')]: threshold * 3, [lag('audit')]: 0 },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: threshold * 3 }],
      },
      {
        name: 'a group below the default, above its own lower threshold',
        series: { [lag('billing')]: threshold / 2, ...overrideSeries(override, 'billing', threshold / 4) },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: threshold / 2 }],
      },
    ],
    quiet: [
      { name: 'lag at the threshold', series: { [lag('billing')]: threshold } },
      {
        name: 'a group above the default, below its own higher threshold',
        series: { [lag('billing')]: threshold * 3, ...overrideSeries(override, 'billing', threshold * 10) },
      },
    ],
  }
}

function lagTooOld(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const age = (group: string) =>
    series(target, FAMILY.groupTopicMaxLagSeconds, { consumergroup: group, topic: 'orders' })
  const threshold = c.lagSecondsWarning
  const override = c.thresholdOverrides.lagSeconds
  return {
    alert: 'KafkaConsumerGroupLagTooOld',
    expr: perGroupThreshold(sel(FAMILY.groupTopicMaxLagSeconds, c.selector), threshold, override),
    for: c.for.KafkaConsumerGroupLagTooOld,
    severity: 'warning',
    summary: 'A Kafka consumer group leaves old messages unread.',
    description: (t) =>
      `The oldest message consumer group ${t.label('consumergroup')} has not consumed on topic ${t.label('topic')} ` +
      `(${targetText(c, t.label)}) is ${t.value('humanizeDuration')} old, more than ${threshold}s (unless ` +
      `${override} sets another threshold for the group) for ${c.for.KafkaConsumerGroupLagTooOld}.`,
    fires: [
      {
        name: 'one group an hour behind',
        series: { [age('billing')]: 3600, [age('audit')]: 0 },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: 3600 }],
      },
      {
        name: 'a group below the default, above its own lower threshold',
        series: { [age('billing')]: 120, ...overrideSeries(override, 'billing', 60) },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: 120 }],
      },
    ],
    quiet: [
      { name: 'age at the threshold', series: { [age('billing')]: threshold } },
      {
        name: 'a group above the default, below its own higher threshold',
        series: { [age('billing')]: 3600, ...overrideSeries(override, 'billing', 86400) },
      },
    ],
  }
}

const STATUS_TEXT = {
  stopped: {
    alert: 'KafkaConsumerGroupStopped',
    severity: 'warning',
    summary: 'A Kafka consumer group has stopped consuming.',
    what: 'has no member consuming while messages wait: its consumers are down or were removed.',
  },
  stalled: {
    alert: 'KafkaConsumerGroupStalled',
    // A member holds the partitions, so nothing else can take over: usually a consumer stuck on a message.
    severity: 'critical',
    summary: 'A Kafka consumer group is stuck.',
    what: 'has members assigned to its partitions but its committed offsets do not move while messages wait.',
  },
  lagging: {
    alert: 'KafkaConsumerGroupLagging',
    severity: 'warning',
    summary: 'A Kafka consumer group consumes more slowly than producers write.',
    what:
      'consumes, but its lag has grown beyond its usual ups and downs over the status window: it falls further ' +
      'behind every minute and will not catch up on its own.',
  },
  rewound: {
    alert: 'KafkaConsumerGroupRewound',
    // Often on purpose (an offset reset to replay); a ticket, so that an accidental reset is noticed.
    severity: 'info',
    summary: 'A Kafka consumer group moved its committed offsets back.',
    what:
      'committed an offset lower than before within the status window: it re-reads messages it had consumed ' +
      '(an offset reset, or a consumer that commits stale offsets), and downstream sees them twice.',
  },
} as const satisfies Partial<
  Record<Status, { alert: string; severity: string; summary: string; what: string }>
>

/** From kafkascope's own status, judged over --status.window, so `for` only adds a little confirmation. */
function groupStatus(c: MonitoringConfig, status: keyof typeof STATUS_TEXT): AlertSpec {
  const target = exampleTarget(c)
  const text = STATUS_TEXT[status]
  const of = (s: Status) => series(target, FAMILY.groupStatus, { consumergroup: 'billing', status: s })
  const only = (current: Status) => Object.fromEntries(STATUSES.map((s) => [of(s), s === current ? 1 : 0]))
  return {
    alert: text.alert,
    expr: `${sel(FAMILY.groupStatus, c.selector, statusMatcher('=', status))} == 1`,
    for: c.for[text.alert],
    severity: text.severity,
    summary: text.summary,
    description: (t) => `Consumer group ${t.label('consumergroup')} (${targetText(c, t.label)}) ${text.what}`,
    fires: [
      {
        name: status,
        series: only(status),
        alerts: [{ labels: { ...target, consumergroup: 'billing', status }, value: 1 }],
      },
    ],
    quiet: [
      { name: 'ok', series: only('ok') },
      { name: 'not judged yet', series: only('unknown') },
    ],
  }
}

function lostMessages(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  // The group-topic sum, exported at every --metrics.group-granularity.
  const lost = (topic: string) =>
    series(target, FAMILY.groupTopicLostMessages, { consumergroup: 'billing', topic })
  return {
    alert: 'KafkaConsumerGroupLostMessages',
    expr: `${sel(FAMILY.groupTopicLostMessages, c.selector)} > 0`,
    for: c.for.KafkaConsumerGroupLostMessages,
    severity: 'warning',
    summary: 'Retention deleted messages before a Kafka consumer group read them.',
    description: (t) =>
      `The committed offsets of consumer group ${t.label('consumergroup')} on topic ${t.label('topic')} ` +
      `(${targetText(c, t.label)}) are ${t.value('humanize')} messages below the log start: those messages were ` +
      'deleted before the group read them, and it will skip them when it resumes.',
    fires: [
      {
        name: 'two partitions behind the log start',
        series: { [lost('orders')]: 2000, [lost('payments')]: 0 },
        alerts: [{ labels: { ...target, consumergroup: 'billing', topic: 'orders' }, value: 2000 }],
      },
    ],
    quiet: [{ name: 'nothing lost', series: { [lost('orders')]: 0, [lost('payments')]: 0 } }],
  }
}
