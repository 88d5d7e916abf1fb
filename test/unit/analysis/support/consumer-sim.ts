import type { Observation } from '../../../../src/analysis/status.js'

/**
 * A partition and one consumer, second by second, sampled like a poll: producers write `produce(t)` messages per
 * second; the consumer reads at most `capacity` per second, `latencySec` behind what was written (messages in flight),
 * and commits its position every `commitEverySec`. Gives the observations an exporter polling every `pollEverySec`
 * would hold in its window at the end, with lag in messages and in seconds as it would compute them.
 */
export interface ConsumerSim {
  readonly produce: (t: number) => number
  readonly capacity: number
  readonly commitEverySec: number
  readonly durationSec: number
  readonly latencySec?: number
  readonly pollEverySec?: number
  readonly windowSec?: number
  /** Phase of the commits relative to the polls (s). */
  readonly commitPhaseSec?: number
  /** The consumer stops reading from this second on. */
  readonly stopsAtSec?: number
  /** The exporter restarted at this second: it holds no observations from before. */
  readonly exporterStartSec?: number
  /**
   * The consumer fetches this many messages at once, when it has handled all it fetched, and commits what it fetched
   * (Java's max.poll.records with commits of the position, or a client that commits what it buffered).
   */
  readonly chunk?: number
}

export function simulate(sim: ConsumerSim): Observation[] {
  const poll = sim.pollEverySec ?? 15
  const window = sim.windowSec ?? 600
  const latency = sim.latencySec ?? 0
  // Append time of each produced message, by offset (seconds).
  const appended: number[] = []
  let carry = 0
  let position = 0
  let fetched = 0
  let committed = 0
  const observations: Observation[] = []
  for (let t = 0; t <= sim.durationSec; t++) {
    carry += sim.produce(t)
    while (carry >= 1) {
      appended.push(t)
      carry -= 1
    }
    if (sim.stopsAtSec === undefined || t < sim.stopsAtSec) {
      if (sim.chunk !== undefined && position >= fetched)
        fetched = Math.min(appended.length, position + sim.chunk)
      const readable = sim.chunk === undefined ? appended.length : fetched
      let budget = sim.capacity
      while (budget > 0 && position < readable && (appended[position] as number) <= t - latency) {
        position++
        budget--
      }
    }
    const commitsAt = sim.chunk === undefined ? position : fetched
    if ((t - (sim.commitPhaseSec ?? 0)) % sim.commitEverySec === 0) committed = commitsAt
    if (t % poll === 0 && t >= (sim.exporterStartSec ?? 0)) {
      const hwm = appended.length
      const lagSeconds = committed < hwm ? t - (appended[committed] as number) : 0
      observations.push({ time: t * 1000, committed, lag: hwm - committed, lagSeconds })
    }
  }
  const now = (observations[observations.length - 1] as Observation).time
  return observations.filter((o) => now - o.time <= window * 1000)
}

/** Bursts of `burst` messages/s for `burstSec` every `everySec`, `base` otherwise. */
export function bursty(base: number, burst: number, burstSec: number, everySec: number) {
  return (t: number) => (t % everySec < burstSec ? burst : base)
}
