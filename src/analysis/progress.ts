import type { Observation } from './status.js'

/**
 * What a group's partitions say about each other: a consumer's throughput shows in the sum over a topic's partitions
 * (a slow consumer serves them in turn, so each one's commits come in bursts), and whether whoever consumes a
 * partition is alive shows in its other partitions. Pure, like the status rules it feeds.
 */
export interface TopicTrendState {
  /** How many committed partitions the sums are over: when that changes, the sums jump and the window restarts. */
  readonly partitions: number
  readonly observations: readonly Observation[]
}

/** This poll's observation of a group on a topic: committed offsets and lags summed, the largest lag in seconds. */
export function topicObservation(time: number, partitions: readonly Observation[]): Observation {
  let committed = 0
  let lag: number | null = 0
  let lagSeconds: number | null = null
  for (const o of partitions) {
    committed += o.committed
    lag = lag === null || o.lag === null ? null : lag + o.lag
    if (o.lagSeconds != null && (lagSeconds === null || o.lagSeconds > lagSeconds)) lagSeconds = o.lagSeconds
  }
  return { time, committed, lag, lagSeconds }
}

export function advanceTopicTrend(
  previous: TopicTrendState | undefined,
  partitions: number,
  current: Observation,
  windowMs: number,
): TopicTrendState {
  const old = previous !== undefined && previous.partitions === partitions ? previous.observations : []
  return { partitions, observations: windowed(old, current, windowMs) }
}

/** A partition's window with whoever consumes it (its member, or '' for the group when nobody is assigned it). */
export interface OwnedWindow {
  readonly owner: string
  readonly obs: readonly Observation[]
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
      const since = lastMoveAt(p.obs) ?? (p.obs[0] as Observation).time
      p.progressing = (latest.get(p.owner) ?? Number.NEGATIVE_INFINITY) > since
    }
  }
}

function lastMoveAt(obs: readonly Observation[]): number | null {
  for (let i = obs.length - 1; i > 0; i--) {
    if ((obs[i] as Observation).committed !== (obs[i - 1] as Observation).committed)
      return (obs[i] as Observation).time
  }
  return null
}

/**
 * The observations still inside the window, plus the new one. A clock stepped back (an observation at or after
 * now) restarts the window: the spans measured across the step would be wrong, and a wrong span gives a wrong status.
 */
export function windowed(old: readonly Observation[], current: Observation, windowMs: number): Observation[] {
  const last = old[old.length - 1]
  if (last !== undefined && last.time >= current.time) return [current]
  let first = 0
  while (first < old.length && current.time - (old[first] as Observation).time > windowMs) first++
  const out = old.slice(first)
  out.push(current)
  return out
}
