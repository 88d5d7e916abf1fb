import { noRanges, type PartitionRanges, rangeEnd, rangeStart } from './partition-ranges.js'
import type { Observation } from './status.js'

/**
 * A partition's window of observations as the analysis state keeps it between polls: (time, committed, lag, lag
 * seconds) per observation in a Float64Array, unknowns as NaN. As objects, 22,000 group partitions × 40 polls were
 * ~100 MiB of the daemon's heap (V8 boxes every double field), and unpacking them for each poll's judgement made
 * ~900k short-lived objects per poll at that shape, the analysis' largest share of garbage. So the status rules read
 * the packed form in place (ObservationWindow), and a poll writes all the new windows of a group's topic into one
 * buffer (WindowPacker), each partition's window a range of it (TopicWindows): two typed arrays per group and topic
 * kept in the state, not a typed-array view per group partition (22,000 objects kept for a poll and dropped, each
 * poll, at the issue's shape).
 */
export type PackedWindow = Float64Array<ArrayBuffer>

/** A group topic's windows: one buffer, and per partition the range its window takes in it. */
export type TopicWindows = PartitionRanges

const STRIDE = 4

/** A read-only view of a packed window, oldest observation first; the last one is the current poll. */
export class ObservationWindow {
  readonly length: number
  readonly #packed: PackedWindow
  readonly #at: number

  /** The window in `packed` from `start` to `end` (in doubles): by default all of it. */
  constructor(packed: PackedWindow, start = 0, end = packed.length) {
    this.#packed = packed
    this.#at = start
    this.length = (end - start) / STRIDE
  }

  /** A window of the given observations (tests, and states from before the packed form). */
  static of(observations: readonly Observation[]): ObservationWindow {
    return new ObservationWindow(packWindow(observations))
  }

  time(i: number): number {
    return this.#packed[this.#at + i * STRIDE] as number
  }

  committed(i: number): number {
    return this.#packed[this.#at + i * STRIDE + 1] as number
  }

  /** null when the high watermark was unknown in that poll. */
  lag(i: number): number | null {
    const v = this.#packed[this.#at + i * STRIDE + 2] as number
    return Number.isNaN(v) ? null : v
  }

  lagSeconds(i: number): number | null {
    const v = this.#packed[this.#at + i * STRIDE + 3] as number
    return Number.isNaN(v) ? null : v
  }

  /** The i-th observation as an object (messages and tests; the rules use the accessors). */
  at(i: number): Observation {
    return {
      time: this.time(i),
      committed: this.committed(i),
      lag: this.lag(i),
      lagSeconds: this.lagSeconds(i),
    }
  }
}

/**
 * Writes a group topic's windows, each advanced by one observation, into one buffer sized up front (the sum of the
 * old windows' lengths plus one observation each is an upper bound). The old windows are never changed: the
 * analysis stays a pure function of the previous state.
 */
export class WindowPacker {
  readonly #buf: PackedWindow
  readonly #bounds: Int32Array<ArrayBuffer>
  #at = 0

  /** `partitions`: one more than the highest partition number to be written. */
  constructor(observations: number, partitions: number) {
    this.#buf = new Float64Array(observations * STRIDE)
    this.#bounds = noRanges(partitions)
  }

  /** Room needed for partition `partition`'s old window advanced by one observation (in observations). */
  static room(old: TopicWindows | undefined, partition: number): number {
    const start = rangeStart(old, partition)
    return (start < 0 ? 0 : rangeEnd(old as TopicWindows, partition) - start) / STRIDE + 1
  }

