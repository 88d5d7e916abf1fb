import type { ObservationWindow } from './observation-window.js'

/**
 * Is a consuming partition falling behind? Lag sampled at poll times is a sawtooth when the group commits
 * periodically (it grows between commits and drops at each), and bursts of traffic make it jump; neither means
 * falling behind. So the test compares the lag right after commits (the troughs of the sawtooth), late in the window
 * against early in it: the *lowest* late trough must be above the *highest* early one. "Early" is the first third of
 * the window, stretched to the first commit seen; "late" is the last third, which must hold a commit of its own. A
 * trough is read at the poll after the commit, so it holds up to one poll interval of arrivals the commit never saw:
 * late troughs are discounted by that much, so a healthy consumer whose commits fall at varying points between polls
 * is never called lagging. A healthy consumer's troughs stay level (after each commit, after each burst shorter than a
 * third of the window); one that consumes more slowly than producers write raises them by the difference. A group
 * that commits too rarely for the two parts to be apart cannot be judged by trend at all. Finally the growth must be
 * a real share of what arrived, so a lag that follows slowly rising traffic (constant latency) is not called lagging.
 */
export interface Trend {
  /** False when the commits are too far apart for the window (none in the last third, or none before it). */
  readonly judgeable: boolean
  readonly fallingBehind: boolean
  /** Lowest late trough (less its uncertainty) minus highest early trough (messages); ≤ 0 when not rising. */
  readonly troughGrowth: number
  /** Messages consumed (committed offset moved) and arrived (high watermark moved) per second over the window. */
  readonly consumedPerSecond: number
  readonly arrivedPerSecond: number
}

/** Growth below this share of the messages that arrived in the window is noise, not falling behind. */
export const MIN_GROWTH_SHARE = 0.01

export function judgeTrend(w: ObservationWindow): Trend {
  const n = w.length - 1
  const firstMs = w.time(0)
  const nowMs = w.time(n)
  const spanMs = nowMs - firstMs
  const seconds = Math.max(1, spanMs / 1000)
  const consumed = w.committed(n) - w.committed(0)
  // Arrivals: how far the high watermark (committed + lag) moved between the first and last known lag.
  let known = 0
  while (known < n && w.lag(known) === null) known++
  const arrived = Math.max(0, w.committed(n) + lagOf(w, n) - (w.committed(known) + lagOf(w, known)))
  const perMs = arrived / Math.max(1, spanMs)

  const third = spanMs / 3
  let firstMove = -1
  let lastMove = -1
  let earlyEnd = 0
  let lateStart = n
  for (let i = 1; i <= n; i++) {
    if (w.committed(i) !== w.committed(i - 1)) {
      if (firstMove < 0) firstMove = i
      lastMove = i
    }
    if (w.time(i) <= firstMs + third) earlyEnd = i
  }
  for (let i = n; i >= 0 && w.time(i) >= nowMs - third; i--) lateStart = i
  earlyEnd = Math.max(earlyEnd, firstMove)
  // The last third must hold a commit of its own: stretched back to an older one, its trough would predate the lag
  // that has built up since, and a consumer that stopped committing would read as keeping up.
  const judgeable = firstMove > 0 && lastMove >= lateStart && earlyEnd < lateStart

  let earlyMax = Number.NEGATIVE_INFINITY
  let lateMin = Number.POSITIVE_INFINITY
  for (let i = 1; i <= n; i++) {
    const lag = w.lag(i)
    if (lag === null || w.committed(i) === w.committed(i - 1)) continue
    if (i <= earlyEnd && lag > earlyMax) earlyMax = lag
    // The commit happened somewhere since the previous poll: at worst right after it.
    const atCommit = lag - perMs * (w.time(i) - w.time(i - 1))
    if (i >= lateStart && atCommit < lateMin) lateMin = atCommit
  }
  const troughGrowth = Number.isFinite(earlyMax) && Number.isFinite(lateMin) ? lateMin - earlyMax : 0
  const fallingBehind =
    judgeable && troughGrowth > 0 && troughGrowth >= MIN_GROWTH_SHARE * Math.max(1, arrived)
  return {
    judgeable,
    fallingBehind,
    troughGrowth,
    consumedPerSecond: consumedRate(w, firstMove, lastMove, consumed / seconds),
    arrivedPerSecond: arrived / seconds,
  }
}

