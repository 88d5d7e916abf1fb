import type { Observation } from './status.js'

/**
 * A partition's window of observations as the analysis state keeps it between polls: one Float64Array of
 * (time, committed, lag, lag seconds) per observation, unknowns as NaN. As objects, 22,000 group partitions × 40
 * polls were ~100 MiB of the daemon's heap (V8 boxes every double field); packed they are a quarter of that and a
 * single object each for the garbage collector. The status rules read objects: a window is unpacked for the poll
 * that judges it and packed again for the next.
 */
export type PackedWindow = Float64Array<ArrayBuffer>

const STRIDE = 4

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
  const out: Observation[] = []
  for (let i = 0; i < w.length; i += STRIDE) {
    const lag = w[i + 2] as number
    const lagSeconds = w[i + 3] as number
    out.push({
      time: w[i] as number,
      committed: w[i + 1] as number,
      lag: Number.isNaN(lag) ? null : lag,
      lagSeconds: Number.isNaN(lagSeconds) ? null : lagSeconds,
    })
  }
  return out
}

/** The last observation's committed offset, without unpacking the window. */
export function lastCommitted(w: PackedWindow | undefined): number | undefined {
  return w === undefined || w.length === 0 ? undefined : (w[w.length - STRIDE + 1] as number)
}