  /**
   * Partition `partition`'s observations in `old` still inside the window at `time`, plus the new one; returns the
   * new window. A clock stepped back (an old observation at or after `time`) restarts the window: spans measured
   * across the step would be wrong, and a wrong span gives a wrong status.
   */
  advance(
    old: TopicWindows | undefined,
    partition: number,
    time: number,
    committed: number,
    lag: number | null,
    lagSeconds: number | null,
    windowMs: number,
  ): ObservationWindow {
    const start = this.#at
    const from = rangeStart(old, partition)
    const src = from < 0 ? undefined : (old as TopicWindows).packed
    const end = from < 0 ? 0 : rangeEnd(old as TopicWindows, partition)
    this.#at = writeAdvanced(this.#buf, start, src, from, end, time, committed, lag, lagSeconds, windowMs)
    this.#bounds[2 * partition] = start
    this.#bounds[2 * partition + 1] = this.#at
    return new ObservationWindow(this.#buf, start, this.#at)
  }

  /** The windows written, for the state. */
  windows(): TopicWindows {
    return { packed: this.#buf, bounds: this.#bounds }
  }
}

/**
 * Writes into `buf` at `at` the observations of `src` from `from` to `end` still inside the window at `time`, then
 * the new one; returns where it stopped. A clock stepped back (an old observation at or after `time`) restarts the
 * window: spans measured across the step would be wrong, and a wrong span gives a wrong status.
 */
function writeAdvanced(
  buf: PackedWindow,
  at: number,
  src: PackedWindow | undefined,
  from: number,
  end: number,
  time: number,
  committed: number,
  lag: number | null,
  lagSeconds: number | null,
  windowMs: number,
): number {
  if (src !== undefined && end > from && (src[end - STRIDE] as number) < time) {
    let first = from
    while (first < end && time - (src[first] as number) > windowMs) first += STRIDE
    // A loop rather than set(subarray()): no view object per partition per poll.
    for (let i = first; i < end; i++) buf[at++] = src[i] as number
  }
  buf[at] = time
  buf[at + 1] = committed
  buf[at + 2] = lag ?? Number.NaN
  buf[at + 3] = lagSeconds ?? Number.NaN
  return at + STRIDE
}

/** Partition `partition`'s window of a group topic, or undefined when it has none. */
export function windowOf(
  windows: TopicWindows | undefined,
  partition: number,
): ObservationWindow | undefined {
  const start = rangeStart(windows, partition)
  if (start < 0) return undefined
  return new ObservationWindow(
    (windows as TopicWindows).packed,
    start,
    rangeEnd(windows as TopicWindows, partition),
  )
}

/** Partition `partition`'s last committed offset in `windows`, without unpacking its window. */
export function lastCommitted(windows: TopicWindows | undefined, partition: number): number | undefined {
  const start = rangeStart(windows, partition)
  if (start < 0) return undefined
  const end = rangeEnd(windows as TopicWindows, partition)
  return end > start ? ((windows as TopicWindows).packed[end - STRIDE + 1] as number) : undefined
}

/** One window advanced by one observation, in a buffer of its own (the topic trends, one per group and topic). */
export function windowed(
  old: PackedWindow | undefined,
  current: Observation,
  windowMs: number,
): PackedWindow {
  const n = old === undefined ? 0 : old.length
  const buf = new Float64Array(n + STRIDE)
  const end = writeAdvanced(
    buf,
    0,
    old,
    0,
    n,
    current.time,
    current.committed,
    current.lag,
    current.lagSeconds ?? null,
    windowMs,
  )
  return end === buf.length ? buf : buf.subarray(0, end)
}

export function packWindow(observations: readonly Observation[]): PackedWindow {
  const w = new Float64Array(observations.length * STRIDE)
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i] as Observation
    w[i * STRIDE] = o.time
    w[i * STRIDE + 1] = o.committed
    w[i * STRIDE + 2] = o.lag ?? Number.NaN
    w[i * STRIDE + 3] = o.lagSeconds ?? Number.NaN
  }
  return w
}

export function unpackWindow(w: PackedWindow | ObservationWindow | undefined): Observation[] {
  if (w === undefined) return []
  const view = w instanceof ObservationWindow ? w : new ObservationWindow(w)
  return Array.from({ length: view.length }, (_, i) => view.at(i))
}
