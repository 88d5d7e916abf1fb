import { parseDuration } from '../duration.js'

/**
 * The one place for selectors and thresholds of the generated alerts and dashboards (monitoring-mixin `_config`
 * style). Users who need other values change them here and run `npm run generate`; the committed rules, their
 * promtool tests and the runbooks' rule tables all follow.
 */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}`

export type Severity = 'critical' | 'warning' | 'info'

/** Every alert, so `for` durations are keyed by name and a typo fails to compile. */
export const ALERT_NAMES = [
  'KafkaPartitionUnderReplicated',
  'KafkaPartitionUnderMinIsr',
  'KafkaPartitionOffline',
  'KafkaPartitionLeadersNotPreferred',
  'KafkaBrokerCountDropped',
  'KafkaNoActiveController',
  'KafkaConsumerGroupLagHigh',
  'KafkaConsumerGroupLagTooOld',
  'KafkaConsumerGroupStopped',
  'KafkaConsumerGroupStalled',
  'KafkaConsumerGroupLagging',
  'KafkaConsumerGroupLostMessages',
  'KafkaShareGroupLagHigh',
  'KafkaShareGroupNoMembers',
  'KafkaTransactionHanging',
  'KafkascopeDown',
  'KafkascopeKafkaUnreachable',
  'KafkascopeCollectorFailing',
  'KafkascopeDataStale',
] as const
export type AlertName = (typeof ALERT_NAMES)[number]

export interface MonitoringConfig {
  /** PromQL label matchers (without braces) that select kafkascope's scrape targets. */
  readonly selector: string
  /** Labels that tell one kafkascope target (so one Kafka cluster) from another; alerts aggregate by them. */
  readonly targetLabels: readonly string[]
  /** kafkascope's --poll.interval in seconds, the unit of the data-staleness threshold. */
  readonly pollIntervalSeconds: number
  /** Data older than this many poll intervals is stale. */
  readonly staleAfterPolls: number
  /** A broker seen within this window and missing now counts as dropped (see the KafkaBrokerCountDropped runbook). */
  readonly brokerMemory: Duration
  /** Messages behind per group and topic. */
  readonly lagMessagesWarning: number
  /** Age in seconds of the oldest unconsumed message per group and topic. */
  readonly lagSecondsWarning: number
  /**
   * Age in seconds of the oldest open transaction per topic. Kafka aborts a transaction after the producer's
   * transaction.timeout.ms (1 minute by default, at most the broker's transaction.max.timeout.ms, 15 minutes), so
   * one older than that is hanging and blocks read_committed consumers.
   */
  readonly openTransactionAgeWarning: number
  /** Fraction (0–1) of partitions led by a non-preferred replica; Kafka's own default is 10 % per broker. */
  readonly leaderImbalanceRatio: number
  readonly for: Readonly<Record<AlertName, Duration>>
  /** `%s` is replaced by the alert name. */
  readonly runbookUrlPattern: string
}

export const defaultConfig: MonitoringConfig = {
  selector: 'job="kafkascope"',
  targetLabels: ['job', 'instance'],
  pollIntervalSeconds: 15,
  staleAfterPolls: 4,
  brokerMemory: '1d',
  lagMessagesWarning: 1000,
  lagSecondsWarning: 300,
  openTransactionAgeWarning: 600,
  leaderImbalanceRatio: 0.1,
  for: {
    // Rolling restarts make partitions under-replicated for a few minutes on purpose.
    KafkaPartitionUnderReplicated: '5m',
    KafkaPartitionUnderMinIsr: '1m',
    KafkaPartitionOffline: '1m',
    // Kafka's auto leader rebalance runs every 5 minutes by default; give it a few rounds.
    KafkaPartitionLeadersNotPreferred: '30m',
    KafkaBrokerCountDropped: '5m',
    KafkaNoActiveController: '1m',
    KafkaConsumerGroupLagHigh: '15m',
    KafkaConsumerGroupLagTooOld: '10m',
    // kafkascope already judges the status over --status.window (10 minutes by default).
    KafkaConsumerGroupStopped: '5m',
    KafkaConsumerGroupStalled: '5m',
    // Lagging already needs most of the window to show growth; 10 more minutes make it a trend, not a burst.
    KafkaConsumerGroupLagging: '10m',
    KafkaConsumerGroupLostMessages: '1m',
    KafkaShareGroupLagHigh: '15m',
    // As KafkaConsumerGroupStopped, but from one poll's facts: a restart of the consumers takes a few minutes.
    KafkaShareGroupNoMembers: '10m',
    // The age is already the duration; `for` only rides out a poll that misses the record.
    KafkaTransactionHanging: '2m',
    KafkascopeDown: '5m',
    KafkascopeKafkaUnreachable: '5m',
    // A broker restart fails a collector for a poll or two; only a lasting failure is worth a ticket.
    KafkascopeCollectorFailing: '15m',
    KafkascopeDataStale: '5m',
  },
  runbookUrlPattern: 'https://github.com/kafkascope/kafkascope/blob/main/docs/runbooks/%s.md',
}

/** The same config with every `for` replaced, e.g. for an end-to-end test that cannot wait minutes. */
export function withFor(config: MonitoringConfig, duration: Duration): MonitoringConfig {
  const durations = Object.fromEntries(ALERT_NAMES.map((name) => [name, duration]))
  return { ...config, for: durations as Record<AlertName, Duration> }
}

/** Seconds in a Prometheus duration such as `90s`, `5m` or `1d`, read by the one duration parser of kafkascope. */
export function seconds(d: Duration): number {
  return parseDuration(d) / 1000
}
