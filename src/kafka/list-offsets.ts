import { type Reader, Writer } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'
import { BodyReader } from './body-reader.js'
import type { ListOffsetsBodies } from './list-offsets-bodies.js'
import type { OffsetQuery, OffsetRecord, OffsetSpec } from './types.js'

/** Special timestamps of ListOffsets: the log start offset, and the latest (high watermark or last stable offset). */
const EARLIEST = -2
const LATEST = -1
const READ_UNCOMMITTED = 0
const READ_COMMITTED = 1
/** Asked as a consumer, not as a follower replica. */
const CONSUMER_REPLICA = -1
/** Versions 6 and later are flexible: compact arrays and strings, tagged fields. */
const FLEXIBLE = 6

export interface ListOffsetsOptions {
  /** Partitions the asked broker leads, with the leader epoch the metadata gave (fenced if stale). */
  readonly partitions: readonly OffsetQuery[]
  readonly spec: OffsetSpec
}

/**
 * Log start, high watermark or last stable offsets of partitions, from their leader. Our own codec (v5–v9, the
 * same fields in all of them) rather than the library's: every poll asks each leader three times for every
 * partition it leads, 48,000 partitions a poll at 16,000 partitions, and the library's codec wrote each field as a
 * small Buffer of its own and read every offset through a BigInt, a sixth of the poll worker's CPU
 * (bench/README.md). Here the request body is one Buffer and offsets are read as two 32-bit halves.
 */
export function listOffsetsRequest(
  options: ListOffsetsOptions,
  reuse?: { readonly bodies: ListOffsetsBodies; readonly broker: number },
): ApiCall<OffsetRecord[]> {
  return {
    api: 'ListOffsets',
    key: 2,
    minVersion: 5,
    maxVersion: 9,
    headers: (version) => ({ requestTags: version >= FLEXIBLE, responseTags: version >= FLEXIBLE }),
    encode: (version) =>
      Writer.create().append(
        reuse
          ? reuse.bodies.body(reuse.broker, options, version >= FLEXIBLE)
          : encodeListOffsets(options, version >= FLEXIBLE),
      ),
    decode: (reader, version) => decodeListOffsets(reader, version >= FLEXIBLE),
  }
}

/** The request body: replica id, isolation level, then the partitions by topic (in the order first asked). */
export function encodeListOffsets(options: ListOffsetsOptions, flexible: boolean): Buffer {
  const timestamp = options.spec === 'earliest' ? EARLIEST : LATEST
  // Read-committed "latest" is the last stable offset: below the high watermark while a transaction is open.
  const isolation = options.spec === 'lastStable' ? READ_COMMITTED : READ_UNCOMMITTED
  const byTopic = new Map<string, OffsetQuery[]>()
  for (const p of options.partitions) {
    const list = byTopic.get(p.topic)
    if (list) list.push(p)
    else byTopic.set(p.topic, [p])
  }
  const names = [...byTopic.keys()].map((name) => Buffer.from(name, 'utf8'))
  // Per topic at most a 5-byte count and a 5-byte length and its tagged fields; per partition 4 + 4 + 8 + 1.
  let size = 4 + 1 + 5 + 1
  for (const name of names) size += 5 + name.length + 5 + 1
  size += options.partitions.length * 17
  const out = new BodyWriter(size)
  out.int32(CONSUMER_REPLICA)
  out.int8(isolation)
  out.count(byTopic.size, flexible)
  let i = 0
  for (const partitions of byTopic.values()) {
    out.string(names[i++] as Buffer, flexible)
    out.count(partitions.length, flexible)
    for (const p of partitions) {
      out.int32(p.partition)
      out.int32(p.leaderEpoch)
      // A negative int64 whose high half is all ones.
      out.int32(-1)
      out.int32(timestamp)
      if (flexible) out.int8(0)
    }
    if (flexible) out.int8(0)
  }
  if (flexible) out.int8(0)
  return out.done()
}

/** The response body: per topic and partition the error code and offset (the timestamp and epoch skipped). */
export function decodeListOffsets(reader: Reader, flexible: boolean): OffsetRecord[] {
  const r = BodyReader.rest(reader, 'ListOffsets')
  r.skip(4) // throttle time
  const out: OffsetRecord[] = []
  const topics = r.count(flexible)
  for (let t = 0; t < topics; t++) {
    const topic = r.string(flexible)
    const partitions = r.count(flexible)
    for (let p = 0; p < partitions; p++) {
      const partition = r.int32()
      const errorCode = r.int16()
      r.skip(8) // timestamp
      const offset = r.int64()
      r.skip(4) // leader epoch
      if (flexible) r.taggedFields()
      out.push({ topic, partition, errorCode, offset: errorCode === 0 && offset >= 0 ? offset : null })
    }
    if (flexible) r.taggedFields()
  }
  if (flexible) r.taggedFields()
  return out
}

/** Big-endian writes into one Buffer sized up front. */
class BodyWriter {
  readonly #buf: Buffer
  #at = 0

  constructor(size: number) {
    this.#buf = Buffer.allocUnsafe(size)
  }

  int8(v: number): void {
    this.#at = this.#buf.writeInt8(v, this.#at)
  }

  int32(v: number): void {
    this.#at = this.#buf.writeInt32BE(v, this.#at)
  }

  uvarint(v: number): void {
    let n = v
    while (n >= 0x80) {
      this.#buf[this.#at++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    this.#buf[this.#at++] = n
  }

  /** An array's length: int32, or (flexible) unsigned varint of length + 1. */
  count(n: number, flexible: boolean): void {
    if (flexible) this.uvarint(n + 1)
    else this.int32(n)
  }

  string(s: Buffer, flexible: boolean): void {
    if (flexible) this.uvarint(s.length + 1)
    else this.#at = this.#buf.writeInt16BE(s.length, this.#at)
    this.#at += s.copy(this.#buf, this.#at)
  }

  done(): Buffer {
    return this.#buf.subarray(0, this.#at)
  }
}
