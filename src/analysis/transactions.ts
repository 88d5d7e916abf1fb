import type { PartitionState } from '../collect/snapshot.js'

/**
 * Age in seconds of a partition's oldest open transaction at `now` (ms): 0 when none is open (the last stable offset
 * is the high watermark), null when unknown (offsets not read this poll, or the first record of the open
 * transaction not read yet). A transaction that stays open blocks every read_committed consumer of the partition at
 * its first offset, and Kafka aborts it only after the producer's transaction.timeout.ms.
 */
export function openTransactionAge(p: PartitionState, now: number): number | null {
  if (p.lastStable === null || p.latest === null) return null
  if (p.lastStable >= p.latest) return 0
  if (p.openTransactionTimestamp === null) return null
  // A producer clock ahead of ours never gives a negative age.
  return Math.max(0, now - p.openTransactionTimestamp) / 1000
}
