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

/**
 * For each partition: did its owner (the member assigned it, or '' for the group's unassigned partitions) commit
 * another partition since this one last moved (or since the window began, if it never did)?
 */
export function ownersProgressing(
  partitions: readonly { owner: string; obs: readonly Observation[] }[],
): boolean[] {
  const moved = partitions.map((p) => lastMoveAt(p.obs))
  const latest = new Map<string, number>()
  partitions.forEach((p, i) => {
    const at = moved[i]
    if (at != null && at > (latest.get(p.owner) ?? Number.NEGATIVE_INFINITY)) latest.set(p.owner, at)
  })
  return partitions.map((p, i) => {
    const since = moved[i] ?? (p.obs[0] as Observation).time
    return (latest.get(p.owner) ?? Number.NEGATIVE_INFINITY) > since
  })
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
