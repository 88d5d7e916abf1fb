import { compressionsAlgorithmsByBitmask } from '@platformatic/kafka'
import { KafkascopeError } from '../errors.js'
import type { Batch } from './record-timestamps.js'

/**
 * Record batches (magic v2) of a Fetch response, header fields only. The library's parser decodes every record of
 * every batch (keys, values and headers copied out, compressed batches inflated) synchronously in the socket's data
 * handler: for the megabytes a timestamp Fetch returns, tens of milliseconds per leader and poll on the event loop,
 * which stalled scrapes under group churn. What is wanted is one record per partition, so here a batch's records are
 * decoded only when read (timestampAt reads one batch per partition, read-committed.ts the marker of control
 * batches), and then only their offset and timestamp deltas, and a control record's key.
 * Layout: clients/src/main/java/org/apache/kafka/common/record/DefaultRecordBatch.java.
 */

/** baseOffset (8) and batchLength (4) precede every batch; batchLength counts the bytes after them. */
const PREFIX = 12
const MAGIC = 16
const ATTRIBUTES = 21
const LAST_OFFSET_DELTA = 23
const BASE_TIMESTAMP = 27
const MAX_TIMESTAMP = 35
const PRODUCER_ID = 43
const RECORD_COUNT = 57
/** The fixed header up to the first record (or the compressed records). */
const HEADER = 61
const COMPRESSION = 0x07
const CONTROL = 0x20

type BatchRecord = Batch['records'][number]

/**
 * The complete batches in `bytes` (a partition's records field). A last batch cut off by the size limit is left
 * out, as every client does; batches of the old message formats (magic 0 and 1: Kafka before 0.11, not written by
 * brokers since 3.0) are skipped, as their layout differs.
 */
export function readBatches(bytes: Buffer): Batch[] {
  const batches: Batch[] = []
  let start = 0
  while (bytes.length - start >= PREFIX) {
    const end = start + PREFIX + bytes.readInt32BE(start + 8)
    if (end > bytes.length || end < start + PREFIX) break
    if (end - start >= HEADER && bytes.readInt8(start + MAGIC) === 2) {
      batches.push(new LazyBatch(bytes.subarray(start, end)))
    }
    start = end
  }
  return batches
}

class LazyBatch implements Batch {
  readonly firstOffset: bigint
  readonly length: number
  readonly attributes: number
  readonly lastOffsetDelta: number
  readonly firstTimestamp: bigint
  readonly maxTimestamp: bigint
  readonly producerId: bigint
  readonly #bytes: Buffer
  #records: BatchRecord[] | undefined

  constructor(bytes: Buffer) {
    this.#bytes = bytes
    this.firstOffset = bytes.readBigInt64BE(0)
    this.length = bytes.length - PREFIX
    this.attributes = bytes.readInt16BE(ATTRIBUTES)
    this.lastOffsetDelta = bytes.readInt32BE(LAST_OFFSET_DELTA)
    this.firstTimestamp = bytes.readBigInt64BE(BASE_TIMESTAMP)
    this.maxTimestamp = bytes.readBigInt64BE(MAX_TIMESTAMP)
    this.producerId = bytes.readBigInt64BE(PRODUCER_ID)
  }

  /** Decoded on first read, once. */
  get records(): BatchRecord[] {
    this.#records ??= decodeRecords(this.#bytes, this.attributes)
    return this.#records
  }
}

/**
 * Offset and timestamp deltas of every record of one batch, and the key of control records (abort or commit). A
 * record starts with its length, so everything after the deltas is skipped without reading it.
 */
export function decodeRecords(batch: Buffer, attributes: number): BatchRecord[] {
  const count = batch.readInt32BE(RECORD_COUNT)
  const body = recordsOf(batch, attributes)
  const control = (attributes & CONTROL) !== 0
  const records: BatchRecord[] = []
  const cursor = { at: 0 }
  for (let i = 0; i < count && cursor.at < body.length; i++) {
    const length = readVarLong(body, cursor)
    const next = cursor.at + length
    if (length < 0 || next > body.length) throw corrupt('a record runs past its batch')
    cursor.at += 1 // record attributes, unused
    const timestampDelta = BigInt(readVarLong(body, cursor))
    const offsetDelta = readVarLong(body, cursor)
    let key: Buffer | null = null
    if (control) {
      const keyLength = readVarLong(body, cursor)
      if (keyLength >= 0 && cursor.at + keyLength <= next)
        key = body.subarray(cursor.at, cursor.at + keyLength)
    }
    records.push({ offsetDelta, timestampDelta, key })
    cursor.at = next
  }
  return records
}

/** The records section of a batch, inflated with the library's codec when the batch is compressed. */
function recordsOf(batch: Buffer, attributes: number): Buffer {
  const body = batch.subarray(HEADER)
  const compression = attributes & COMPRESSION
  if (compression === 0) return body
  const codec = compressionsAlgorithmsByBitmask[compression]
  if (!codec) throw corrupt(`unknown compression type ${compression}`)
  // Throws for zstd where Node lacks it (before 22.15): the caller fails this leader's Fetch, as before.
  return codec.decompressSync(body)
}

/** A zigzag varint of up to 64 bits as a JS number: deltas and lengths fit 2^53. */
function readVarLong(bytes: Buffer, cursor: { at: number }): number {
  let value = 0
  let scale = 1
  for (let i = 0; i < 10; i++) {
    if (cursor.at >= bytes.length) throw corrupt('a record ends inside a varint')
    const byte = bytes[cursor.at++] as number
    value += (byte & 0x7f) * scale
    if (byte < 0x80) return value % 2 === 0 ? value / 2 : -(value + 1) / 2
    scale *= 128
  }
  throw corrupt('a varint is longer than 10 bytes')
}

function corrupt(what: string): KafkascopeError {
  return new KafkascopeError('KSC_KAFKA_REQUEST', `failed to decode a record batch: ${what}`)
}
