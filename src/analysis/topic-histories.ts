import { EMPTY_HISTORY, type OffsetHistory, recordedLength, recordOffsetInto } from './offset-history.js'
import { noRanges, type PartitionRanges, rangeEnd, rangeStart } from './partition-ranges.js'

/**
 * A topic's watermark histories as the analysis state keeps them between polls: one buffer, and per partition the
 * range its history takes in it (partition-ranges.ts). A poll writes each partition's next history straight into
 * the topic's next buffer: no history per partition is made in between (with traffic, 16,000 typed arrays of up to
 * 1.3 KB a poll, each a malloc'd backing store).
 */
export type TopicHistories = PartitionRanges

/** What a poll saw of a partition's high watermark (null: unknown this poll, e.g. no leader). */
export interface WatermarkSeen {
  readonly partition: number
  readonly latest: number | null
}

/** Partition `partition`'s history (a view, for reading only), or the empty one. */
export function historyOf(histories: TopicHistories | undefined, partition: number): OffsetHistory {
  const start = rangeStart(histories, partition)
  if (start < 0) return EMPTY_HISTORY
  return (histories as TopicHistories).packed.subarray(
    start,
    rangeEnd(histories as TopicHistories, partition),
  )
}

/**
 * The topic's histories after this poll's watermarks, observed at `time`: `old` is read, never changed. A partition
 * whose watermark is unknown keeps what was known rather than forget its history; a partition the topic no longer
 * lists is dropped.
 */
export function advanceTopicHistories(
  old: TopicHistories | undefined,
  seen: readonly WatermarkSeen[],
  time: number,
): TopicHistories {
  const src = old?.packed ?? EMPTY_HISTORY
  let length = 0
  let partitions = 0
  for (let i = 0; i < seen.length; i++) {
    const p = seen[i] as WatermarkSeen
    const start = rangeStart(old, p.partition)
    const from = Math.max(start, 0)
    const to = start < 0 ? 0 : rangeEnd(old as TopicHistories, p.partition)
    length += p.latest === null ? to - from : recordedLength(src, from, to, p.latest, time)
    if (p.partition >= partitions) partitions = p.partition + 1
  }
  const packed = new Float64Array(length)
  const bounds = noRanges(partitions)
  let at = 0
  for (let i = 0; i < seen.length; i++) {
    const p = seen[i] as WatermarkSeen
    const start = rangeStart(old, p.partition)
    const from = Math.max(start, 0)
    const to = start < 0 ? 0 : rangeEnd(old as TopicHistories, p.partition)
    bounds[2 * p.partition] = at
    if (p.latest === null) for (let j = from; j < to; j++) packed[at++] = src[j] as number
    else at += recordOffsetInto(src, from, to, p.latest, time, packed, at)
    bounds[2 * p.partition + 1] = at
  }
  return { packed, bounds }
}
