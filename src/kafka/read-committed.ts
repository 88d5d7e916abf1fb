import {
  type Batch,
  bytesOnce,
  type FetchedPartition,
  type FetchedTopic,
  fetchedByPartition,
  lastStableOf,
  timestampAt,
} from './record-timestamps.js'
import type { RecordTimestamp, RecordTimestampQuery } from './types.js'

/** Transactional bit of a record batch's attributes: the batch belongs to a transaction of its producer. */
const TRANSACTIONAL = 0x10
/** Control bit: the batch holds a transaction marker (commit or abort), not data. */
const CONTROL = 0x20
/** Control record key: version (int16), then type (int16): 0 = abort, 1 = commit. */
const ABORT_MARKER = 0

/** An aborted transaction that a read_committed Fetch response lists for the fetched range. */
export interface AbortedTransaction {
  readonly producerId: bigint
  readonly firstOffset: bigint
}

export interface ReadCommittedView {
  /** The first record at or after the offset that a read_committed consumer would be given; null when none came. */
  readonly first: { timestamp: number; type: 'create' | 'append' } | null
  /** When `first` is null: nothing readable lies in [offset, end) (markers and aborted records only). */
  readonly end: number
}

/**
 * What a read_committed consumer positioned at `offset` would be given from these batches, filtered as Kafka's own
 * consumer does: a transactional data batch from producer P at or after the first offset of one of P's aborted
 * transactions is skipped until P's abort marker; control batches are never given to the application. Batches
 * before `offset` are walked too, since they carry the state (an aborted transaction may have started there).
 */
export function readCommitted(
  batches: readonly Batch[] | undefined,
  offset: number,
  aborted: readonly AbortedTransaction[],
): ReadCommittedView {
  const pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1))
  let nextAborted = 0
  const abortedProducers = new Set<bigint>()
  let end = offset
  for (const batch of batches ?? []) {
    const first = Number(batch.firstOffset)
    const last = first + batch.lastOffsetDelta
    const transactional = (batch.attributes & TRANSACTIONAL) !== 0
    const control = (batch.attributes & CONTROL) !== 0
    let skip = control
    if (transactional) {
      const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta)
      for (; nextAborted < pending.length; nextAborted++) {
        const txn = pending[nextAborted] as AbortedTransaction
        if (txn.firstOffset > lastOffset) break
        abortedProducers.add(txn.producerId)
      }
      if (control && isAbortMarker(batch)) abortedProducers.delete(batch.producerId)
      else if (!control && abortedProducers.has(batch.producerId)) skip = true
    }
    if (last < offset) continue
    if (!skip) {
      const found = timestampAt([batch], offset)
      if (found) return { first: found, end }
    }
    end = Math.max(end, last + 1)
  }
  return { first: null, end }
}

function isAbortMarker(batch: Batch): boolean {
  const key = batch.records[0]?.key
  // Kafka always writes the key (version, type); a record without one is not an abort marker.
  return !!key && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER
}

/**
 * The answers of a read_committed Fetch: per committed offset, the timestamp of the first record the group would
 * be given, or why there is none: nothing readable up to the last stable offset, which equals the high watermark
 * (caught up) or is below it (waiting on an open transaction); or neither (not returned within the byte budget).
 */
export function toRecordTimestamps(
  queries: readonly RecordTimestampQuery[],
  responses: readonly FetchedTopic[],
): RecordTimestamp[] {
  const found = fetchedByPartition(responses)
  const counted = new Set<FetchedPartition>()
  return queries.map((q) => {
    const p = found.get(`${q.topicId}:${q.partition}`)
    const ok = !!p && p.errorCode === 0
    const view = ok ? readCommitted(p.records, q.offset, p.abortedTransactions ?? []) : null
    const highWatermark = ok ? Number(p.highWatermark) : null
    // Brokers before 0.11 have no last stable offset: nothing is transactional there, it is the high watermark.
    const lastStable = ok ? (lastStableOf(p) ?? highWatermark) : null
    const quiet = view !== null && view.first === null && lastStable !== null && view.end >= lastStable
    return {
      topic: q.topic,
      partition: q.partition,
      offset: q.offset,
      errorCode: p?.errorCode ?? -1,
      timestamp: view?.first?.timestamp ?? null,
      timestampType: view?.first?.type ?? null,
      markersOnly: quiet && highWatermark !== null && (lastStable as number) >= highWatermark,
      openTransaction: quiet && highWatermark !== null && (lastStable as number) < highWatermark,
      lastStable,
      bytes: bytesOnce(counted, p),
    }
  })
}
