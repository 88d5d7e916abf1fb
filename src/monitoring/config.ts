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
  'KafkaConsumerGroupRewound',
  'KafkaConsumerGroupLostMessages',
  'KafkaTopicNoMessages',
  'KafkaShareGroupLagHigh',
  'KafkaShareGroupNoMembers',
  'KafkaStreamsGroupNotReady',
  'KafkaStreamsGroupTopologyMismatch',
  'KafkaTransactionHanging',
  'KafkascopeDown',
  'KafkascopeKafkaUnreachable',
  'KafkascopeCollectorFailing',
  'KafkascopeDataStale',
  'KafkaQuorumVoterNotFetching',
  'KafkaQuorumVoterLagging',
  'KafkaQuorumMajorityUnreachable',
  'KafkaLogDirOffline',
  'KafkaLogDirNearlyFull',
  'KafkaLogDirFillingUp',
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
  /**
   * Seconds since a KRaft voter last fetched from the quorum leader beyond which it counts as not fetching (and not
   * reachable for the majority). Healthy voters fetch continuously, well within controller.quorum.fetch.timeout.ms
   * (2 s by default); kafkascope sees the age as of each poll.
   */
  readonly quorumFetchAgeWarning: number
  /** Seconds since a KRaft voter that still fetches was last caught up with the leader's end offset. */
  readonly quorumCaughtUpAgeWarning: number
  /** A topic without a new message for this long, after traffic within topicTrafficMemory, has gone silent. */
  readonly topicSilence: Duration
  readonly topicTrafficMemory: Duration
  /**
   * Recording rules that override a threshold per consumer group: a series of that name with a `consumergroup`
   * label (value: the group's own threshold) replaces the default for that group (see docs/alerting.md).
   */
  readonly thresholdOverrides: { readonly lagMessages: string; readonly lagSeconds: string }
  /**
   * The label that names the Kafka cluster in the dashboards' `cluster` variable (kafka_exporter users set it with
   * --kafka.labels=cluster=...; Prometheus or the operator may add it as a target label).
   */
  readonly clusterLabel: string
  /** Fraction (0–1) of a log directory's volume left under which it is nearly full. */
  readonly logDirUsableRatioWarning: number
  /** How far back the fill rate of a log directory's volume is measured, and how far ahead it is extrapolated. */
  readonly logDirFillWindow: Duration
  readonly logDirFullWithinHours: number
  readonly for: Readonly<Record<AlertName, Duration>>
  /**
   * `keep_firing_for` (Prometheus 2.42+) where a value that wavers around its threshold would resolve and re-fire
   * the same alert every few minutes; alerts not listed resolve as soon as their expression does.
   */
  readonly keepFiringFor: Readonly<Partial<Record<AlertName, Duration>>>
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
  quorumFetchAgeWarning: 30,
  quorumCaughtUpAgeWarning: 60,
  topicSilence: '15m',
  topicTrafficMemory: '1d',
  thresholdOverrides: {
    lagMessages: 'kafkascope:consumergroup_lag_warning:messages',
    lagSeconds: 'kafkascope:consumergroup_lag_warning:seconds',
  },
  clusterLabel: 'cluster',
  logDirUsableRatioWarning: 0.1,
  logDirFillWindow: '6h',
  logDirFullWithinHours: 24,
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
    // A rewind is a single event that kafkascope keeps reporting over the status window.
    KafkaConsumerGroupRewound: '1m',
    KafkaConsumerGroupLostMessages: '1m',
    // topicSilence is already the quiet time; `for` only rides out a poll or two without offsets.
    KafkaTopicNoMessages: '5m',
    KafkaShareGroupLagHigh: '15m',
    // As KafkaConsumerGroupStopped, but from one poll's facts: a restart of the consumers takes a few minutes.
    KafkaShareGroupNoMembers: '10m',
    // NOT_READY lasts only until the topics exist: an app deployed before its topics are created waits a minute or two.
    KafkaStreamsGroupNotReady: '10m',
    // A rolling deployment moves one instance at a time; a large app takes a while to get every member over.
    KafkaStreamsGroupTopologyMismatch: '30m',
    // The age is already the duration; `for` only rides out a poll that misses the record.
    KafkaTransactionHanging: '2m',
    KafkascopeDown: '5m',
    KafkascopeKafkaUnreachable: '5m',
    // A broker restart fails a collector for a poll or two; only a lasting failure is worth a ticket.
    KafkascopeCollectorFailing: '15m',
    KafkascopeDataStale: '5m',
    // A restarted controller is back within a minute or two; longer is an outage of that voter.
    KafkaQuorumVoterNotFetching: '5m',
    KafkaQuorumVoterLagging: '5m',
    // One more voter lost and the metadata can no longer change: page at once.
    KafkaQuorumMajorityUnreachable: '1m',
    KafkaLogDirOffline: '1m',
    // Space is read every --log-dirs.refresh-interval (1 minute by default); a few reads rule out a blip.
    KafkaLogDirNearlyFull: '5m',
    // The trend is already over hours; `for` only keeps a burst of writes (a backfill) from paging at once.
    KafkaLogDirFillingUp: '30m',
  },
  keepFiringFor: {
    // Lag of a group that keeps pace only just hovers around the threshold: one alert, not one every few minutes.
    KafkaConsumerGroupLagHigh: '15m',
    KafkaConsumerGroupLagTooOld: '10m',
    // Lagging is judged on a trend that can tip back and forth at its boundary.
    KafkaConsumerGroupLagging: '15m',
    // A topic that trickles (a message every 20 minutes) would otherwise resolve and fire again on each message.
    KafkaTopicNoMessages: '30m',
  },
  runbookUrlPattern: 'https://github.com/kafkascope/kafkascope/blob/main/docs/runbooks/%s.md',
}

/** The same config with every `for` (and `keep_firing_for`) replaced, e.g. for an end-to-end test that cannot wait minutes. */
export function withFor(config: MonitoringConfig, duration: Duration): MonitoringConfig {
  const durations = Object.fromEntries(ALERT_NAMES.map((name) => [name, duration]))
  // keep_firing_for too: a resolution must reach Alertmanager as fast as the alert did.
  const keep = Object.fromEntries(Object.keys(config.keepFiringFor).map((name) => [name, duration]))
  return { ...config, for: durations as Record<AlertName, Duration>, keepFiringFor: keep }
}

/** Seconds in a Prometheus duration such as `90s`, `5m` or `1d`, read by the one duration parser of kafkascope. */
export function seconds(d: Duration): number {
  return parseDuration(d) / 1000
}
