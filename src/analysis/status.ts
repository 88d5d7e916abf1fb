/**
 * Consumer-group status over a sliding window of polls, in the spirit of Burrow's evaluator but with names that say
 * what is wrong, and a trend test that periodic commits (a sawtooth of lag) cannot fool. Pure: a partition's
 * observations in, a status and a reason in words out. The rules, with the time each needs, are in the README.
 */
import { deferred, fixed } from './deferred-verdict.js'
import type { ObservationWindow } from './observation-window.js'
import * as say from './status-reasons.js'
import { commitCadence, HELD_CADENCES, judged } from './status-trend.js'

export const STATUSES = [
  'ok',
  'unknown',
  'lagging',
  'rewound',
  'stalled',
  'stopped',
  'data_lost',
  'no_offset',
] as const
export type Status = (typeof STATUSES)[number]

/** Worst first: a group takes the worst status of its partitions. */
const SEVERITY: Record<Status, number> = {
  data_lost: 6,
  stopped: 5,
  stalled: 4,
  rewound: 3,
  lagging: 2,
  // Not known to be ok: one partition still being judged keeps the whole group from claiming ok.
  unknown: 1,
  ok: 0,
  // Below ok: partitions never committed (e.g. never had data) must not hide a healthy group.
  no_offset: -1,
}

/** Statuses in severity order, worst first (dashboards and docs list them so). */
export const STATUSES_BY_SEVERITY: readonly Status[] = [...STATUSES].sort((a, b) => SEVERITY[b] - SEVERITY[a])

export interface Observation {
  readonly time: number
  readonly committed: number
  /** null when the high watermark was unknown in that poll. */
  readonly lag: number | null
  /** Age of the first unconsumed record (s) in that poll; null or absent when unknown. */
  readonly lagSeconds?: number | null
}

export interface PartitionFacts {
  /** Observations inside the window, oldest first; the last one is the current poll. */
  readonly observations: ObservationWindow
  /** Messages deleted below the committed offset now (0 when none); null when unknown. */
  readonly lost: number | null
  /** Whether a live group member is assigned this partition. */
  readonly assigned: boolean
  /** Nothing a read_committed consumer would read follows the committed offset (only markers or aborted records). */
  readonly markersOnly?: boolean
  /**
   * The group's offsets moved between two polls that both saw it without members: something commits without joining
   * (assign(): Flink, Spark), so an offset that holds still for a few polls is not yet proof that nothing consumes.
   */
  readonly commitsWithoutMembers?: boolean
  /**
   * Whoever consumes this partition (its member, or the group when nobody is assigned) committed another partition
   * since this one last moved: it is alive and serving others, so an unmoving offset here is starvation by a slow
   * consumer (lagging), not a stop.
   */
  readonly ownerProgressing?: boolean
  /**
   * The group's observations summed over the topic's committed partitions (committed and lag summed, lag in seconds
   * the largest). A consumer's throughput shows there, not in one partition: a slow consumer serving its partitions
   * in turn makes each one's commits come in bursts far apart. Absent: the partition's own observations are used.
   */
  readonly topicTrend?: ObservationWindow
}

export interface StatusRules {
  readonly allowedLag: number
  /** The sliding window (ms); trends are judged once 80 % of it has been observed. */
  readonly windowMs: number
  /** Polls an offset must hold still before stopped (or, with an old waiting record, stalled) is called early. */
  readonly minObservations: number
}

export interface Verdict {
  readonly status: Status
  readonly reason: string
}

/** "For the window", less a poll or so of slack: observations are taken at poll times, not on the boundary. */
export const JUDGED_SHARE = 0.8

