import { Reader } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import {
  type DescribedConsumerGroup,
  parseConsumerGroupDescribe,
} from '../../../src/kafka/consumer-group-describe.js'

/**
 * ConsumerGroupDescribe response v0 built byte by byte from Kafka's schema
 * (clients/src/main/resources/common/message/ConsumerGroupDescribeResponse.json, flexible version):
 * compact arrays and strings are an unsigned varint length + 1, a compact nullable string 0 is null, a UUID is 16
 * bytes, and every struct (and the response itself) ends with its tagged fields: an unsigned varint count, 0 here.
 */
function uvarint(n: number): Buffer {
  const bytes: number[] = []
  let v = n
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  bytes.push(v)
  return Buffer.from(bytes)
}
const int16 = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeInt16BE(n)
  return b
}
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const str = (s: string) => Buffer.concat([uvarint(Buffer.byteLength(s) + 1), Buffer.from(s, 'utf8')])
const nullableStr = (s: string | null) => (s === null ? uvarint(0) : str(s))
const array = <T>(items: readonly T[], encode: (item: T) => Buffer) =>
  Buffer.concat([uvarint(items.length + 1), ...items.map(encode)])
const uuid = (hex: string) => Buffer.from(hex.replaceAll('-', ''), 'hex')
const TAGS = uvarint(0)

interface TopicPartitions {
  topicId: string
  topicName: string
  partitions: number[]
}
interface Member {
  memberId: string
  instanceId: string | null
  rackId: string | null
  memberEpoch: number
  clientId: string
  clientHost: string
  subscribedTopicNames: string[]
  subscribedTopicRegex: string | null
  assignment: TopicPartitions[]
  targetAssignment: TopicPartitions[]
}
interface Group {
  errorCode: number
  errorMessage: string | null
  groupId: string
  groupState: string
  groupEpoch: number
  assignmentEpoch: number
  assignorName: string
  members: Member[]
  authorizedOperations: number
}

const assignment = (tps: TopicPartitions[]) =>
  Buffer.concat([
    array(tps, (tp) =>
      Buffer.concat([uuid(tp.topicId), str(tp.topicName), array(tp.partitions, int32), TAGS]),
    ),
    TAGS,
  ])

const memberBytes = (m: Member) =>
  Buffer.concat([
    str(m.memberId),
    nullableStr(m.instanceId),
    nullableStr(m.rackId),
    int32(m.memberEpoch),
    str(m.clientId),
    str(m.clientHost),
    array(m.subscribedTopicNames, str),
    nullableStr(m.subscribedTopicRegex),
    assignment(m.assignment),
    assignment(m.targetAssignment),
    TAGS,
  ])

const groupBytes = (g: Group) =>
  Buffer.concat([
    int16(g.errorCode),
    nullableStr(g.errorMessage),
    str(g.groupId),
    str(g.groupState),
    int32(g.groupEpoch),
    int32(g.assignmentEpoch),
    str(g.assignorName),
    array(g.members, memberBytes),
    int32(g.authorizedOperations),
    TAGS,
  ])

const response = (groups: Group[], throttleTimeMs = 0) =>
  Buffer.concat([int32(throttleTimeMs), array(groups, groupBytes), TAGS])

const ORDERS = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9'
const PAYMENTS = 'ffeeddcc-bbaa-9988-7766-554433221100'

