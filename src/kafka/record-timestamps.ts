import type { RecordTimestamp, RecordTimestampQuery } from './types.js'

/** Timestamp type bit of a record batch's attributes: set = LogAppendTime (broker clock), clear = CreateTime. */
const LOG_APPEND_TIME = 0x08
/** Control bit: the batch holds transaction markers, not data a consumer ever sees. */
const CONTROL = 0x20
/** Large enough for a typical producer batch; bigger first batches only come back for the first partition (KIP-74). */
export const PARTITION_MAX_BYTES = 256 * 1024

/** What is read of a record batch; `records` may be decoded only when read (fetch-response.ts). */
export interface RecordBatch {
  readonly firstOffset: bigint
  readonly attributes: number
  readonly lastOffsetDelta: number
  readonly firstTimestamp: bigint
  readonly maxTimestamp: bigint
  readonly records: readonly { readonly offsetDelta: number; readonly timestampDelta: bigint }[]
}

export interface FetchedPartition {
  partitionIndex: number
  errorCode: number
  highWatermark: bigint
  records?: RecordBatch[]
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
 * The timestamp of the first record at or after `offset` (the first one the group has not consumed), from the
 * batches a Fetch returned. Append-time topics carry the broker's time in the batch's max timestamp.
 */
export function timestampAt(
  batches: readonly RecordBatch[] | undefined,
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
 * True when everything from `offset` up to the high watermark is transaction markers: an exactly-once consumer that
 * is idle commits the offset of the marker, so it is caught up although its lag in messages is 1 (or more).
 */
export function markersOnly(
  batches: readonly RecordBatch[] | undefined,
  offset: number,
  highWatermark: number,
): boolean {
  let next = offset
  for (const batch of batches ?? []) {
    const first = Number(batch.firstOffset)
    const last = first + batch.lastOffsetDelta
    if (last < next) continue
    if ((batch.attributes & CONTROL) === 0 || first > next) return false
    next = last + 1
  }
  return next > offset && next >= highWatermark
}

export function toRecordTimestamps(
  queries: readonly RecordTimestampQuery[],
  responses: { topicId: string; partitions: FetchedPartition[] }[],
): RecordTimestamp[] {
  const found = new Map<string, FetchedPartition>()
  for (const t of responses) for (const p of t.partitions) found.set(`${t.topicId}:${p.partitionIndex}`, p)
  return queries.map((q) => {
    const p = found.get(`${q.topicId}:${q.partition}`)
    const ts = p && p.errorCode === 0 ? timestampAt(p.records, q.offset) : null
    const onlyMarkers =
      !!p && p.errorCode === 0 && ts === null && markersOnly(p.records, q.offset, Number(p.highWatermark))
    return {
      topic: q.topic,
      partition: q.partition,
      offset: q.offset,
      errorCode: p?.errorCode ?? -1,
      timestamp: ts?.timestamp ?? null,
      timestampType: ts?.type ?? null,
      markersOnly: onlyMarkers,
    }
  })
}
