import type { Observation } from './status.js'

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

export function judgeTrend(obs: readonly Observation[]): Trend {
  const first = obs[0] as Observation
  const now = obs[obs.length - 1] as Observation
  const spanMs = now.time - first.time
  const seconds = Math.max(1, spanMs / 1000)
  const consumed = now.committed - first.committed
  // Arrivals: how far the high watermark (committed + lag) moved between the first and last known lag.
  const known = obs.find((o) => o.lag !== null) ?? now
  const arrived = Math.max(0, now.committed + lagOf(now) - (known.committed + lagOf(known)))
  const perMs = arrived / Math.max(1, spanMs)

  const third = spanMs / 3
  let firstMove = -1
  let lastMove = -1
  let earlyEnd = 0
  let lateStart = obs.length - 1
  for (let i = 1; i < obs.length; i++) {
    const o = obs[i] as Observation
    if (o.committed !== (obs[i - 1] as Observation).committed) {
      if (firstMove < 0) firstMove = i
      lastMove = i
    }
    if (o.time <= first.time + third) earlyEnd = i
  }
  for (let i = obs.length - 1; i >= 0 && (obs[i] as Observation).time >= now.time - third; i--) lateStart = i
  earlyEnd = Math.max(earlyEnd, firstMove)
  // The last third must hold a commit of its own: stretched back to an older one, its trough would predate the lag
  // that has built up since, and a consumer that stopped committing would read as keeping up.
  const judgeable = firstMove > 0 && lastMove >= lateStart && earlyEnd < lateStart

  let earlyMax = Number.NEGATIVE_INFINITY
  let lateMin = Number.POSITIVE_INFINITY
  for (let i = 1; i < obs.length; i++) {
    const o = obs[i] as Observation
    const prev = obs[i - 1] as Observation
    if (o.lag === null || o.committed === prev.committed) continue
    if (i <= earlyEnd && o.lag > earlyMax) earlyMax = o.lag
    // The commit happened somewhere since the previous poll: at worst right after it.
    const atCommit = o.lag - perMs * (o.time - prev.time)
    if (i >= lateStart && atCommit < lateMin) lateMin = atCommit
  }
  const troughGrowth = Number.isFinite(earlyMax) && Number.isFinite(lateMin) ? lateMin - earlyMax : 0
  const fallingBehind =
    judgeable && troughGrowth > 0 && troughGrowth >= MIN_GROWTH_SHARE * Math.max(1, arrived)
  return {
    judgeable,
    fallingBehind,
    troughGrowth,
    consumedPerSecond: consumedRate(obs, firstMove, lastMove, consumed / seconds),
    arrivedPerSecond: arrived / seconds,
  }
}

/**
 * Messages consumed per second between the first and the last commit seen: the window's ends fall between commits,
 * so the endpoints would count one commit more or less than the time they span.
 */
function consumedRate(
  obs: readonly Observation[],
  firstMove: number,
  lastMove: number,
  fallback: number,
): number {
  if (firstMove < 1 || lastMove <= firstMove) return fallback
  const a = obs[firstMove] as Observation
  const b = obs[lastMove] as Observation
  return (b.committed - a.committed) / Math.max(1, (b.time - a.time) / 1000)
}

/**
 * How the offset moved in the window: the longest gap between two commits seen, and how long it has now held still
 * since the last one. A consumer that committed every poll and then holds still for several times its own cadence
 * has stopped progressing, even though the window as a whole still shows it consuming.
 */
export function commitCadence(
  obs: readonly Observation[],
): { longestGapMs: number; heldMs: number; heldPolls: number } | null {
  let previousMove = -1
  let longestGapMs = 0
  for (let i = 1; i < obs.length; i++) {
    if ((obs[i] as Observation).committed === (obs[i - 1] as Observation).committed) continue
    if (previousMove > 0)
      longestGapMs = Math.max(
        longestGapMs,
        (obs[i] as Observation).time - (obs[previousMove] as Observation).time,
      )
    previousMove = i
  }
  if (previousMove < 0 || longestGapMs === 0) return null
  const now = obs[obs.length - 1] as Observation
  return {
    longestGapMs,
    heldMs: now.time - (obs[previousMove] as Observation).time,
    heldPolls: obs.length - 1 - previousMove,
  }
}

/** A hold longer than this many times the longest gap between the window's commits means progress stopped. */
export const HELD_CADENCES = 3

/** "lag grew 13789 messages / 307 s over 10m; consuming 10/s while 33/s arrive" */
export function describeTrend(obs: readonly Observation[], trend: Trend): string {
  const first = obs[0] as Observation
  const now = obs[obs.length - 1] as Observation
  const span = formatSpan(now.time - first.time)
  const rates = `consuming ${formatRate(trend.consumedPerSecond)} while ${formatRate(trend.arrivedPerSecond)} arrive`
  if (!trend.fallingBehind) return rates
  // Endpoints are what a user compares on a graph; in a sawtooth they can understate, the troughs cannot.
  const grew = Math.max(lagOf(now) - lagOf(first), Math.round(trend.troughGrowth))
  const seconds =
    first.lagSeconds != null && now.lagSeconds != null && now.lagSeconds > first.lagSeconds
      ? ` / ${Math.round(now.lagSeconds - first.lagSeconds)} s`
      : ''
  return `lag grew ${grew} messages${seconds} over ${span}; ${rates}`
}

function lagOf(o: Observation): number {
  return o.lag ?? 0
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
