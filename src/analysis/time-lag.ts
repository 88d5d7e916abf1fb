import { appendTime, type OffsetHistory, type OffsetPoint } from './offset-history.js'

export interface TimeLagInput {
  /** When the high watermark was read (ms). */
  readonly now: number
  readonly committed: number
  readonly highWatermark: number | null
  /**
   * Timestamp (ms) of the first record a read_committed consumer at the committed offset waits for, when it was read
   * (after only aborted records and markers before an open transaction: that transaction's first record).
   */
  readonly recordTimestamp: number | null
  /**
   * Nothing a read_committed consumer would read follows the committed offset (only transaction markers and aborted
   * records, no transaction open): nothing waits to be consumed.
   */
  readonly markersOnly?: boolean
  readonly history: OffsetHistory | readonly OffsetPoint[]
}

export interface TimeLag {
  /** Age of the first unconsumed record in seconds; 0 when caught up; null when unknown. */
  readonly seconds: number | null
  /** Where the age came from: the record's own timestamp, or interpolated high-watermark history. */
  readonly source: 'caught_up' | 'record' | 'history' | 'unknown'
}

/**
 * Lag in seconds = how long the first unconsumed record has been waiting. The record's own timestamp is exact
 * (CreateTime, or LogAppendTime when the topic sets it); without it, the append time is interpolated from the
 * watermark history, which is accurate to about one poll interval. A clock ahead of ours never gives negative lag.
 */
export function timeLag(input: TimeLagInput): TimeLag {
  const { now, committed, highWatermark } = input
  if (highWatermark === null) return UNKNOWN
  if (committed >= highWatermark || input.markersOnly) return CAUGHT_UP
  if (input.recordTimestamp !== null) {
    return { seconds: Math.max(0, now - input.recordTimestamp) / 1000, source: 'record' }
  }
  const appended = appendTime(input.history, committed)
  if (appended === null) return UNKNOWN
  return { seconds: Math.max(0, now - appended) / 1000, source: 'history' }
}

// Shared, not made per partition: most partitions of a healthy cluster are caught up, and the analysis keeps every
// group partition's time lag until the next poll (the JSON API reads it), so each one was an object surviving into
// the old generation, 22,000 per poll at the shape.
const CAUGHT_UP: TimeLag = Object.freeze({ seconds: 0, source: 'caught_up' })
const UNKNOWN: TimeLag = Object.freeze({ seconds: null, source: 'unknown' })