/**
 * Messages consumed per second between the first and the last commit seen: the window's ends fall between commits,
 * so the endpoints would count one commit more or less than the time they span.
 */
function consumedRate(w: ObservationWindow, firstMove: number, lastMove: number, fallback: number): number {
  if (firstMove < 1 || lastMove <= firstMove) return fallback
  return (
    (w.committed(lastMove) - w.committed(firstMove)) /
    Math.max(1, (w.time(lastMove) - w.time(firstMove)) / 1000)
  )
}

/**
 * How the offset moved in the window: the longest gap between two commits seen, and how long it has now held still
 * since the last one. A consumer that committed every poll and then holds still for several times its own cadence
 * has stopped progressing, even though the window as a whole still shows it consuming.
 */
export function commitCadence(
  w: ObservationWindow,
): { longestGapMs: number; heldMs: number; heldPolls: number } | null {
  let previousMove = -1
  let longestGapMs = 0
  for (let i = 1; i < w.length; i++) {
    if (w.committed(i) === w.committed(i - 1)) continue
    if (previousMove > 0) longestGapMs = Math.max(longestGapMs, w.time(i) - w.time(previousMove))
    previousMove = i
  }
  if (previousMove < 0 || longestGapMs === 0) return null
  return {
    longestGapMs,
    heldMs: w.time(w.length - 1) - w.time(previousMove),
    heldPolls: w.length - 1 - previousMove,
  }
}

/** A hold longer than this many times the longest gap between the window's commits means progress stopped. */
export const HELD_CADENCES = 3

/**
 * A window's trend and its description, worked out once per window: every committed partition of a group's topic
 * is judged by the same summed window, and judging and describing it again for each was a tenth of the analysis'
 * time and a few megabytes of garbage per poll at 22,000 group partitions. Weak: the memo goes with the window.
 */
const JUDGED = new WeakMap<ObservationWindow, { trend: Trend; described: string }>()

export function judged(series: ObservationWindow): { trend: Trend; described: string } {
  let memo = JUDGED.get(series)
  if (memo === undefined) {
    const trend = judgeTrend(series)
    memo = { trend, described: describeTrend(series, trend) }
    JUDGED.set(series, memo)
  }
  return memo
}

/** "lag grew 13789 messages / 307 s over 10m; consuming 10/s while 33/s arrive" */
export function describeTrend(w: ObservationWindow, trend: Trend): string {
  const n = w.length - 1
  const span = formatSpan(w.time(n) - w.time(0))
  const rates = `consuming ${formatRate(trend.consumedPerSecond)} while ${formatRate(trend.arrivedPerSecond)} arrive`
  if (!trend.fallingBehind) return rates
  // Endpoints are what a user compares on a graph; in a sawtooth they can understate, the troughs cannot.
  const grew = Math.max(lagOf(w, n) - lagOf(w, 0), Math.round(trend.troughGrowth))
  const firstSeconds = w.lagSeconds(0)
  const nowSeconds = w.lagSeconds(n)
  const seconds =
    firstSeconds !== null && nowSeconds !== null && nowSeconds > firstSeconds
      ? ` / ${Math.round(nowSeconds - firstSeconds)} s`
      : ''
  return `lag grew ${grew} messages${seconds} over ${span}; ${rates}`
}

function lagOf(w: ObservationWindow, i: number): number {
  return w.lag(i) ?? 0
}

function formatRate(perSecond: number): string {
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`
  if (perSecond >= 1) return `${Math.round(perSecond * 10) / 10}/s`
  if (perSecond === 0) return '0/s'
  return `${Math.round(perSecond * 60 * 10) / 10}/min`
}

export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 120) return `${s}s`
  const m = Math.round(s / 60)
  return m < 120 ? `${m}m` : `${Math.round(m / 60)}h`
}
