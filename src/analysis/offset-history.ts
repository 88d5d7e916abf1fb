/**
 * When did each offset of a partition get appended? Learnt from high-watermark observations, one per poll: a
 * bounded list of (offset, time) points per partition. Plateaus (idle topics) keep their first and last points, so an
 * offset appended after hours of silence is dated to the poll that first saw it, not spread over the silence. When
 * the list is full, the point whose removal changes interpolation least *relative to its age* is dropped: old history
 * gets coarser (geometrically, so the error stays a bounded share of the lag) but is never cut off, so there is no
 * window cap; recent points, which date recent records, are the last to go.
 */
export interface OffsetPoint {
  readonly offset: number
  readonly time: number
}

export const MAX_POINTS = 80

export function recordPoint(
  history: readonly OffsetPoint[],
  point: OffsetPoint,
  maxPoints = MAX_POINTS,
): OffsetPoint[] {
  const last = history[history.length - 1]
  // A watermark going back means the partition was truncated or the topic recreated: the old dates are wrong.
  if (!last || point.offset < last.offset) return [point]
  if (point.time <= last.time) return [...history]
  const beforeLast = history[history.length - 2]
  if (point.offset === last.offset && beforeLast?.offset === last.offset) {
    return [...history.slice(0, -1), point]
  }
  const next = [...history, point]
  while (next.length > maxPoints) next.splice(leastUsefulPoint(next), 1)
  return next
}

/**
 * Index of the interior point whose removal moves the interpolated time of its offset the least, as a share of the
 * point's age: an error of a minute matters for a record a minute old, not for one a day old.
 */
function leastUsefulPoint(points: readonly OffsetPoint[]): number {
  const newest = (points[points.length - 1] as OffsetPoint).time
  let best = 1
  let bestError = Number.POSITIVE_INFINITY
  for (let i = 1; i < points.length - 1; i++) {
    const a = points[i - 1] as OffsetPoint
    const p = points[i] as OffsetPoint
    const b = points[i + 1] as OffsetPoint
    const span = b.offset - a.offset
    const estimate = span === 0 ? a.time : a.time + ((p.offset - a.offset) / span) * (b.time - a.time)
    const error = Math.abs(p.time - estimate) / Math.max(1, newest - p.time)
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
export function appendTime(history: readonly OffsetPoint[], offset: number): number | null {
  const i = history.findIndex((p) => p.offset > offset)
  if (i <= 0) return null
  const before = history[i - 1] as OffsetPoint
  const after = history[i] as OffsetPoint
  const fraction = (offset + 1 - before.offset) / (after.offset - before.offset)
  return before.time + fraction * (after.time - before.time)
}