export function partitionStatus(f: PartitionFacts, rules: StatusRules): Verdict {
  const w = f.observations
  const n = w.length - 1
  if (n < 0) return NO_COMMIT
  if (f.lost !== null && f.lost > 0) return deferred('data_lost', say.lostMessages, f.lost)
  for (let i = 1; i <= n; i++) {
    if (w.committed(i) < w.committed(i - 1))
      return deferred('rewound', say.wentBack, w.committed(i - 1), w.committed(i))
  }
  const lag = w.lag(n)
  if (lag === null) return NO_WATERMARK
  if (f.markersOnly) return ONLY_MARKERS
  if (lag <= rules.allowedLag)
    return lag === 0 ? caughtUp(rules.allowedLag) : withinAllowed(lag, rules.allowedLag)

  const committed = w.committed(n)
  const nowMs = w.time(n)
  const spanMs = nowMs - w.time(0)
  const judgedMs = rules.windowMs * JUDGED_SHARE
  // No rewinds, so an equal first and last offset means it held still for the whole window observed.
  if (w.committed(0) === committed) {
    if (!f.ownerProgressing) return stuck(f, rules, lag, spanMs, judgedMs)
    if (spanMs < judgedMs) return notJudgedYet(lag, spanMs, judgedMs)
    return deferred('lagging', say.tooSlowForAll, committed, spanMs, lag)
  }
  if (f.ownerProgressing) return trendVerdict(f, rules, lag, spanMs, judgedMs)
  // Members left (their last commit is in the window) and nothing commits without them: held still is stopped.
  let lastMove = n
  while (w.committed(lastMove - 1) === committed) lastMove--
  const heldPolls = w.length - lastMove
  if (!f.assigned && !f.commitsWithoutMembers && heldPolls >= rules.minObservations) {
    return deferred('stopped', say.leftAndHeld, committed, heldPolls, nowMs - w.time(lastMove), lag)
  }
  const cadence = commitCadence(w)
  if (
    cadence !== null &&
    cadence.heldMs > HELD_CADENCES * cadence.longestGapMs &&
    cadence.heldPolls >= rules.minObservations - 1
  ) {
    const { heldMs, longestGapMs } = cadence
    // A third of the window at least: a cadence seen in a short stretch (e.g. while a client's buffer filled)
    // says little about the pauses of its steady state. Until then not ok, not yet stalled.
    if (heldMs < rules.windowMs / 3) {
      const after = rules.windowMs / 3
      return deferred('unknown', say.cadenceNotYetJudged, committed, heldMs, lag, longestGapMs, after)
    }
    const status = f.assigned ? 'stalled' : 'stopped'
    return deferred(status, say.cadenceBroken, committed, heldMs, lag, longestGapMs, f.assigned)
  }
  return trendVerdict(f, rules, lag, spanMs, judgedMs)
}

function withinAllowed(lag: number, allowedLag: number): Verdict {
  return deferred('ok', say.withinAllowedLag, lag, allowedLag)
}

const NO_COMMIT = fixed('no_offset', 'no committed offset')
const NO_WATERMARK = fixed('unknown', 'lag unknown in this poll (no high watermark)')
const ONLY_MARKERS = fixed(
  'ok',
  'caught up: only transaction markers or aborted records follow the committed offset',
)

/**
 * One verdict per allowed lag (a setting: one or a few values) for every caught-up partition, the common case the
 * analysis keeps until the next poll: a fresh object and reason string each made 22,000 survivors per poll.
 */
const CAUGHT_UP = new Map<number, Verdict>()

function caughtUp(allowedLag: number): Verdict {
  let verdict = CAUGHT_UP.get(allowedLag)
  if (verdict === undefined) {
    verdict = fixed('ok', say.withinAllowedLag(0, allowedLag))
    CAUGHT_UP.set(allowedLag, verdict)
  }
  return verdict
}

function notJudgedYet(lag: number, spanMs: number, judgedMs: number): Verdict {
  return deferred('unknown', say.notJudgedYet, lag, spanMs, judgedMs)
}

