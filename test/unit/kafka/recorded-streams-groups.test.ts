import { describe, expect, it } from 'vitest'
import { streamsGroupDescribeRequest } from '../../../src/kafka/streams-group-describe.js'
import { RECORDED } from '../../support/recorded-data.js'
import { fixture, KAFKA_VERSIONS } from '../../support/recorded-fixtures.js'

/**
 * The StreamsGroupDescribe (KIP-1071) decoder on an answer recorded from a real Kafka 4.4 broker by
 * test/support/record-responses.ts: rec-streams is a real Kafka Streams app (two stream threads) copying rec-plain
 * to rec-streams-out. Kafka 3.9 does not implement the API.
 */
const { plain, groups, streamsSink } = RECORDED
const STREAMS_VERSIONS = KAFKA_VERSIONS.filter((v) => !v.startsWith('3.'))

describe('StreamsGroupDescribe', () => {
  it('has no recorded answer on Kafka 3.9 (the broker does not implement it)', () => {
    for (const v of KAFKA_VERSIONS.filter((k) => k.startsWith('3.')))
      expect(() => fixture(v, 'streams-group-describe-v%v')).toThrow(/found 0/)
  })
})

describe.each(STREAMS_VERSIONS)('recorded StreamsGroupDescribe answer of Kafka %s', (kafka) => {
  it('two stream threads of one instance sharing the tasks; an unknown group', () => {
    const { reader, version } = fixture(kafka, 'streams-group-describe-v%v')
    expect(version).toBe(1)
    const answer = streamsGroupDescribeRequest({ groupIds: [groups.streams, 'no-such-group'] }).decode(
      reader,
      version,
    )
    // The broker answers in its own order.
    const app = answer.find((g) => g.groupId === groups.streams)
    const unknown = answer.find((g) => g.groupId === 'no-such-group')
    // The whole answer was read: nothing left over, nothing missing.
    expect(reader.position).toBe(reader.buffer.length)
    expect(app).toMatchObject({
      groupId: groups.streams,
      errorCode: 0,
      state: 'STABLE',
      assignor: 'sticky',
      // A first deployment: the topology's first epoch, one subtopology (source → sink).
      topologyEpoch: 0,
      subtopologies: 1,
    })
    expect(app?.groupEpoch).toBeGreaterThan(0)
    expect(app?.assignmentEpoch).toBe(app?.groupEpoch)
    expect(app?.members).toHaveLength(2)
    for (const m of app?.members ?? []) {
      expect(m.memberId).toMatch(/^[\w-]{22}$/)
      // One process (KafkaStreams instance), two threads: its client ids name the process and the thread.
      expect(m.processId).toBe(app?.members[0]?.processId)
      expect(m.clientId).toMatch(new RegExp(`^${groups.streams}-${m.processId}-StreamThread-[12]-consumer$`))
      expect(m).toMatchObject({
        clientHost: '/127.0.0.1',
        instanceId: null,
        topologyEpoch: 0,
        isClassic: false,
      })
      expect(m.tasks.standby).toBe(0)
      expect(m.tasks.warmup).toBe(0)
      // Each active task reads its partition of the source topic (never of the sink).
      expect(m.assignments.length).toBe(m.tasks.active)
      expect(m.assignments.every((a) => a.topic === plain.topic)).toBe(true)
      expect(m.assignments.some((a) => a.topic === streamsSink)).toBe(false)
    }
    // Every input partition is one member's task, exactly once.
    const assigned = (app?.members ?? []).flatMap((m) => m.assignments.map((a) => a.partition)).sort()
    expect(assigned).toEqual(Array.from({ length: plain.partitions }, (_, p) => p))
    expect(unknown).toMatchObject({ groupId: 'no-such-group', errorCode: 69, members: [] })
  })
})
