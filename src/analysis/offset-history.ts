/**
 * When did each offset of a partition get appended? Learnt from high-watermark observations, one per poll: a
 * bounded list of (offset, time) points per partition. Plateaus (idle topics) keep their first and last points, so an
 * offset appended after hours of silence is dated to the poll that first saw it, not spread over the silence. When
 * the list is full, the point whose removal changes interpolation least *relative to its age* is dropped: old history
 * gets coarser (geometrically, so the error stays a bounded share of the lag) but is never cut off, so there is no
 * window cap; recent points, which date recent records, are the last to go.
 *
 * Kept packed: one Float64Array of (offset, time) pairs per partition. As objects, a point cost ~70 bytes (doubles
 * are boxed in V8 objects) and 16,000 partitions of history were a third of the daemon's heap; packed, 16 bytes.
 */
export interface OffsetPoint {
  readonly offset: number
  readonly time: number
}

/** (offset, time) pairs, oldest first. Never mutated once made: a new poll makes a new one. */
export type OffsetHistory = Float64Array<ArrayBuffer>

export const MAX_POINTS = 80

export const EMPTY_HISTORY: OffsetHistory = new Float64Array(0)

export function packHistory(points: readonly OffsetPoint[]): OffsetHistory {
  const h = new Float64Array(points.length * 2)
  points.forEach((p, i) => {
    h[2 * i] = p.offset
    h[2 * i + 1] = p.time
  })
  return h
}

export function historyPoints(h: OffsetHistory): OffsetPoint[] {
  const out: OffsetPoint[] = []
  for (let i = 0; i < h.length; i += 2) out.push({ offset: h[i] as number, time: h[i + 1] as number })
  return out
}

/** The history with one more observation of the high watermark. */
export function recordOffset(
  h: OffsetHistory,
  offset: number,
  time: number,
  maxPoints = MAX_POINTS,
): OffsetHistory {
  const n = h.length / 2
  const lastOffset = h[2 * n - 2]
  // A watermark going back means the partition was truncated or the topic recreated: the old dates are wrong.
  if (lastOffset === undefined || offset < lastOffset) return Float64Array.of(offset, time)
  if (time <= (h[2 * n - 1] as number)) return h
  if (offset === lastOffset && n >= 2 && h[2 * n - 4] === lastOffset) {
    const next = h.slice()
    next[2 * n - 1] = time
    return next
  }
  let next = new Float64Array(2 * n + 2)
  next.set(h)
  next[2 * n] = offset
  next[2 * n + 1] = time
  while (next.length / 2 > maxPoints) next = withoutPoint(next, leastUsefulPoint(next))
  return next
}

/** recordOffset over a list of points (tests and tools that think in points). */
export function recordPoint(
  history: readonly OffsetPoint[],
  point: OffsetPoint,
  maxPoints = MAX_POINTS,
): OffsetPoint[] {
  return historyPoints(recordOffset(packHistory(history), point.offset, point.time, maxPoints))
}

function withoutPoint(h: OffsetHistory, i: number): OffsetHistory {
  const next = new Float64Array(h.length - 2)
  next.set(h.subarray(0, 2 * i))
  next.set(h.subarray(2 * i + 2), 2 * i)
  return next
}

/**
 * Index of the interior point whose removal moves the interpolated time of its offset the least, as a share of the
 * point's age: an error of a minute matters for a record a minute old, not for one a day old.
 */
function leastUsefulPoint(h: OffsetHistory): number {
  const n = h.length / 2
  const newest = h[2 * n - 1] as number
  let best = 1
  let bestError = Number.POSITIVE_INFINITY
  for (let i = 1; i < n - 1; i++) {
    const aOffset = h[2 * i - 2] as number
    const aTime = h[2 * i - 1] as number
    const pOffset = h[2 * i] as number
    const pTime = h[2 * i + 1] as number
    const span = (h[2 * i + 2] as number) - aOffset
    const estimate =
      span === 0 ? aTime : aTime + ((pOffset - aOffset) / span) * ((h[2 * i + 3] as number) - aTime)
    const error = Math.abs(pTime - estimate) / Math.max(1, newest - pTime)
    if (error < bestError) {
      bestError = error
      best = i
    }
  }
  return best
}

/**
 * Estimated append time of the record at `offset`, or null when it is older than the history (or not appended yet).
 * The record was appended after the last observation with HWM ≤ offset and by the first with HWM > offset.
 */
export function appendTime(history: OffsetHistory | readonly OffsetPoint[], offset: number): number | null {
  const h = history instanceof Float64Array ? history : packHistory(history)
  let i = 0
  while (i < h.length && (h[i] as number) <= offset) i += 2
  if (i === 0 || i >= h.length) return null
  const beforeOffset = h[i - 2] as number
  const beforeTime = h[i - 1] as number
  const fraction = (offset + 1 - beforeOffset) / ((h[i] as number) - beforeOffset)
  return beforeTime + fraction * ((h[i + 1] as number) - beforeTime)
}
