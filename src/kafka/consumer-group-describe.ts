import { consumerGroupDescribeV0, type Reader } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'
import type { GroupDescriptionRecord } from './types.js'

/**
 * ConsumerGroupDescribe v0 (KIP-848) with our own response parser: @platformatic/kafka 1.35 reads
 * SubscribedTopicNames as one string instead of an array and skips the Assignment struct's tagged fields, so every
 * response with a member fails to parse ("Out of bounds") against Kafka 4.x. The request encoder is the library's.
 * Schema: clients/src/main/resources/common/message/ConsumerGroupDescribeResponse.json (flexible, compact fields).
 */
export interface DescribedConsumerGroup {
  errorCode: number
  groupId: string
  groupState: string
  assignorName: string
  members: {
    memberId: string
    instanceId: string | null
    clientId: string
    clientHost: string
    assignment: { topicName: string; partitions: number[] }[]
  }[]
}

function readAssignment(r: Reader): { topicName: string; partitions: number[] }[] {
  const topics = r.readArray((t) => {
    t.readUUID()
    return { topicName: t.readString(), partitions: t.readArray((p) => p.readInt32(), true, false) }
  })
  r.readTaggedFields()
  return topics
}

export function parseConsumerGroupDescribe(
  _correlationId: number,
  _apiKey: number,
  _apiVersion: number,
  reader: Reader,
): { groups: DescribedConsumerGroup[] } {
  reader.readInt32() // throttle time
  const groups = reader.readArray((r) => {
    const errorCode = r.readInt16()
    r.readNullableString() // error message
    const groupId = r.readString()
    const groupState = r.readString()
    r.readInt32() // group epoch
    r.readInt32() // assignment epoch
    const assignorName = r.readString()
    const members = r.readArray((m) => {
      const member = {
        memberId: m.readString(),
        instanceId: m.readNullableString(),
        rackId: m.readNullableString(),
        memberEpoch: m.readInt32(),
        clientId: m.readString(),
        clientHost: m.readString(),
      }
      m.readArray((s) => s.readString(), true, false) // subscribed topic names
      m.readNullableString() // subscribed topic regex
      const assignment = readAssignment(m)
      readAssignment(m) // target assignment
      return {
        memberId: member.memberId,
        instanceId: member.instanceId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        assignment,
      }
    })
    r.readInt32() // authorized operations
    return { errorCode, groupId, groupState, assignorName, members }
  })
  reader.readTaggedFields()
  return { groups }
}

export interface ConsumerGroupDescribeOptions {
  /** Consumer-protocol (KIP-848) groups this coordinator owns. */
  readonly groupIds: readonly string[]
}

/** KIP-848 consumer-protocol groups; v0 is the only version brokers must have, and all this parser reads. */
export function consumerGroupDescribeRequest(
  options: ConsumerGroupDescribeOptions,
): ApiCall<GroupDescriptionRecord[]> {
  return {
    api: 'ConsumerGroupDescribe',
    key: 69,
    minVersion: 0,
    maxVersion: 0,
    headers: () => ({ requestTags: true, responseTags: true }),
    // Without the authorized operations, which a monitor does not use.
    encode: () => consumerGroupDescribeV0.createRequest([...options.groupIds], false),
    decode: (reader) => toGroupDescriptions(parseConsumerGroupDescribe(0, 69, 0, reader).groups),
  }
}

function toGroupDescriptions(groups: readonly DescribedConsumerGroup[]): GroupDescriptionRecord[] {
  return groups.map((g) => ({
    groupId: g.groupId,
    errorCode: g.errorCode,
    state: g.groupState.toUpperCase(),
    protocolType: 'consumer',
    assignor: g.assignorName,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      assignments: m.assignment.flatMap((tp) =>
        tp.partitions.map((partition) => ({ topic: tp.topicName, partition })),
      ),
    })),
  }))
}
