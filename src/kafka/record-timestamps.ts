import type { RecordTimestamp, RecordTimestampQuery } from './types.js'

/** Timestamp type bit of a record batch's attributes: set = LogAppendTime (broker clock), clear = CreateTime. */
const LOG_APPEND_TIME = 0x08
/** Control bit: the batch holds transaction markers, not data a consumer ever sees. */
const CONTROL = 0x20
/** Large enough for a typical producer batch; bigger first batches only come back for the first partition (KIP-74). */
export const PARTITION_MAX_BYTES = 256 * 1024

/** A record batch as @platformatic/kafka decodes it from a Fetch response (the fields used here). */
export interface Batch {
  firstOffset: bigint
  /** Bytes after the batch's offset and length fields (12 bytes). */
  length: number
  attributes: number
  lastOffsetDelta: number
  firstTimestamp: bigint
  maxTimestamp: bigint
  producerId: bigint
  records: { offsetDelta: number; timestampDelta: bigint; key?: Buffer | null }[]
}

export interface FetchedPartition {
  partitionIndex: number
  errorCode: number
  highWatermark: bigint
  /** -1 when the broker does not say. */
  lastStableOffset: bigint
  /** Only in read_committed answers: the aborted transactions overlapping the returned range. */
  abortedTransactions?: { producerId: bigint; firstOffset: bigint }[] | null
  records?: Batch[]
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
  responses: { topicId: string; partitions: FetchedPartition[] }[],
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

export function fetchedByPartition(
  responses: { topicId: string; partitions: FetchedPartition[] }[],
): Map<string, FetchedPartition> {
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
