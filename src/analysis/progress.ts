import { type ObservationWindow, type PackedWindow, windowed } from './observation-window.js'
import type { Observation } from './status.js'

/**
 * What a group's partitions say about each other: a consumer's throughput shows in the sum over a topic's partitions
 * (a slow consumer serves them in turn, so each one's commits come in bursts), and whether whoever consumes a
 * partition is alive shows in its other partitions. Pure, like the status rules it feeds.
 */
export interface TopicTrendState {
  /** How many committed partitions the sums are over: when that changes, the sums jump and the window restarts. */
  readonly partitions: number
  readonly observations: PackedWindow
}

/**
 * This poll's observation of a group on a topic, from its partitions' windows (whose last observation is this
 * poll's): committed offsets and lags summed, the largest lag in seconds.
 */
export function topicObservation(time: number, partitions: readonly ObservationWindow[]): Observation {
  let committed = 0
  let lag: number | null = 0
  let lagSeconds: number | null = null
  for (const w of partitions) {
    const last = w.length - 1
    const own = w.lag(last)
    const seconds = w.lagSeconds(last)
    committed += w.committed(last)
    lag = lag === null || own === null ? null : lag + own
    if (seconds !== null && (lagSeconds === null || seconds > lagSeconds)) lagSeconds = seconds
  }
  return { time, committed, lag, lagSeconds }
}

export function advanceTopicTrend(
  previous: TopicTrendState | undefined,
  partitions: number,
  current: Observation,
  windowMs: number,
): TopicTrendState {
  const old = previous !== undefined && previous.partitions === partitions ? previous.observations : undefined
  return { partitions, observations: windowed(old, current, windowMs) }
}

/** A partition's window with whoever consumes it (its member, or '' for the group when nobody is assigned it). */
export interface OwnedWindow {
  readonly owner: string
  readonly obs: ObservationWindow
  /** Set here: the owner committed another partition since this one last moved (or since the window began). */
  progressing: boolean
}

/**
 * Marks, in place, the partitions whose owner committed another partition since they last moved. In place and in
 * two passes over the group's own lists: analysis runs over every committed partition each poll, and a copy of them
 * per group was a measurable share of its garbage.
 */
export function markOwnersProgressing(topics: readonly (readonly OwnedWindow[])[]): void {
  const latest = new Map<string, number>()
  for (const partitions of topics) {
    for (const p of partitions) {
      const at = lastMoveAt(p.obs)
      if (at !== null && at > (latest.get(p.owner) ?? Number.NEGATIVE_INFINITY)) latest.set(p.owner, at)
    }
  }
  if (latest.size === 0) return
  for (const partitions of topics) {
    for (const p of partitions) {
      const since = lastMoveAt(p.obs) ?? p.obs.time(0)
      p.progressing = (latest.get(p.owner) ?? Number.NEGATIVE_INFINITY) > since
    }
  }
}

function lastMoveAt(w: ObservationWindow): number | null {
  for (let i = w.length - 1; i > 0; i--) if (w.committed(i) !== w.committed(i - 1)) return w.time(i)
  return null
}
