import { fetchV12, Reader } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { ApiTable } from '../../../src/kafka/api-table.js'
import { fetchByNameRequest, fetchRequest } from '../../../src/kafka/fetch.js'
import { decodeOffsetFetchGroup, offsetFetchGroupRequest } from '../../../src/kafka/offset-fetch-group.js'
import { batchesOf, fetchResponseBody, uvarint } from '../../support/fetch-bytes.js'

/**
 * The requests kafkascope falls back to for brokers older than Kafka 3.1, on bytes built here from the message
 * schemas (OffsetFetchRequest/Response.json v6–v7, FetchResponse.json v12). The live test against Kafka 2.8 is
 * test/integration/old-kafka.test.ts.
 */
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff])
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8)
  b.writeBigInt64BE(n)
  return b
}
const compactString = (s: string | null) =>
  s === null ? uvarint(0) : Buffer.concat([uvarint(Buffer.byteLength(s) + 1), Buffer.from(s)])
const compactArray = <T>(items: readonly T[], f: (t: T) => Buffer) =>
  Buffer.concat([uvarint(items.length + 1), ...items.map(f)])
const TAGS = uvarint(0)

describe('OffsetFetch v6–v7 for one group', () => {
  it('asks for all partitions of the group (null topics), require_stable false from v7', () => {
    const call = offsetFetchGroupRequest('orders-app')
    expect([call.minVersion, call.maxVersion]).toEqual([6, 7])
    expect(call.headers(6)).toEqual({ requestTags: true, responseTags: true })
    const v6 = Buffer.concat([compactString('orders-app'), uvarint(0), TAGS])
    const v7 = Buffer.concat([compactString('orders-app'), uvarint(0), Buffer.from([0]), TAGS])
    expect(call.encode(6).buffer).toEqual(v6)
    expect(call.encode(7).buffer).toEqual(v7)
  })

  it('reads committed offsets, leaving out partitions without a commit or with an error', () => {
    const partition = (index: number, offset: bigint, errorCode = 0) =>
      Buffer.concat([int32(index), int64(offset), int32(-1), compactString(''), int16(errorCode), TAGS])
    const body = Buffer.concat([
      int32(0),
      compactArray(
        [
          ['orders', [partition(0, 42n), partition(1, -1n), partition(2, 7n)]],
          ['payments', [partition(0, 9_007_199_254_740_000n), partition(3, 5n, 3)]],
        ] as const,
        ([name, ps]) => Buffer.concat([compactString(name), compactArray(ps, (p) => p), TAGS]),
      ),
      int16(0),
      TAGS,
    ])
    expect(decodeOffsetFetchGroup(Reader.from(body), 'orders-app')).toEqual({
      groupId: 'orders-app',
      errorCode: 0,
      offsets: [
        { topic: 'orders', partition: 0, offset: 42 },
        { topic: 'orders', partition: 2, offset: 7 },
        { topic: 'payments', partition: 0, offset: 9_007_199_254_740_000 },
      ],
    })
  })

  it('keeps a group-level error (e.g. 16 NOT_COORDINATOR) for the collector to judge', () => {
    const body = Buffer.concat([int32(0), compactArray([], () => Buffer.alloc(0)), int16(16), TAGS])
    expect(decodeOffsetFetchGroup(Reader.from(body), 'g')).toEqual({
      groupId: 'g',
      errorCode: 16,
      offsets: [],
    })
  })
})

describe('Fetch v12 by topic name', () => {
  const queries = [
    {
      topic: 'orders',
      topicId: '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
      partition: 0,
      leaderEpoch: 3,
      offset: 5,
    },
  ]

  it('encodes the topic name where v13+ has the id, and is the only version it allows', () => {
    const call = fetchByNameRequest({ queries, maxBytes: 1 << 20, isolation: 'read_committed' })
    expect([call.minVersion, call.maxVersion]).toEqual([12, 12])
    const bytes = call.encode(12).buffer
    const parsed = bytes.subarray(4 + 4 + 4 + 4 + 1 + 4 + 4) // replica, wait, min, max, isolation, session, epoch
    expect(parsed.subarray(0, 1 + 1 + 6)).toEqual(Buffer.concat([uvarint(2), compactString('orders')]))
    expect(bytes[16]).toBe(1) // read_committed
  })

  it('reads the answer by name and gives back the topic ids of the queries', () => {
    const records = batchesOf({
      from: 0,
      perBatch: 10,
      valueBytes: 20,
      totalBytes: 600,
      timestamp: (o) => 1000n + BigInt(o),
    })
    const body = fetchResponseBody(
      [
        {
          topicId: 'orders',
          partitions: [{ partition: 0, highWatermark: BigInt(records.next), records: records.bytes }],
        },
      ],
      'name',
    )
    const library = fetchV12.parseResponse(0, 1, 12, Reader.from(body))
    expect(library.responses[0]?.topicId).toBe('orders')
    const answer = fetchByNameRequest({ queries, maxBytes: 1 << 20, isolation: 'read_committed' }).decode(
      Reader.from(body),
      12,
    )
    expect(answer.topics.map((t) => t.topicId)).toEqual([queries[0]?.topicId])
    expect(answer.topics[0]?.partitions[0]).toMatchObject({
      partitionIndex: 0,
      errorCode: 0,
      highWatermark: BigInt(records.next),
    })
    expect(answer.topics[0]?.partitions[0]?.records?.length).toBeGreaterThan(0)
  })
})

describe('per-broker versions', () => {
  it('a Kafka 2.8 broker (OffsetFetch ≤ v7, Fetch ≤ v12) gets the fallbacks; 3.1+ the batched requests', () => {
    const kafka28 = new ApiTable([
      { name: 'OffsetFetch', minVersion: 0, maxVersion: 7 },
      { name: 'Fetch', minVersion: 0, maxVersion: 12 },
    ])
    expect(kafka28.hasVersion('OffsetFetch', 8)).toBe(false)
    expect(kafka28.hasVersion('Fetch', 13)).toBe(false)
    expect(kafka28.version(offsetFetchGroupRequest('g'))).toBe(7)
    expect(
      kafka28.version(fetchByNameRequest({ queries: [], maxBytes: 1, isolation: 'read_committed' })),
    ).toBe(12)
    expect(() =>
      kafka28.version(fetchRequest({ queries: [], maxBytes: 1, isolation: 'read_committed' })),
    ).toThrow('no implementation of Fetch v0-12')
    const kafka44 = new ApiTable([
      { name: 'OffsetFetch', minVersion: 1, maxVersion: 10 },
      { name: 'Fetch', minVersion: 4, maxVersion: 18 },
    ])
    expect(kafka44.hasVersion('OffsetFetch', 8)).toBe(true)
    expect(kafka44.hasVersion('Fetch', 13)).toBe(true)
  })
})
