import { Reader, Writer } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { libraryCodec, parseWithLibrary } from '../../../src/kafka/api-call.js'
import { decodeOffsetFetch, offsetFetchRequest } from '../../../src/kafka/offset-fetch.js'
import { fixture, KAFKA_VERSIONS } from '../../support/recorded-fixtures.js'

interface Row {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
  readonly metadata: string | null
  readonly errorCode: number
}

/** An OffsetFetch v8/v9 answer as a broker writes it (compact arrays and strings, tagged fields). */
function answer(groups: { groupId: string; errorCode: number; rows: readonly Row[] }[]): Buffer {
  const w = Writer.create().appendInt32(0)
  w.appendArray(
    groups,
    (w, g) => {
      w.appendString(g.groupId, true)
      const byTopic = new Map<string, Row[]>()
      for (const r of g.rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r])
      w.appendArray(
        [...byTopic],
        (w, [topic, rows]) => {
          w.appendString(topic, true)
          w.appendArray(
            rows,
            (w, r) => {
              w.appendInt32(r.partition)
                .appendInt64(r.offset)
                .appendInt32(7)
                .appendString(r.metadata, true)
                .appendInt16(r.errorCode)
            },
            true,
            true,
          )
        },
        true,
        true,
      )
      w.appendInt16(g.errorCode)
    },
    true,
    true,
  )
  return w.appendTaggedFields().buffer
}

/** What the library's parser and the old mapping made of an answer: the reference. */
function library(bytes: Buffer, version: number) {
  const codec = libraryCodec<unknown[], never>('OffsetFetch', version)
  const response = parseWithLibrary(codec, 9, version, Reader.from(bytes)) as {
    groups: {
      groupId: string
      errorCode: number
      topics: {
        name: string
        partitions: { partitionIndex: number; committedOffset: bigint; errorCode: number }[]
      }[]
    }[]
  }
  return response.groups.map((g) => ({
    groupId: g.groupId,
    errorCode: g.errorCode,
    offsets: g.topics.flatMap((t) =>
      t.partitions
        .filter((p) => p.errorCode === 0 && p.committedOffset >= 0n)
        .map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset) })),
    ),
  }))
}

const GROUPS = [
  {
    groupId: 'orders-app',
    errorCode: 0,
    rows: [
      { topic: 'orders', partition: 0, offset: 5n, metadata: '', errorCode: 0 },
      // Past 2^32: the high half must count.
      { topic: 'orders', partition: 1, offset: 2n ** 40n + 3n, metadata: 'commit metadata ø', errorCode: 0 },
      // No committed offset, and a partition error: neither is an offset.
      { topic: 'orders', partition: 2, offset: -1n, metadata: null, errorCode: 0 },
      { topic: 'orders', partition: 3, offset: 9n, metadata: null, errorCode: 3 },
      { topic: 'payments-ü', partition: 11, offset: 2n ** 53n - 1n, metadata: null, errorCode: 0 },
    ],
  },
  // A group the coordinator does not own, and one without commits.
  { groupId: 'moved', errorCode: 14, rows: [] },
  { groupId: 'idle', errorCode: 0, rows: [] },
]

describe('the OffsetFetch decoder', () => {
  it.each([8, 9])('reads what the library read from a broker-shaped v%d answer', (version) => {
    const bytes = answer(GROUPS)
    const ours = decodeOffsetFetch(Reader.from(bytes))
    expect(ours).toEqual(library(bytes, version))
    expect(ours[0]?.offsets).toEqual([
      { topic: 'orders', partition: 0, offset: 5 },
      { topic: 'orders', partition: 1, offset: 2 ** 40 + 3 },
      { topic: 'payments-ü', partition: 11, offset: 2 ** 53 - 1 },
    ])
    expect(ours.map((g) => g.errorCode)).toEqual([0, 14, 0])
  })

  it.each(KAFKA_VERSIONS)('reads the answer recorded from Kafka %s as the library did', (kafka) => {
    const { reader, version } = fixture(kafka, 'offset-fetch-v%v')
    const bytes = reader.buffer.slice(reader.position, reader.length)
    expect(offsetFetchRequest({ groupIds: [] }).decode(Reader.from(bytes), version)).toEqual(
      library(bytes, version),
    )
  })

  it('throws a RangeError on a truncated or corrupt answer instead of inventing offsets', () => {
    const bytes = answer(GROUPS)
    for (const cut of [3, 10, bytes.length - 9, bytes.length - 1])
      expect(() => decodeOffsetFetch(Reader.from(bytes.subarray(0, cut)))).toThrow(RangeError)
    const corrupt = Buffer.from(bytes)
    corrupt[4] = 0x7f // 126 groups in a few dozen bytes
    expect(() => decodeOffsetFetch(Reader.from(corrupt))).toThrow(RangeError)
  })
})