/** Consuming: lagging or ok by the trend of the topic's summed lag, once the window has been observed. */
function trendVerdict(
  f: PartitionFacts,
  rules: StatusRules,
  lag: number,
  spanMs: number,
  judgedMs: number,
): Verdict {
  const series = f.topicTrend ?? f.observations
  const seriesSpanMs = series.time(series.length - 1) - series.time(0)
  if (spanMs < judgedMs || seriesSpanMs < judgedMs)
    return notJudgedYet(lag, Math.min(spanMs, seriesSpanMs), judgedMs)
  const ofTopic = f.topicTrend !== undefined
  const { trend, described } = judged(series)
  if (!trend.judgeable) return deferred('unknown', say.commitsTooFarApart, lag, rules.windowMs, described)
  // The topic falls behind; this partition shares in it if its own lag grew over the window.
  const own = ofTopic ? lag > (f.observations.lag(0) ?? Number.POSITIVE_INFINITY) : true
  if (trend.fallingBehind && own) return deferred('lagging', say.fallingBehind, ofTopic, described)
  if (trend.fallingBehind) return deferred('ok', say.notGrowingHere, lag, ofTopic, described)
  return deferred('ok', say.keepingUp, lag, described)
}

/** The offset did not move while messages wait: stopped (nobody assigned) or stalled, once that is certain. */
function stuck(
  f: PartitionFacts,
  rules: StatusRules,
  lag: number,
  spanMs: number,
  judgedMs: number,
): Verdict {
  const w = f.observations
  const status = f.assigned ? 'stalled' : 'stopped'
  const committed = w.committed(w.length - 1)
  if (spanMs >= judgedMs) return deferred(status, say.heldForWindow, f.assigned, committed, spanMs, lag)
  const lagSeconds = w.lagSeconds(w.length - 1)
  const waitedMs = lagSeconds !== null ? lagSeconds * 1000 : null
  const polls = w.length
  // The first unconsumed record has waited longer than the window: whoever consumes has not got past it in that
  // time. Without members (and nothing committing without them) that holds from the first poll; with a member, a
  // few polls must confirm that the offset does not move (a consumer far behind commits, one stuck does not).
  const oldRecord = waitedMs !== null && waitedMs >= rules.windowMs
  const memberless = !f.assigned && !f.commitsWithoutMembers
  if (oldRecord && (memberless || polls >= rules.minObservations)) {
    const span = polls > 1 ? spanMs : null
    const window = rules.windowMs
    return deferred(status, say.heldPastOldRecord, f.assigned, committed, span, lag, waitedMs, window)
  }
  // Nobody is a member and nothing has committed without membership: an offset that holds still is not read.
  if (memberless && polls >= rules.minObservations)
    return deferred(status, say.heldForPolls, f.assigned, committed, polls, spanMs, lag)
  return deferred('unknown', say.heldNotYetJudged, lag, committed, spanMs, judgedMs)
}

/** Something judged: a partition (topic and partition) or, without a partition, one of a topic's uncommitted ones. */
export interface Judged {
  readonly topic: string
  readonly partition?: number
  readonly verdict: Verdict
}

/**
 * The group's verdict: its worst partition, saying how many share that status. Named only for that one: a name
 * string per partition per poll was garbage the group verdict never reads.
 */
export function groupStatus(partitions: readonly Judged[]): Verdict {
  if (partitions.length === 0) return NO_COMMITS
  let worst = partitions[0] as Judged
  let same = 0
  for (const p of partitions) {
    const severity = SEVERITY[p.verdict.status]
    const worstSeverity = SEVERITY[worst.verdict.status]
    if (severity > worstSeverity) {
      worst = p
      same = 1
    } else if (severity === worstSeverity) same++
  }
  if (worst.verdict.status === 'ok') return deferred('ok', say.partitionsOk, same)
  return deferred(worst.verdict.status, say.worstPartition, worst, same)
}

const NO_COMMITS = fixed('no_offset', 'no committed offsets')
