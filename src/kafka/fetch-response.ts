import { Reader, readRecordsBatch } from '@platformatic/kafka'
import type { FetchedPartition, RecordBatch } from './record-timestamps.js'

/**
 * Fetch response (v13–v17: the same layout) whose record batches are not decoded up front. The library's own parser
 * decodes every record of every batch (keys, values, headers; decompressing), synchronously in the socket's data
 * handler: for the megabytes a timestamp Fetch returns that blocked the event loop for tens of milliseconds per
 * leader and poll, seconds on a loaded machine (bench/group-churn.ts). Only batch headers are read here; a batch's
 * records are decoded when asked for, which timestampAt() does for at most one batch per partition.
 */
export function parseFetchResponse(
  _correlationId: number,
  _apiKey: number,
  _apiVersion: number,
  reader: Reader,
): { errorCode: number; responses: { topicId: string; partitions: FetchedPartition[] }[] } {
  reader.readInt32() // throttle_time_ms
  const errorCode = reader.readInt16()
  reader.readInt32() // session_id
  const responses = reader.readArray((r) => ({
    topicId: r.readUUID(),
    partitions: r.readArray((r): FetchedPartition => {
      const partitionIndex = r.readInt32()
      const partitionError = r.readInt16()
      const highWatermark = r.readInt64()
      r.readInt64() // last_stable_offset
      r.readInt64() // log_start_offset
      r.readArray((r) => [r.readInt64(), r.readInt64()]) // aborted_transactions
      r.readInt32() // preferred_read_replica
      // COMPACT_RECORDS: length + 1.
      const size = r.readUnsignedVarInt() - 1
      const partition: FetchedPartition = { partitionIndex, errorCode: partitionError, highWatermark }
      if (size > 0) {
        partition.records = lazyBatches(r.buffer.slice(r.position, r.position + size))
        r.skip(size)
      }
      return partition
    }),
  }))
  return { errorCode, responses }
}

/** Offset (8) and length (4) precede every batch; `length` counts the bytes after them. */
const BATCH_PREFIX = 12
/** The prefix and the fixed header fields up to the record count. */
const BATCH_HEADER = 61

/**
 * The complete batches in `bytes` with their header fields; a last batch cut off by the size limit is left out, as
 * the library does. `records` decodes that one batch on first use.
 */
export function lazyBatches(bytes: Buffer): RecordBatch[] {
  const batches: RecordBatch[] = []
  let start = 0
  while (bytes.length - start >= BATCH_PREFIX) {
    const length = bytes.readInt32BE(start + 8)
    const end = start + BATCH_PREFIX + length
    if (BATCH_PREFIX + length < BATCH_HEADER || end > bytes.length) break
    const slice = bytes.subarray(start, end)
    let records: RecordBatch['records'] | undefined
    batches.push({
      firstOffset: slice.readBigInt64BE(0),
      // After offset, length, partition leader epoch (4), magic (1) and crc (4).
      attributes: slice.readInt16BE(21),
      lastOffsetDelta: slice.readInt32BE(23),
      firstTimestamp: slice.readBigInt64BE(27),
      maxTimestamp: slice.readBigInt64BE(35),
      get records() {
        records ??= readRecordsBatch(Reader.from(slice)).records
        return records
      },
    })
    start = end
  }
  return batches
}
