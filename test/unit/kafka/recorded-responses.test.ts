import { describe, expect, it } from 'vitest'
import type { ApiCall } from '../../../src/kafka/api-call.js'
import { consumerGroupDescribeRequest } from '../../../src/kafka/consumer-group-describe.js'
import { describeConfigsRequest } from '../../../src/kafka/describe-configs.js'
import { describeGroupsRequest } from '../../../src/kafka/describe-groups.js'
import { listGroupsRequest } from '../../../src/kafka/list-groups.js'
import { listOffsetsRequest } from '../../../src/kafka/list-offsets.js'
import { metadataRequest } from '../../../src/kafka/metadata.js'
import { offsetFetchRequest } from '../../../src/kafka/offset-fetch.js'
import { RECORDED } from '../../support/recorded-data.js'
import { fixture, KAFKA_VERSIONS, manifest } from '../../support/recorded-fixtures.js'

/**
 * Each API's decoder on responses recorded from real brokers (test/support/record-responses.ts, which wrote the
 * data described in recorded-data.ts to a one-node cluster first). The Fetch answers are in recorded-fetch.test.ts.
 */
/** The decoder of `call` on the recorded answer: request options do not change how an answer is read. */
function decoded<Out>(kafka: string, name: string, call: ApiCall<Out>): Out {
  const { reader, version } = fixture(kafka, name)
  expect(version).toBeGreaterThanOrEqual(call.minVersion)
  expect(version).toBeLessThanOrEqual(call.maxVersion)
  return call.decode(reader, version)
}

const { plain, compressed, txn, groups } = RECORDED

