import { EMPTY_HISTORY, type OffsetHistory } from './offset-history.js'
import { noRanges, type PartitionRanges, rangeEnd, rangeStart } from './partition-ranges.js'

/**
 * A topic's watermark histories as the analysis state keeps them between polls: one buffer, and per partition the
 * range its history takes in it (partition-ranges.ts). A new history was made for every partition every poll, even
 * on an idle cluster (a plateau's last point moves each poll); they are now that poll's temporaries.
 */
export type TopicHistories = PartitionRanges

/** Partition `partition`'s history (a view, for reading only), or the empty one. */
export function historyOf(histories: TopicHistories | undefined, partition: number): OffsetHistory {
  const start = rangeStart(histories, partition)
  if (start < 0) return EMPTY_HISTORY
  return (histories as TopicHistories).packed.subarray(
    start,
    rangeEnd(histories as TopicHistories, partition),
  )
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
  const bounds = noRanges(partitions)
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
