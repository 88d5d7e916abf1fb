/**
 * Consumer lag of one partition, from a committed offset and the partition's watermarks.
 * Pure: the edge cases are named in the table test beside it.
 */
export interface PartitionLag {
  /** High watermark − committed, clamped at 0; null when the high watermark is unknown. */
  readonly lag: number | null
  /** Messages deleted by retention before the group read them: log start − committed when positive, else 0. */
  readonly lost: number | null
}

export function partitionLag(
  committed: number,
  highWatermark: number | null,
  logStart: number | null,
): PartitionLag {
  // A commit above the high watermark happens after truncation (unclean leader election) or when the watermark was
  // read from a lagging leader; Kafka's own tool would print a negative number, which breaks HPA and alerts.
  const lag = highWatermark === null ? null : Math.max(0, highWatermark - committed)
  const lost = logStart === null ? null : Math.max(0, logStart - committed)
  return { lag, lost }
}
