import type { RecordTimestamp, RecordTimestampQuery } from './types.js'

/** Timestamp type bit of a record batch's attributes: set = LogAppendTime (broker clock), clear = CreateTime. */
const LOG_APPEND_TIME = 0x08
/** Control bit: the batch holds transaction markers, not data a consumer ever sees. */
const CONTROL = 0x20
/** A record batch of a Fetch response, header fields and (decoded when read: record-batches.ts) its records. */
export interface Batch {
  readonly firstOffset: bigint
  /** Bytes after the batch's offset and length fields (12 bytes). */
  readonly length: number
  readonly attributes: number
  readonly lastOffsetDelta: number
  readonly firstTimestamp: bigint
  readonly maxTimestamp: bigint
  readonly producerId: bigint
  /** Offset and timestamp deltas; the key only of control records (their type: abort or commit). */
  readonly records: readonly {
    readonly offsetDelta: number
    readonly timestampDelta: bigint
    readonly key?: Buffer | null
  }[]
}

/** A partition of a Fetch response (fetch.ts). */
export interface FetchedPartition {
  readonly partitionIndex: number
  readonly errorCode: number
  readonly highWatermark: bigint
  /** -1 when the broker does not say. */
  readonly lastStableOffset: bigint
  /** Only in read_committed answers: the aborted transactions overlapping the returned range. */
  readonly abortedTransactions?: readonly { producerId: bigint; firstOffset: bigint }[] | null
  readonly records?: readonly Batch[]
}

export interface FetchedTopic {
  readonly topicId: string
  readonly partitions: readonly FetchedPartition[]
}

/**
 * The timestamp of the first record at or after `offset` (the first one the group has not consumed), from the
 * batches a Fetch returned. Append-time topics carry the broker's time in the batch's max timestamp.
 */
export function timestampAt(
  batches: readonly Batch[] | undefined,
  offset: number,
): { timestamp: number; type: 'create' | 'append' } | null {
  for (const batch of batches ?? []) {
    const first = Number(batch.firstOffset)
    if (first + batch.lastOffsetDelta < offset) continue
    // A transaction marker is not a record anyone consumes: its timestamp is not "the first unconsumed message".
    if ((batch.attributes & CONTROL) !== 0) continue
    const type = (batch.attributes & LOG_APPEND_TIME) !== 0 ? 'append' : 'create'
    if (type === 'append') return { timestamp: Number(batch.maxTimestamp), type }
    for (const record of batch.records) {
      if (first + record.offsetDelta >= offset) {
        return { timestamp: Number(batch.firstTimestamp + record.timestampDelta), type }
      }
    }
  }
  return null
}

/**
 * The timestamp of the record at each offset, read-uncommitted (the first record of an open transaction at the last
 * stable offset, which a read_committed Fetch does not return).
 */
export function toOffsetTimestamps(
  queries: readonly RecordTimestampQuery[],
  responses: readonly FetchedTopic[],
): RecordTimestamp[] {
  const found = fetchedByPartition(responses)
  const counted = new Set<FetchedPartition>()
  return queries.map((q) => {
    const p = found.get(`${q.topicId}:${q.partition}`)
    const ts = p && p.errorCode === 0 ? timestampAt(p.records, q.offset) : null
    return {
      topic: q.topic,
      partition: q.partition,
      offset: q.offset,
      errorCode: p?.errorCode ?? -1,
      timestamp: ts?.timestamp ?? null,
      timestampType: ts?.type ?? null,
      markersOnly: false,
      openTransaction: false,
      lastStable: p ? lastStableOf(p) : null,
      bytes: bytesOnce(counted, p),
    }
  })
}

export function fetchedByPartition(responses: readonly FetchedTopic[]): Map<string, FetchedPartition> {
  const found = new Map<string, FetchedPartition>()
  for (const t of responses) for (const p of t.partitions) found.set(`${t.topicId}:${p.partitionIndex}`, p)
  return found
}

/** Size of the batches returned for a partition the first time it is asked about (`counted` remembers), else 0. */
export function bytesOnce(counted: Set<FetchedPartition>, p: FetchedPartition | undefined): number {
  if (!p || counted.has(p)) return 0
  counted.add(p)
  let n = 0
  for (const b of p.records ?? []) n += 12 + b.length
  return n
}

export function lastStableOf(p: FetchedPartition): number | null {
  return p.errorCode === 0 && p.lastStableOffset >= 0n ? Number(p.lastStableOffset) : null
}
