import type { Observation } from './status.js'

/**
 * A partition's window of observations as the analysis state keeps it between polls: (time, committed, lag, lag
 * seconds) per observation in a Float64Array, unknowns as NaN. As objects, 22,000 group partitions × 40 polls were
 * ~100 MiB of the daemon's heap (V8 boxes every double field), and unpacking them for each poll's judgement made
 * ~900k short-lived objects per poll at that shape, the analysis' largest share of garbage. So the status rules read
 * the packed form in place (ObservationWindow), and a poll writes all the new windows of a group's topic into one
 * buffer (WindowPacker): one allocation per group and topic instead of one per partition.
 */
export type PackedWindow = Float64Array<ArrayBuffer>

const STRIDE = 4

/** A read-only view of a packed window, oldest observation first; the last one is the current poll. */
export class ObservationWindow {
  readonly length: number

  constructor(private readonly packed: PackedWindow) {
    this.length = packed.length / STRIDE
  }

  /** A window of the given observations (tests, and states from before the packed form). */
  static of(observations: readonly Observation[]): ObservationWindow {
    return new ObservationWindow(packWindow(observations))
  }

  time(i: number): number {
    return this.packed[i * STRIDE] as number
  }

  committed(i: number): number {
    return this.packed[i * STRIDE + 1] as number
  }

  /** null when the high watermark was unknown in that poll. */
  lag(i: number): number | null {
    const v = this.packed[i * STRIDE + 2] as number
    return Number.isNaN(v) ? null : v
  }

  lagSeconds(i: number): number | null {
    const v = this.packed[i * STRIDE + 3] as number
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
 * Writes windows advanced by one observation into one buffer sized up front (the sum of the old windows' lengths
 * plus one observation each is an upper bound), handing out views of it. The old windows are never changed: the
 * analysis stays a pure function of the previous state.
 */
export class WindowPacker {
  readonly #buf: PackedWindow
  #at = 0

  constructor(observations: number) {
    this.#buf = new Float64Array(observations * STRIDE)
  }

  /** Room needed for `old` advanced by one observation (in observations). */
  static room(old: PackedWindow | undefined): number {
    return (old === undefined ? 0 : old.length / STRIDE) + 1
  }

  /**
   * The observations of `old` still inside the window at `time`, plus the new one. A clock stepped back (an old
   * observation at or after `time`) restarts the window: spans measured across the step would be wrong, and a
   * wrong span gives a wrong status.
   */
  advance(
    old: PackedWindow | undefined,
    time: number,
    committed: number,
    lag: number | null,
    lagSeconds: number | null,
    windowMs: number,
  ): PackedWindow {
    const buf = this.#buf
    const start = this.#at
    let at = start
    const n = old === undefined ? 0 : old.length
    if (old !== undefined && n > 0 && (old[n - STRIDE] as number) < time) {
      let first = 0
      while (first < n && time - (old[first] as number) > windowMs) first += STRIDE
      // A loop rather than set(subarray()): no view object per partition per poll.
      for (let i = first; i < n; i++) buf[at++] = old[i] as number
    }
    buf[at] = time
    buf[at + 1] = committed
    buf[at + 2] = lag ?? Number.NaN
    buf[at + 3] = lagSeconds ?? Number.NaN
    this.#at = at + STRIDE
    return buf.subarray(start, this.#at)
  }
}

/** One window advanced by one observation, in a buffer of its own (the topic trends, one per group and topic). */
export function windowed(
  old: PackedWindow | undefined,
  current: Observation,
  windowMs: number,
): PackedWindow {
  return new WindowPacker(WindowPacker.room(old)).advance(
    old,
    current.time,
    current.committed,
    current.lag,
    current.lagSeconds ?? null,
    windowMs,
  )
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

export function unpackWindow(w: PackedWindow | undefined): Observation[] {
  if (w === undefined) return []
  const view = new ObservationWindow(w)
  return Array.from({ length: view.length }, (_, i) => view.at(i))
}

/** The last observation's committed offset, without unpacking the window. */
export function lastCommitted(w: PackedWindow | undefined): number | undefined {
  return w === undefined || w.length === 0 ? undefined : (w[w.length - STRIDE + 1] as number)
}
