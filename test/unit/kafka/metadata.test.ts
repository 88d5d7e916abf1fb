import { Reader, Writer } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { libraryCodec, parseWithLibrary } from '../../../src/kafka/api-call.js'
import { decodeMetadata, metadataRequest } from '../../../src/kafka/metadata.js'
import { fixture, KAFKA_VERSIONS } from '../../support/recorded-fixtures.js'

interface Topic {
  readonly name: string | null
  readonly id: string
  readonly internal: boolean
  readonly errorCode: number
  readonly partitions: {
    partition: number
    leader: number
    epoch: number
    replicas: number[]
    isr: number[]
    offline: number[]
    errorCode: number
  }[]
}

const TOPICS: Topic[] = [
  {
    name: 'orders',
    id: 'eb6677b5-3091-48f5-a94e-b9c0c3041b90',
    internal: false,
    errorCode: 0,
    partitions: [
      { partition: 0, leader: 1, epoch: 4, replicas: [1, 2, 3], isr: [1, 2, 3], offline: [], errorCode: 0 },
      // Offline: no leader, a replica on a failed log dir, LEADER_NOT_AVAILABLE.
      { partition: 1, leader: -1, epoch: 9, replicas: [2, 3], isr: [], offline: [3], errorCode: 5 },
    ],
  },
  {
    name: '__consumer_offsets',
    id: '56901142-b3f0-4433-9b0f-57531ae4f04f',
    internal: true,
    errorCode: 0,
    partitions: [],
  },
  // Asked by id and gone (v12 names it null), and one the client may not describe.
  { name: null, id: 'a4b88d33-a65e-47c5-b042-48eb3d6862c5', internal: false, errorCode: 100, partitions: [] },
  {
    name: 'secret-ü',
    id: 'd207b74a-eca8-4786-b77f-2268e6cf78d3',
    internal: false,
    errorCode: 29,
    partitions: [],
  },
]

/** A Metadata answer as a broker writes it, per MetadataResponse.json (all of v9–v12 are flexible). */
function answer(version: number, topics: Topic[]): Buffer {
  const w = Writer.create().appendInt32(0)
  w.appendArray(
    [
      { id: 1, host: 'kafka-1.example', port: 9092, rack: 'eu-1a' },
      { id: 2, host: 'kafka-2.example', port: 9093, rack: null },
    ],
    (w, b) => {
      w.appendInt32(b.id).appendString(b.host).appendInt32(b.port).appendString(b.rack)
    },
  )
  w.appendString('the-cluster').appendInt32(2)
  w.appendArray(topics, (w, t) => {
    w.appendInt16(t.errorCode).appendString(version >= 12 ? t.name : (t.name ?? ''))
    if (version >= 10) w.appendUUID(t.id)
    w.appendBoolean(t.internal)
    w.appendArray(t.partitions, (w, p) => {
      w.appendInt16(p.errorCode).appendInt32(p.partition).appendInt32(p.leader).appendInt32(p.epoch)
      for (const list of [p.replicas, p.isr, p.offline])
        w.appendArray(list, (w, n) => w.appendInt32(n), true, false)
    })
    w.appendInt32(-2147483648)
  })
  if (version <= 10) w.appendInt32(-2147483648)
  return w.appendTaggedFields().buffer
}

/** What the library's parser and the old mapping made of an answer: the reference. */
function library(bytes: Buffer, version: number) {
  const codec = libraryCodec<unknown[], never>('Metadata', version)
  // biome-ignore lint/suspicious/noExplicitAny: the library's response, read field by field as the old mapping did
  const r = parseWithLibrary(codec, 3, version, Reader.from(bytes)) as any
  return {
    clusterId: r.clusterId ?? null,
    controllerId: r.controllerId,
    // biome-ignore lint/suspicious/noExplicitAny: as above
    brokers: r.brokers.map((b: any) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null })),
    // biome-ignore lint/suspicious/noExplicitAny: as above
    topics: r.topics.flatMap((t: any) =>
      t.name === null
        ? []
        : [
            {
              name: t.name,
              id: t.topicId,
              internal: t.isInternal,
              errorCode: t.errorCode,
              // biome-ignore lint/suspicious/noExplicitAny: as above
              partitions: t.partitions.map((p: any) => ({
                partition: p.partitionIndex,
                leader: p.leaderId,
                leaderEpoch: p.leaderEpoch,
                replicas: p.replicaNodes,
                isr: p.isrNodes,
                offlineReplicas: p.offlineReplicas,
                errorCode: p.errorCode,
              })),
            },
          ],
    ),
  }
}

describe('the Metadata decoder', () => {
  it.each([9, 10, 11, 12])('reads what the library read from a broker-shaped v%d answer', (version) => {
    const bytes = answer(version, TOPICS)
    const ours = decodeMetadata(Reader.from(bytes), version)
    expect(ours).toEqual(library(bytes, version))
    expect(ours.brokers[0]).toEqual({ id: 1, host: 'kafka-1.example', port: 9092, rack: 'eu-1a' })
    expect(ours.topics.find((t) => t.name === 'orders')?.partitions[1]).toEqual({
      partition: 1,
      leader: -1,
      leaderEpoch: 9,
      replicas: [2, 3],
      isr: [],
      offlineReplicas: [3],
      errorCode: 5,
    })
    // Ids from v10; before, the name stands in for one.
    expect(ours.topics[0]?.id).toBe(version >= 10 ? 'eb6677b5-3091-48f5-a94e-b9c0c3041b90' : 'orders')
  })

  it('leaves out a topic the answer names only by id (v12: deleted meanwhile)', () => {
    const ours = decodeMetadata(Reader.from(answer(12, TOPICS)), 12)
    expect(ours.topics.map((t) => t.name)).toEqual(['orders', '__consumer_offsets', 'secret-ü'])
  })

  it.each(KAFKA_VERSIONS)('reads the answer recorded from Kafka %s as the library did', (kafka) => {
    const { reader, version } = fixture(kafka, 'metadata-v%v')
    const bytes = reader.buffer.slice(reader.position, reader.length)
    expect(metadataRequest({ topics: 'all' }).decode(Reader.from(bytes), version)).toEqual(
      library(bytes, version),
    )
  })

  it('throws a RangeError on a truncated or corrupt answer', () => {
    const bytes = answer(12, TOPICS)
    for (const cut of [2, 20, 60, bytes.length - 30, bytes.length - 1])
      expect(() => decodeMetadata(Reader.from(bytes.subarray(0, cut)), 12)).toThrow(RangeError)
    const corrupt = Buffer.from(bytes)
    corrupt[4] = 0x7f // 126 brokers in a few hundred bytes
    expect(() => decodeMetadata(Reader.from(corrupt), 12)).toThrow(RangeError)
  })
})
