import { type Reader, Writer } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'
import type { ShareGroupOffsetsRecord, ShareStartOffset, TopicPartition } from './types.js'

/**
 * DescribeShareGroupOffsets (API key 90, KIP-932) with our own codec: @platformatic/kafka 1.35 has none. Answered
 * by the share groups' coordinator from the share-group state (the share coordinator's __share_group_state), so one
 * request serves all the groups a broker coordinates. Schema (flexible), as Kafka 4.4.0's generated
 * DescribeShareGroupOffsetsResponseData:
 *   throttle_time_ms INT32, groups [group_id, topics [topic_name, topic_id UUID, partitions [partition_index INT32,
 *   start_offset INT64, leader_epoch INT32, lag INT64 (v1+), error_code INT16, error_message NULLABLE_STRING]],
 *   error_code INT16, error_message NULLABLE_STRING]
 */
export function parseDescribeShareGroupOffsets(reader: Reader, version: number): ShareGroupOffsetsRecord[] {
  reader.readInt32() // throttle time
  const groups = reader.readArray((g): ShareGroupOffsetsRecord => {
    const groupId = g.readString()
    const offsets: ShareStartOffset[] = []
    const partitionErrors: (TopicPartition & { errorCode: number })[] = []
    g.readArray((t) => {
      const topic = t.readString()
      t.readUUID()
      t.readArray((p) => {
        const partition = p.readInt32()
        const startOffset = Number(p.readInt64())
        const leaderEpoch = p.readInt32()
        const lag = version >= 1 ? Number(p.readInt64()) : -1
        const errorCode = p.readInt16()
        p.readNullableString() // error message
        if (errorCode !== 0) partitionErrors.push({ topic, partition, errorCode })
        // -1: the share-partition has no state yet (never fetched from), which is not an error.
        else if (startOffset >= 0)
          offsets.push({ topic, partition, startOffset, leaderEpoch, lag: lag >= 0 ? lag : null })
      })
    })
    const errorCode = g.readInt16()
    g.readNullableString() // error message
    return { groupId, errorCode, offsets, partitionErrors }
  })
  reader.readTaggedFields()
  return groups
}

export interface DescribeShareGroupOffsetsOptions {
  /** Share groups this coordinator owns; every partition each has state for is returned (topics null). */
  readonly groupIds: readonly string[]
}

/** Share-partition start offsets (and, v1, the broker's lag) of many share groups at once, from their coordinator. */
export function describeShareGroupOffsetsRequest(
  options: DescribeShareGroupOffsetsOptions,
): ApiCall<ShareGroupOffsetsRecord[]> {
  return {
    api: 'DescribeShareGroupOffsets',
    // The share coordinator may wait on share-group state held elsewhere: on connections of its own, so a
    // waiting answer never holds up this broker's Metadata or ListOffsets (answered in order per connection).
    forwarded: true,
    key: 90,
    minVersion: 0,
    maxVersion: 1,
    headers: () => ({ requestTags: true, responseTags: true }),
    encode: () =>
      Writer.create()
        .appendArray(
          [...options.groupIds],
          // topics null: all of the group's share-partitions.
          (w, id) => w.appendString(id).appendArray(null, () => {}, true, false),
          true,
          true,
        )
        .appendTaggedFields(),
    decode: (reader, version) => parseDescribeShareGroupOffsets(reader, version),
  }
}