describe.each(KAFKA_VERSIONS)('recorded answers of Kafka %s', (kafka) => {
  const { brokerId, topicIds } = manifest(kafka)

  it('Metadata: the broker, the topics with their ids and partitions', () => {
    const md = decoded(kafka, 'metadata-v%v', metadataRequest({ topics: 'all' }))
    expect(md.brokers).toEqual([{ id: brokerId, host: '127.0.0.1', port: expect.any(Number), rack: null }])
    expect(md.controllerId).toBe(brokerId)
    expect(md.clusterId).toMatch(/^[\w-]{22}$/)
    const topic = md.topics.find((t) => t.name === plain.topic)
    expect(topic).toMatchObject({ id: topicIds[plain.topic], internal: false, errorCode: 0 })
    // In the broker's order, which is not by partition on 3.9.
    const partitions = [...(topic?.partitions ?? [])].sort((a, b) => a.partition - b.partition)
    expect(partitions.map((p) => [p.partition, p.leader, p.replicas, p.isr, p.errorCode])).toEqual(
      Array.from({ length: plain.partitions }, (_, i) => [i, brokerId, [brokerId], [brokerId], 0]),
    )
    expect(md.topics.find((t) => t.name === '__consumer_offsets')?.internal).toBe(true)
  })

  it('ListGroups: the committed-only group is empty, the member groups stable, each with its type', () => {
    const listed = decoded(kafka, 'list-groups-v%v', listGroupsRequest())
    expect(listed.errorCode).toBe(0)
    const expected: { groupId: string; protocolType: string; state: string; type: string }[] = [
      { groupId: groups.classic, protocolType: 'consumer', state: 'STABLE', type: 'classic' },
      { groupId: groups.committed, protocolType: '', state: 'EMPTY', type: 'classic' },
    ]
    if (kafka.startsWith('4.')) {
      expected.push({ groupId: groups.consumer, protocolType: 'consumer', state: 'STABLE', type: 'consumer' })
      // Share groups are in the same answer (no types filter), with their own type.
      expected.push({ groupId: groups.share, protocolType: 'share', state: 'STABLE', type: 'share' })
      expected.push({ groupId: groups.shareReset, protocolType: 'share', state: 'EMPTY', type: 'share' })
      // And Kafka Streams groups (KIP-1071).
      expected.push({ groupId: groups.streams, protocolType: 'streams', state: 'STABLE', type: 'streams' })
    }
    expect([...listed.groups].sort((a, b) => a.groupId.localeCompare(b.groupId))).toEqual(
      expected.sort((a, b) => a.groupId.localeCompare(b.groupId)),
    )
  })

  it('DescribeGroups: the classic member and its assignment; an unknown group is dead', () => {
    const [classic, unknown] = decoded(kafka, 'describe-groups-v%v', describeGroupsRequest({ groupIds: [] }))
    expect(classic).toMatchObject({
      groupId: groups.classic,
      errorCode: 0,
      state: 'STABLE',
      protocolType: 'consumer',
    })
    expect(classic?.members).toHaveLength(1)
    expect(classic?.members[0]).toMatchObject({ clientId: `test-${groups.classic}`, instanceId: null })
    expect(classic?.members[0]?.assignments).toEqual(
      Array.from({ length: plain.partitions }, (_, partition) => ({ topic: plain.topic, partition })),
    )
    expect(unknown).toMatchObject({ groupId: 'no-such-group', errorCode: 0, state: 'DEAD', members: [] })
  })

  it.runIf(kafka.startsWith('4.'))('ConsumerGroupDescribe: the KIP-848 member and its assignment', () => {
    const [group] = decoded(
      kafka,
      'consumer-group-describe-v%v',
      consumerGroupDescribeRequest({ groupIds: [] }),
    )
    expect(group).toMatchObject({
      groupId: groups.consumer,
      errorCode: 0,
      state: 'STABLE',
      assignor: 'uniform',
    })
    expect(group?.members.map((m) => m.clientId)).toEqual([`test-${groups.consumer}`])
    expect([...(group?.members[0]?.assignments ?? [])].sort((a, b) => a.partition - b.partition)).toEqual(
      Array.from({ length: plain.partitions }, (_, partition) => ({ topic: plain.topic, partition })),
    )
  })

  it('OffsetFetch: the committed offsets; a group without any has none, without an error', () => {
    const [committed, unknown] = decoded(kafka, 'offset-fetch-v%v', offsetFetchRequest({ groupIds: [] }))
    expect(committed?.errorCode).toBe(0)
    expect([...(committed?.offsets ?? [])].sort((a, b) => a.partition - b.partition)).toEqual([
      { topic: plain.topic, partition: 0, offset: 5 },
      { topic: plain.topic, partition: 2, offset: 11 },
    ])
    expect(unknown).toEqual({ groupId: 'no-such-group', errorCode: 0, offsets: [] })
  })

  it.each([
    ['earliest', { plain: 0, compressed: 0, txn: 0 }],
    // 3 batches × 4 records; 30 compressed records; the open transaction ends at 10, the last stable offset is 8.
    ['latest', { plain: 12, compressed: 30, txn: 10 }],
    ['lastStable', { plain: 12, compressed: 30, txn: txn.open.first }],
  ] as const)('ListOffsets %s', (spec, expected) => {
    const offsets = decoded(kafka, `list-offsets-v%v-${spec}`, listOffsetsRequest({ partitions: [], spec }))
    const of = (topic: string) =>
      offsets
        .filter((o) => o.topic === topic)
        .sort((a, b) => a.partition - b.partition)
        .map((o) => [o.partition, o.offset, o.errorCode])
    expect(of(plain.topic)).toEqual(
      Array.from({ length: plain.partitions }, (_, p) => [p, expected.plain, 0]),
    )
    expect(of(compressed.topic)).toEqual([[0, expected.compressed, 0]])
    expect(of(txn.topic)).toEqual([[0, expected.txn, 0]])
  })

  it('DescribeConfigs: the asked keys, an override and a default', () => {
    const configs = decoded(kafka, 'describe-configs-v%v', describeConfigsRequest({ topics: [], keys: [] }))
    expect(configs).toEqual([
      {
        topic: compressed.topic,
        errorCode: 0,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
      },
      {
        topic: plain.topic,
        errorCode: 0,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
      },
    ])
  })
})
