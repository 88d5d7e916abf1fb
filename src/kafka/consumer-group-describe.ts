import { consumerGroupDescribeV0, createAPI, type Reader } from '@platformatic/kafka'

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

export const consumerGroupDescribe = createAPI<
  [groupIds: string[], includeAuthorizedOperations: boolean],
  ReturnType<typeof parseConsumerGroupDescribe>
>(69, 0, consumerGroupDescribeV0.createRequest, parseConsumerGroupDescribe)
