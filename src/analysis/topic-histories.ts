import { EMPTY_HISTORY, type OffsetHistory } from './offset-history.js'

/**
 * A topic's watermark histories as the analysis state keeps them between polls: one buffer, and per partition the
 * range its history takes in it. One array per partition was 16,000 typed arrays (and as many array buffers) made
 * every poll at the shape, even on an idle cluster (a plateau's last point moves each poll), each kept
 * for a poll and so promoted to the old generation before it died; a topic's are now five objects.
 */
export interface TopicHistories {
  readonly packed: Float64Array<ArrayBuffer>
  /** [start, end) in doubles of partition p's history at 2p and 2p + 1; start -1 when p has none. */
  readonly bounds: Int32Array<ArrayBuffer>
}

/** Partition `partition`'s history (a view, for reading only), or the empty one. */
export function historyOf(histories: TopicHistories | undefined, partition: number): OffsetHistory {
  if (histories === undefined || 2 * partition + 1 >= histories.bounds.length) return EMPTY_HISTORY
  const start = histories.bounds[2 * partition] as number
  if (start < 0) return EMPTY_HISTORY
  return histories.packed.subarray(start, histories.bounds[2 * partition + 1])
}

/** The histories of a topic's partitions (`numbers[i]` has `histories[i]`) packed into one buffer. */
export function packTopicHistories(
  numbers: readonly number[],
  histories: readonly OffsetHistory[],
): TopicHistories {
  let length = 0
  let partitions = 0
  for (let i = 0; i < numbers.length; i++) {
    length += (histories[i] as OffsetHistory).length
    partitions = Math.max(partitions, (numbers[i] as number) + 1)
  }
  const packed = new Float64Array(length)
  const bounds = new Int32Array(2 * partitions).fill(-1)
  let at = 0
  for (let i = 0; i < numbers.length; i++) {
    const h = histories[i] as OffsetHistory
    const p = numbers[i] as number
    packed.set(h, at)
    bounds[2 * p] = at
    at += h.length
    bounds[2 * p + 1] = at
  }
  return { packed, bounds }
}