const m1: Member = {
  memberId: 'member-1-uuid',
  instanceId: null,
  rackId: 'rack-a',
  memberEpoch: 12,
  clientId: 'app-client-1',
  clientHost: '/10.0.0.1',
  subscribedTopicNames: ['orders', 'payments'],
  subscribedTopicRegex: null,
  assignment: [
    { topicId: ORDERS, topicName: 'orders', partitions: [0, 2] },
    { topicId: PAYMENTS, topicName: 'payments', partitions: [1] },
  ],
  // Moving towards: orders 0 only.
  targetAssignment: [{ topicId: ORDERS, topicName: 'orders', partitions: [0] }],
}
const m2: Member = {
  memberId: 'member-2-uuid',
  instanceId: 'static-2',
  rackId: null,
  memberEpoch: 11,
  clientId: 'app-client-2',
  clientHost: '/10.0.0.2',
  subscribedTopicNames: ['orders', 'payments'],
  subscribedTopicRegex: null,
  assignment: [
    { topicId: ORDERS, topicName: 'orders', partitions: [1] },
    { topicId: PAYMENTS, topicName: 'payments', partitions: [0, 2, 3] },
  ],
  targetAssignment: [
    { topicId: ORDERS, topicName: 'orders', partitions: [1, 2] },
    { topicId: PAYMENTS, topicName: 'payments', partitions: [0, 1, 2, 3] },
  ],
}
const stable: Group = {
  errorCode: 0,
  errorMessage: null,
  groupId: 'app',
  groupState: 'Stable',
  groupEpoch: 12,
  assignmentEpoch: 12,
  assignorName: 'uniform',
  members: [m1, m2],
  authorizedOperations: -2147483648,
}
const notFound: Group = {
  errorCode: 69,
  errorMessage: 'Group missing does not exist.',
  groupId: 'missing',
  groupState: '',
  groupEpoch: -1,
  assignmentEpoch: -1,
  assignorName: '',
  members: [],
  authorizedOperations: -2147483648,
}
const empty: Group = {
  errorCode: 0,
  errorMessage: null,
  groupId: 'batch-ünïcode',
  groupState: 'Empty',
  groupEpoch: 3,
  assignmentEpoch: 3,
  assignorName: 'range',
  members: [],
  authorizedOperations: 0,
}
const regexMember: Member = {
  ...m1,
  memberId: 'member-3-uuid',
  subscribedTopicNames: [],
  subscribedTopicRegex: 'orders.*',
  assignment: [],
  targetAssignment: [{ topicId: ORDERS, topicName: 'orders', partitions: [] }],
}

/** What the parser keeps of a group. */
function expected(g: Group): DescribedConsumerGroup {
  return {
    errorCode: g.errorCode,
    groupId: g.groupId,
    groupState: g.groupState,
    assignorName: g.assignorName,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      assignment: m.assignment.map((a) => ({ topicName: a.topicName, partitions: a.partitions })),
    })),
  }
}

describe('parseConsumerGroupDescribe', () => {
  it.each<{ name: string; groups: Group[]; throttle?: number }>([
    { name: 'one group, two members each subscribed to two topics', groups: [stable] },
    { name: 'an error group (GROUP_ID_NOT_FOUND) without members', groups: [notFound] },
    { name: 'two groups in one response', groups: [stable, empty], throttle: 250 },
    { name: 'three groups, one of them an error', groups: [notFound, stable, empty] },
    {
      name: 'a member subscribed by regex with nothing assigned yet',
      groups: [{ ...stable, members: [regexMember, m2] }],
    },
    { name: 'no groups', groups: [] },
  ])('$name', ({ groups, throttle }) => {
    const parsed = parseConsumerGroupDescribe(1, 69, 0, Reader.from(response(groups, throttle)))
    expect(parsed).toEqual({ groups: groups.map(expected) })
  })

  it.each<{ name: string; groups: Group[] }>([
    { name: 'groups with members', groups: [stable, { ...stable, groupId: 'app2', members: [regexMember] }] },
    { name: 'an error group', groups: [notFound] },
    { name: 'no groups', groups: [] },
  ])('consumes the whole response, up to its top-level tagged fields: $name', ({ groups }) => {
    const reader = Reader.from(response(groups))
    parseConsumerGroupDescribe(1, 69, 0, reader)
    expect(reader.remaining).toBe(0)
  })

  it('reads fields in schema order (member fields are not shifted)', () => {
    const parsed = parseConsumerGroupDescribe(1, 69, 0, Reader.from(response([stable])))
    const [group] = parsed.groups
    expect(group?.members.map((m) => [m.memberId, m.instanceId, m.clientId, m.clientHost])).toEqual([
      ['member-1-uuid', null, 'app-client-1', '/10.0.0.1'],
      ['member-2-uuid', 'static-2', 'app-client-2', '/10.0.0.2'],
    ])
    // The current assignment, not the target one.
    expect(group?.members[0]?.assignment).toEqual([
      { topicName: 'orders', partitions: [0, 2] },
      { topicName: 'payments', partitions: [1] },
    ])
  })
})
