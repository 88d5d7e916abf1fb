import type { Reader } from '@platformatic/kafka'
import { type ApiCall, flexibleFrom, libraryCodec } from './api-call.js'
import { readBatches } from './record-batches.js'
import type { FetchedPartition, FetchedTopic } from './record-timestamps.js'
import type { RecordTimestampQuery } from './types.js'

/** Large enough for a typical producer batch; bigger first batches only come back for the first partition (KIP-74). */
export const PARTITION_MAX_BYTES = 256 * 1024

export interface FetchAnswer {
  /** A top-level error (e.g. a fetch session error); the partitions carry their own. */
  readonly errorCode: number
  readonly topics: readonly FetchedTopic[]
}

export interface FetchOptions {
  /** Records at or after each query's offset, from the partitions' leader (the asked broker). */
  readonly queries: readonly RecordTimestampQuery[]
  /** Bound of the whole response. */
  readonly maxBytes: number
  /** read_committed stops at the last stable offset and lists the aborted transactions of the range. */
  readonly isolation: 'read_committed' | 'read_uncommitted'
}

type RequestArgs = [
  maxWaitMs: number,
  minBytes: number,
  maxBytes: number,
  isolationLevel: number,
  sessionId: number,
  sessionEpoch: number,
  topics: ReturnType<typeof fetchTopics>,
  forgottenTopicsData: [],
  rackId: string,
]

/**
 * A one-off Fetch by topic id (v13–v17; the response layout is the same across them). The request is encoded by
 * the library; the response is decoded here (decodeFetchResponse), reading record batch headers only.
 */
export function fetchRequest(options: FetchOptions): ApiCall<FetchAnswer> {
  const args = requestArgs(options, options.queries)
  return {
    api: 'Fetch',
    key: 1,
    minVersion: 13,
    maxVersion: 17,
    headers: flexibleFrom(12),
    encode: (version) => libraryCodec<RequestArgs, unknown>('Fetch', version).createRequest(...args),
    decode: (reader) => decodeFetchResponse(bodyOf(reader)),
  }
}

/**
 * The same Fetch by topic name (v12), for brokers before Kafka 3.1 (2.7–3.0), which have no topic ids in Fetch.
 * The answer carries the queries' topic ids, so it reads as fetchRequest's does.
 */
export function fetchByNameRequest(options: FetchOptions): ApiCall<FetchAnswer> {
  const ids = new Map(options.queries.map((q) => [q.topic, q.topicId]))
  // The library's v12 codec writes the `topicId` field as the topic name.
  const args = requestArgs(
    options,
    options.queries.map((q) => ({ ...q, topicId: q.topic })),
  )
  return {
    api: 'Fetch',
    key: 1,
    minVersion: 12,
    maxVersion: 12,
    headers: flexibleFrom(12),
    encode: (version) => libraryCodec<RequestArgs, unknown>('Fetch', version).createRequest(...args),
    decode: (reader) => {
      const answer = decodeFetchResponse(bodyOf(reader), 'name')
      const topics = answer.topics.map((t) => ({ ...t, topicId: ids.get(t.topicId) ?? t.topicId }))
      return { errorCode: answer.errorCode, topics }
    },
  }
}

function requestArgs(options: FetchOptions, queries: readonly RecordTimestampQuery[]): RequestArgs {
  return [
    // maxWait 0 and minBytes 0: answer at once with what is there.
    0,
    0,
    options.maxBytes,
    options.isolation === 'read_committed' ? 1 : 0,
    // No fetch session (id 0, epoch -1): a full fetch each time, nothing kept on the broker.
    0,
    -1,
    fetchTopics(queries),
    [],
    '',
  ]
}

/** The response body as one Buffer (a response that came in several socket chunks is copied once). */
function bodyOf(reader: Reader): Buffer {
  return reader.buffer.slice(reader.position, reader.buffer.length)
}

/**
 * Fetch request topics (by topic id, v13+) for one leader: one entry per partition, at the lowest wanted offset. A
 * partition may appear only once in a Fetch (the broker keeps the last duplicate), and several groups often want the
 * same partition at nearby offsets, which the returned batches usually cover; the rest are asked in a later poll.
 */
