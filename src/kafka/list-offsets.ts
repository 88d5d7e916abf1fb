import { type ApiCall, libraryCall } from './api-call.js'
import type { OffsetQuery, OffsetRecord, OffsetSpec } from './types.js'

/** ListOffsets v5–v9 as the library's parsers return it (the fields used). */
interface ListOffsetsResponse {
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number; offset: bigint }[] }[]
}

interface RequestTopic {
  name: string
  partitions: { partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }[]
}

/** Special timestamps of ListOffsets: the log start offset, and the latest (high watermark or last stable offset). */
const EARLIEST = -2n
const LATEST = -1n
const READ_UNCOMMITTED = 0
const READ_COMMITTED = 1
/** Asked as a consumer, not as a follower replica. */
const CONSUMER_REPLICA = -1

export interface ListOffsetsOptions {
  /** Partitions the asked broker leads, with the leader epoch the metadata gave (fenced if stale). */
  readonly partitions: readonly OffsetQuery[]
  readonly spec: OffsetSpec
}

/** Log start, high watermark or last stable offsets of partitions, from their leader. */
export function listOffsetsRequest(options: ListOffsetsOptions): ApiCall<OffsetRecord[]> {
  const timestamp = options.spec === 'earliest' ? EARLIEST : LATEST
  // Read-committed "latest" is the last stable offset: below the high watermark while a transaction is open.
  const isolation = options.spec === 'lastStable' ? READ_COMMITTED : READ_UNCOMMITTED
  const byTopic = new Map<string, RequestTopic>()
  for (const p of options.partitions) {
    let topic = byTopic.get(p.topic)
    if (!topic) {
      topic = { name: p.topic, partitions: [] }
      byTopic.set(p.topic, topic)
    }
    topic.partitions.push({ partitionIndex: p.partition, currentLeaderEpoch: p.leaderEpoch, timestamp })
  }
  const topics = [...byTopic.values()]
  return libraryCall({
    api: 'ListOffsets',
    key: 2,
    minVersion: 5,
    maxVersion: 9,
    headers: (version) => ({ requestTags: version >= 6, responseTags: version >= 6 }),
    args: (): [number, number, RequestTopic[]] => [CONSUMER_REPLICA, isolation, topics],
    map: toOffsetRecords,
  })
}

function toOffsetRecords(response: ListOffsetsResponse): OffsetRecord[] {
  return response.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      errorCode: p.errorCode,
      offset: p.errorCode === 0 && p.offset >= 0n ? Number(p.offset) : null,
    })),
  )
}
