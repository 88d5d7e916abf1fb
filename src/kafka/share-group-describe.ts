import { type Reader, Writer } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'
import type { ShareGroupDescriptionRecord, ShareMemberRecord, TopicPartition } from './types.js'

/**
 * ShareGroupDescribe (API key 77, KIP-932) with our own codec: @platformatic/kafka 1.35 has none. v1 is the only
 * version Kafka 4.1+ brokers accept (v0 was the 4.0 early-access version, removed). Schema (flexible: compact
 * strings and arrays, tagged fields after every struct), as Kafka 4.4.0's generated ShareGroupDescribeResponseData:
 *   throttle_time_ms INT32, groups [error_code INT16, error_message NULLABLE_STRING, group_id, group_state,
 *   group_epoch INT32, assignment_epoch INT32, assignor_name, members [member_id, rack_id NULLABLE_STRING,
 *   member_epoch INT32, client_id, client_host, subscribed_topic_names [STRING],
 *   assignment { topic_partitions [topic_id UUID, topic_name, partitions [INT32]] }], authorized_operations INT32]
 */
export function parseShareGroupDescribe(reader: Reader): ShareGroupDescriptionRecord[] {
  reader.readInt32() // throttle time
  const groups = reader.readArray((r): ShareGroupDescriptionRecord => {
    const errorCode = r.readInt16()
    r.readNullableString() // error message
    const groupId = r.readString()
    const state = r.readString().toUpperCase()
    const groupEpoch = r.readInt32()
    const assignmentEpoch = r.readInt32()
    const assignor = r.readString()
    const members = r.readArray(readMember)
    r.readInt32() // authorized operations
    return { groupId, errorCode, state, groupEpoch, assignmentEpoch, assignor, members }
  })
  reader.readTaggedFields()
  return groups
}

function readMember(m: Reader): ShareMemberRecord {
  const memberId = m.readString()
  const rackId = m.readNullableString()
  const memberEpoch = m.readInt32()
  const clientId = m.readString()
  const clientHost = m.readString()
  const subscribedTopics = m.readArray((s) => s.readString(), true, false)
  const assignments = readAssignment(m)
  return { memberId, memberEpoch, clientId, clientHost, rackId, subscribedTopics, assignments }
}

/** The Assignment struct: not an array entry, so its own tagged fields are read here. */
function readAssignment(r: Reader): TopicPartition[] {
  const topics = r.readArray((t) => {
    t.readUUID()
    return { topic: t.readString(), partitions: t.readArray((p) => p.readInt32(), true, false) }
  })
  r.readTaggedFields()
  return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })))
}

export interface ShareGroupDescribeOptions {
  /** Share groups this coordinator owns. */
  readonly groupIds: readonly string[]
}

/** Share groups' state, epochs and members with their assignments, from their coordinator. */
export function shareGroupDescribeRequest(
  options: ShareGroupDescribeOptions,
): ApiCall<ShareGroupDescriptionRecord[]> {
  return {
    api: 'ShareGroupDescribe',
    // The share coordinator may wait on share-group state held elsewhere: on connections of its own, so a
    // waiting answer never holds up this broker's Metadata or ListOffsets (answered in order per connection).
    forwarded: true,
    key: 77,
    minVersion: 1,
    maxVersion: 1,
    headers: () => ({ requestTags: true, responseTags: true }),
    // Without the authorized operations, which a monitor does not use.
    encode: () =>
      Writer.create()
        .appendArray([...options.groupIds], (w, id) => w.appendString(id), true, false)
        .appendBoolean(false)
        .appendTaggedFields(),
    decode: (reader) => parseShareGroupDescribe(reader),
  }
}
