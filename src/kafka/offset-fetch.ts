import type { Reader } from '@platformatic/kafka'
import { type ApiCall, flexibleFrom, libraryCodec } from './api-call.js'
import { BodyReader } from './body-reader.js'
import type { CommittedOffset, GroupOffsetsRecord } from './types.js'

interface RequestGroup {
  groupId: string
  memberId: null
  memberEpoch: number
  topics: null
}

export interface OffsetFetchOptions {
  /** Groups this coordinator owns; every committed partition of each is returned. */
  readonly groupIds: readonly string[]
}

const API = 'OffsetFetch'
const KEY = 9

/**
 * Committed offsets of many groups at once (v8+), from their coordinator. The request is the library's; the answer
 * is read by our own decoder: it carries every committed partition of every group the coordinator owns (22,000 a
 * poll at the scale issue's shape), which the library read into an object per partition with its offset as a
 * BigInt, then mapped again (bench/README.md). Offsets are read as two 32-bit halves, straight into our records.
 */
export function offsetFetchRequest(options: OffsetFetchOptions): ApiCall<GroupOffsetsRecord[]> {
  // As an admin, not a member: no member id, epoch -1; topics null = all of the group's partitions.
  const groups: RequestGroup[] = options.groupIds.map((groupId) => ({
    groupId,
    memberId: null,
    memberEpoch: -1,
    topics: null,
  }))
  return {
    api: API,
    key: KEY,
    minVersion: 8,
    maxVersion: 9,
    headers: flexibleFrom(6),
    // requireStable false: offsets of pending transactional commits are not waited for (a monitor must not block).
    encode: (version) =>
      libraryCodec<[RequestGroup[], boolean], unknown>(API, version).createRequest(groups, false),
    decode: (reader) => decodeOffsetFetch(reader),
  }
}

/**
 * The v8–v9 answer (flexible): per group its id, per topic and partition the committed offset and error code
 * (leader epoch and metadata skipped), then the group's error code.
 */
export function decodeOffsetFetch(reader: Reader): GroupOffsetsRecord[] {
  const r = BodyReader.rest(reader, API)
  r.skip(4) // throttle time
  const out: GroupOffsetsRecord[] = []
  const groups = r.count(true)
  for (let g = 0; g < groups; g++) {
    const groupId = r.string(true)
    const offsets = readCommittedTopics(r)
    const errorCode = r.int16()
    r.taggedFields()
    out.push({ groupId, errorCode, offsets })
  }
  r.taggedFields()
  return out
}

/**
 * A group's topics as every flexible OffsetFetch answer has them (v6–v7 for one group, offset-fetch-group.ts, and
 * v8+ per group): per topic its name and per partition the committed offset, leader epoch, metadata and error
 * code. Only committed offsets are returned: -1 means the partition has none, which is not an error.
 */
export function readCommittedTopics(r: BodyReader): CommittedOffset[] {
  const offsets: CommittedOffset[] = []
  const topics = r.count(true)
  for (let t = 0; t < topics; t++) {
    const topic = r.string(true)
    const partitions = r.count(true)
    for (let p = 0; p < partitions; p++) {
      const partition = r.int32()
      const offset = r.int64()
      r.skip(4) // committed leader epoch
      r.skipString(true) // metadata
      const errorCode = r.int16()
      r.taggedFields()
      if (errorCode === 0 && offset >= 0) offsets.push({ topic, partition, offset })
    }
    r.taggedFields()
  }
  return offsets
}
