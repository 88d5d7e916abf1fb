/**
 * When did each offset of a partition get appended? Learnt from high-watermark observations, one per poll: a
 * bounded list of (offset, time) points per partition. Plateaus (idle topics) keep their first and last points, so an
 * offset appended after hours of silence is dated to the poll that first saw it, not spread over the silence. When
 * the list is full, the point whose removal changes interpolation least *relative to its age* is dropped: old history
 * gets coarser (geometrically, so the error stays a bounded share of the lag) but is never cut off, so there is no
 * window cap; recent points, which date recent records, are the last to go.
 *
 * Kept packed: (offset, time) pairs, a range per partition of one buffer per topic (topic-histories.ts). As
 * objects, a point cost ~70 bytes (doubles are boxed in V8 objects) and 16,000 partitions of history were a third of
 * the daemon's heap; packed, 16 bytes.
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
  if (n > 0 && offset >= (h[2 * n - 2] as number) && time <= (h[2 * n - 1] as number)) return h
  const out = new Float64Array(recordedLength(h, 0, h.length, offset, time, maxPoints))
  recordOffsetInto(h, 0, h.length, offset, time, out, 0, maxPoints)
  return out
}

// What one more observation does to a history: the one decision recordedLength and recordOffsetInto both follow.
/** No history, or the watermark went back (truncated, or the topic recreated: the old dates are wrong). */
const RESTART = 0
/** Not newer than the last observation. */
const SAME = 1
/** A plateau (idle partition) whose last point moves to this time. */
const MOVE_PLATEAU = 2
/** One more point (thinned when the history is full). */
const APPEND = 3

function stepOf(src: Float64Array, from: number, to: number, offset: number, time: number): number {
  if (to === from || offset < (src[to - 2] as number)) return RESTART
  if (time <= (src[to - 1] as number)) return SAME
  if (offset === src[to - 2] && to - from >= 4 && src[to - 4] === offset) return MOVE_PLATEAU
  return APPEND
}

/** How many doubles recordOffset gives for the history in `src` from `from` to `to` (in doubles). */
export function recordedLength(
  src: Float64Array,
  from: number,
  to: number,
  offset: number,
  time: number,
  maxPoints = MAX_POINTS,
): number {
  const step = stepOf(src, from, to, offset, time)
  if (step === RESTART) return 2
  if (step !== APPEND) return to - from
  return 2 * Math.min((to - from) / 2 + 1, Math.max(2, maxPoints))
}

// Where a history that overflows is thinned before it is copied out: one per thread, grown as needed, so recording
// allocates nothing beyond the buffer it writes into.
let scratch = new Float64Array(2 * (MAX_POINTS + 1))

/**
 * recordOffset for the history in `src` from `from` to `to`, written into `out` from `at`; returns the doubles
 * written (recordedLength). For the analysis, which packs a topic's histories into one buffer: a history made per
 * partition per poll was a malloc'd backing store each, and a view per partition an object each, 16,000 per poll.
 */
export function recordOffsetInto(
  src: Float64Array,
  from: number,
  to: number,
  offset: number,
  time: number,
  out: Float64Array,
  at: number,
  maxPoints = MAX_POINTS,
): number {
  const step = stepOf(src, from, to, offset, time)
  if (step === RESTART) {
    out[at] = offset
    out[at + 1] = time
    return 2
  }
  const length = to - from
  const limit = Math.max(2, maxPoints)
  if (step !== APPEND || length / 2 + 1 <= limit) {
    copy(src, from, to, out, at)
    if (step === SAME) return length
    if (step === MOVE_PLATEAU) {
      out[at + length - 1] = time
      return length
    }
    out[at + length] = offset
    out[at + length + 1] = time
    return length + 2
  }
  // Full: thinned in the scratch buffer, then copied out.
  if (scratch.length < length + 2) scratch = new Float64Array(length + 2)
  copy(src, from, to, scratch, 0)
  scratch[length] = offset
  scratch[length + 1] = time
  let points = length / 2 + 1
  while (points > limit) {
    const i = leastUsefulPoint(scratch, points)
    scratch.copyWithin(2 * i, 2 * i + 2, 2 * points)
    points--
  }
  return copy(scratch, 0, 2 * points, out, at)
}

/** Copies src[from, to) to out from `at`; returns the doubles copied. A loop, not set(subarray): no view to make. */
function copy(src: Float64Array, from: number, to: number, out: Float64Array, at: number): number {
  for (let i = from; i < to; i++) out[at + i - from] = src[i] as number
  return to - from
}

/** recordOffset over a list of points (tests and tools that think in points). */
export function recordPoint(
  history: readonly OffsetPoint[],
  point: OffsetPoint,
  maxPoints = MAX_POINTS,
): OffsetPoint[] {
  return historyPoints(recordOffset(packHistory(history), point.offset, point.time, maxPoints))
}

/**
 * Index of the interior point whose removal moves the interpolated time of its offset the least, as a share of the
 * point's age: an error of a minute matters for a record a minute old, not for one a day old.
 */
function leastUsefulPoint(h: Float64Array, n: number): number {
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
