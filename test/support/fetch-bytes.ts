import { type CompressionAlgorithmValue, createRecordsBatch } from '@platformatic/kafka'

/**
 * Fetch response bodies (v13–v17 layout, FetchResponse.json) built byte by byte around record batches the
 * library's producer code writes, for decoder tests beyond the recorded answers (truncation, many batches) and for
 * bench/fetch-decode.ts.
 */
export interface SyntheticPartition {
  partition: number
  highWatermark: bigint
  lastStableOffset?: bigint
  aborted?: { producerId: bigint; firstOffset: bigint }[] | null
  /** Record batches as a broker returns them, concatenated (a last one may be cut off). */
  records: Buffer | null
}

export function uvarint(n: number): Buffer {
  const bytes: number[] = []
  let v = n
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  bytes.push(v)
  return Buffer.from(bytes)
}

const int = (bytes: number, n: number | bigint) => {
  const b = Buffer.alloc(bytes)
  if (bytes === 2) b.writeInt16BE(Number(n))
  else if (bytes === 4) b.writeInt32BE(Number(n))
  else b.writeBigInt64BE(BigInt(n))
  return b
}
const TAGS = uvarint(0)
const compactArray = <T>(items: readonly T[] | null, encode: (item: T) => Buffer) =>
  items === null ? uvarint(0) : Buffer.concat([uvarint(items.length + 1), ...items.map(encode)])

/** v13+ layout; with topicsBy 'name' the v12 one, `topicId` holding the topic's name. */
export function fetchResponseBody(
  topics: { topicId: string; partitions: SyntheticPartition[] }[],
  topicsBy: 'id' | 'name' = 'id',
): Buffer {
  return Buffer.concat([
    int(4, 0), // throttle
    int(2, 0), // error code
    int(4, 0), // session id
    compactArray(topics, (t) =>
      Buffer.concat([
        topicsBy === 'id'
          ? Buffer.from(t.topicId.replaceAll('-', ''), 'hex')
          : Buffer.concat([uvarint(Buffer.byteLength(t.topicId) + 1), Buffer.from(t.topicId)]),
        compactArray(t.partitions, (p) =>
          Buffer.concat([
            int(4, p.partition),
            int(2, 0),
            int(8, p.highWatermark),
            int(8, p.lastStableOffset ?? p.highWatermark),
            int(8, 0), // log start
            compactArray(p.aborted === undefined ? [] : p.aborted, (a) =>
              Buffer.concat([int(8, a.producerId), int(8, a.firstOffset), TAGS]),
            ),
            int(4, -1), // preferred read replica
            p.records === null ? uvarint(0) : Buffer.concat([uvarint(p.records.length + 1), p.records]),
            TAGS,
          ]),
        ),
        TAGS,
      ]),
    ),
    TAGS,
  ])
}

/**
 * One record batch at `baseOffset` with `count` records of `valueBytes` each, timestamps `timestamp(i)` for the
 * i-th record; optionally compressed.
 */
export function recordBatch(opts: {
  baseOffset: number
  count: number
  valueBytes: number
  timestamp: (i: number) => bigint
  compression?: CompressionAlgorithmValue
}): Buffer {
  const messages = Array.from({ length: opts.count }, (_, i) => ({
    topic: 't',
    partition: 0,
    key: Buffer.from(`key-${i}`),
    value: textValue(opts.baseOffset + i, opts.valueBytes),
    headers: new Map([[Buffer.from('h'), Buffer.from('x')]]),
    timestamp: opts.timestamp(i),
  }))
  const bytes = Buffer.from(
    createRecordsBatch(messages, opts.compression ? { compression: opts.compression } : {}).buffer,
  )
  bytes.writeBigInt64BE(BigInt(opts.baseOffset), 0)
  return bytes
}

/** Batches of `perBatch` records from offset `from` until `totalBytes` are filled (the last one complete). */
export function batchesOf(opts: {
  from: number
  perBatch: number
  valueBytes: number
  totalBytes: number
  timestamp: (offset: number) => bigint
  compression?: CompressionAlgorithmValue
}): { bytes: Buffer; next: number } {
  const parts: Buffer[] = []
  let size = 0
  let offset = opts.from
  while (size < opts.totalBytes) {
    const start = offset
    const batch = recordBatch({
      baseOffset: start,
      count: opts.perBatch,
      valueBytes: opts.valueBytes,
      timestamp: (i) => opts.timestamp(start + i),
      ...(opts.compression ? { compression: opts.compression } : {}),
    })
    // Whole batches only, as a broker returns them within its byte limit (at least one).
    if (parts.length > 0 && size + batch.length > opts.totalBytes) break
    parts.push(batch)
    size += batch.length
    offset += opts.perBatch
  }
  return { bytes: Buffer.concat(parts), next: offset }
}

/** A value that compresses about as well as typical JSON (2–4×): words from a small set, varying per record. */
function textValue(seed: number, bytes: number): Buffer {
  const words = ['"id":', '"name":', '"amount":', '"status":"ok"', '"ts":', ',', '{', '}', ' ']
  let text = ''
  let x = seed * 2654435761
  while (text.length < bytes) {
    x = (x * 1103515245 + 12345) % 2147483648
    text += x % 3 === 0 ? String(x % 100000) : words[x % words.length]
  }
  return Buffer.from(text.slice(0, bytes))
}
