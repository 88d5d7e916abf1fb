/**
 * Per-partition ranges of one buffer: how the analysis state keeps a group topic's observation windows
 * (observation-window.ts) and a topic's watermark histories (topic-histories.ts). One buffer and one table per
 * topic instead of a typed array per partition: those were 16,000 histories and 22,000 window views at the issue's
 * shape, made every poll and kept for one, so promoted to the old generation before they died.
 */
export interface PartitionRanges {
  readonly packed: Float64Array<ArrayBuffer>
  /** [start, end) in doubles of partition p's range at 2p and 2p + 1; start -1 when p has none. */
  readonly bounds: Int32Array<ArrayBuffer>
}

/** Where partition `partition`'s range starts in `ranges.packed`, or -1 when it has none. */
export function rangeStart(ranges: PartitionRanges | undefined, partition: number): number {
  if (ranges === undefined || 2 * partition + 1 >= ranges.bounds.length) return -1
  return ranges.bounds[2 * partition] as number
}

/** Where partition `partition`'s range ends; only for a partition whose rangeStart is not -1. */
export function rangeEnd(ranges: PartitionRanges, partition: number): number {
  return ranges.bounds[2 * partition + 1] as number
}

/** A table for partitions 0 … partitions - 1, none of which has a range yet. */
export function noRanges(partitions: number): Int32Array<ArrayBuffer> {
  return new Int32Array(2 * partitions).fill(-1)
}
