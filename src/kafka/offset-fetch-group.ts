import { type Reader, Writer } from '@platformatic/kafka'
import { type ApiCall, flexibleFrom } from './api-call.js'
import { BodyReader } from './body-reader.js'
import { readCommittedTopics } from './offset-fetch.js'
import type { GroupOffsetsRecord } from './types.js'

/**
 * Committed offsets of ONE group (OffsetFetch v6–v7), for brokers older than Kafka 3.0, which lack the multi-group
 * v8 (KIP-709). Our own codec: the library implements OffsetFetch from v8 only. Both versions are flexible
 * (OffsetFetchRequest.json / OffsetFetchResponse.json):
 *   request:  group_id COMPACT_STRING, topics COMPACT_NULLABLE_ARRAY (null: all the group's partitions),
 *             require_stable BOOLEAN (v7+), tags
 *   response: throttle_time_ms INT32, topics [name COMPACT_STRING, partitions [partition_index INT32,
 *             committed_offset INT64, committed_leader_epoch INT32, metadata COMPACT_NULLABLE_STRING,
 *             error_code INT16, tags], tags], error_code INT16, tags
 */
export function offsetFetchGroupRequest(groupId: string): ApiCall<GroupOffsetsRecord[]> {
  return {
    api: 'OffsetFetch',
    key: 9,
    minVersion: 6,
    maxVersion: 7,
    headers: flexibleFrom(6),
    encode: (version) => {
      const w = Writer.create()
        .appendString(groupId)
        .appendArray(null, () => undefined)
      // require_stable false, as with v8: a monitor must not wait for pending transactional commits.
      if (version >= 7) w.appendBoolean(false)
      return w.appendTaggedFields()
    },
    decode: (reader) => [decodeOffsetFetchGroup(reader, groupId)],
  }
}

export function decodeOffsetFetchGroup(reader: Reader, groupId: string): GroupOffsetsRecord {
  const r = BodyReader.rest(reader, 'OffsetFetch')
  r.skip(4) // throttle_time_ms
  // The same topics as in a v8+ group, and the same rule: -1 means no committed offset, which is not an error.
  const offsets = readCommittedTopics(r)
  const errorCode = r.int16()
  r.taggedFields()
  return { groupId, errorCode, offsets }
}