export function fetchTopics(queries: readonly RecordTimestampQuery[]) {
  const byTopic = new Map<string, { topicId: string; partitions: Map<number, FetchPartition> }>()
  for (const q of queries) {
    let t = byTopic.get(q.topicId)
    if (!t) {
      t = { topicId: q.topicId, partitions: new Map() }
      byTopic.set(q.topicId, t)
    }
    const known = t.partitions.get(q.partition)
    if (known && known.fetchOffset <= BigInt(q.offset)) continue
    t.partitions.set(q.partition, {
      partition: q.partition,
      currentLeaderEpoch: q.leaderEpoch,
      fetchOffset: BigInt(q.offset),
      lastFetchedEpoch: -1,
      logStartOffset: -1n,
      partitionMaxBytes: PARTITION_MAX_BYTES,
    })
  }
  return [...byTopic.values()].map((t) => ({ topicId: t.topicId, partitions: [...t.partitions.values()] }))
}

interface FetchPartition {
  partition: number
  currentLeaderEpoch: number
  fetchOffset: bigint
  lastFetchedEpoch: number
  logStartOffset: bigint
  partitionMaxBytes: number
}

/**
 * Fetch response v12–v17 (flexible: compact arrays, tagged fields; FetchResponse.json); v12 names topics, v13+
 * gives their ids. Record batches are read
 * header first (record-batches.ts); the fields after them (v16's current leader and node endpoints) are tagged.
 */
export function decodeFetchResponse(body: Buffer, topicsBy: 'id' | 'name' = 'id'): FetchAnswer {
  const r = new Cursor(body)
  r.skip(4) // throttle_time_ms
  const errorCode = r.int16()
  r.skip(4) // session_id
  const topics = r.array(() => {
    const topicId = topicsBy === 'id' ? r.uuid() : r.compactString()
    const partitions = r.array((): FetchedPartition => {
      const partitionIndex = r.int32()
      const partitionError = r.int16()
      const highWatermark = r.int64()
      const lastStableOffset = r.int64()
      r.skip(8) // log_start_offset
      const abortedTransactions = r.nullableArray(() => {
        const aborted = { producerId: r.int64(), firstOffset: r.int64() }
        r.tags()
        return aborted
      })
      r.skip(4) // preferred_read_replica
      const size = r.uvarint() - 1 // COMPACT_RECORDS: length + 1, 0 = null
      const records = size > 0 ? readBatches(r.bytes(size)) : []
      r.tags()
      return {
        partitionIndex,
        errorCode: partitionError,
        highWatermark,
        lastStableOffset,
        abortedTransactions,
        records,
      }
    })
    r.tags()
    return { topicId, partitions }
  })
  r.tags()
  return { errorCode, topics }
}

/** A read position in a response body; reading past its end throws (a truncated or misread response). */
class Cursor {
  at = 0
  constructor(private readonly buf: Buffer) {}

  #take(n: number): number {
    const at = this.at
    if (n < 0 || at + n > this.buf.length) throw new RangeError('the Fetch response ends early')
    this.at = at + n
    return at
  }
  skip(n: number): void {
    this.#take(n)
  }
  int16(): number {
    return this.buf.readInt16BE(this.#take(2))
  }
  int32(): number {
    return this.buf.readInt32BE(this.#take(4))
  }
  int64(): bigint {
    return this.buf.readBigInt64BE(this.#take(8))
  }
  bytes(n: number): Buffer {
    const at = this.#take(n)
    return this.buf.subarray(at, at + n)
  }
  compactString(): string {
    const n = this.uvarint() - 1
    return this.bytes(Math.max(0, n)).toString('utf8')
  }
  uuid(): string {
    const hex = this.bytes(16).toString('hex')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  uvarint(): number {
    let value = 0
    let scale = 1
    for (;;) {
      const byte = this.buf[this.#take(1)] as number
      value += (byte & 0x7f) * scale
      if (byte < 0x80) return value
      scale *= 128
    }
  }
  array<T>(item: () => T): T[] {
    return this.nullableArray(item) ?? []
  }
  nullableArray<T>(item: () => T): T[] | null {
    const n = this.uvarint() - 1 // compact: length + 1, 0 = null
    if (n < 0) return null
    const out: T[] = []
    for (let i = 0; i < n; i++) out.push(item())
    return out
  }
  /** Tagged fields: none is used, each is skipped by its size. */
  tags(): void {
    const count = this.uvarint()
    for (let i = 0; i < count; i++) {
      this.uvarint() // tag
      this.skip(this.uvarint())
    }
  }
}
