import { Reader } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { parseDescribeShareGroupOffsets } from '../../../src/kafka/describe-share-group-offsets.js'

/**
 * DescribeShareGroupOffsets built byte by byte from Kafka 4.4.0's schema (flexible: compact strings and arrays are an
 * unsigned varint length + 1, every struct ends with its tagged fields, 0 here), for what the recorded answers of a
 * healthy broker do not show: v0 (Kafka 4.1, no lag field), a partition without state (-1) and a partition error.
 */
const u = (n: number) => Buffer.from([n]) // every length here is < 127
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff])
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const int64 = (n: number) => {
  const b = Buffer.alloc(8)
  b.writeBigInt64BE(BigInt(n))
  return b
}
const str = (s: string) => Buffer.concat([u(s.length + 1), Buffer.from(s)])
const TAGS = u(0)
const array = (items: Buffer[]) => Buffer.concat([u(items.length + 1), ...items])

function partitionBytes(version: number, p: number, start: number, lag: number, error: number): Buffer {
  return Buffer.concat([
    int32(p),
    int64(start),
    int32(3),
    ...(version >= 1 ? [int64(lag)] : []),
    int16(error),
    u(0), // null error message
    TAGS,
  ])
}

function response(version: number): Buffer {
  const topic = Buffer.concat([
    str('jobs'),
    Buffer.alloc(16, 7), // topic id
    array([
      partitionBytes(version, 0, 120, 5, 0),
      partitionBytes(version, 1, -1, -1, 0),
      partitionBytes(version, 2, 0, -1, 3),
    ]),
    TAGS,
  ])
  const group = Buffer.concat([str('workers'), array([topic]), int16(0), u(0), TAGS])
  return Buffer.concat([int32(0), array([group]), TAGS])
}

describe('DescribeShareGroupOffsets decoding', () => {
  it.each([
    [0, null],
    [1, 5],
  ])("v%i: start offsets, the broker's lag where it gives one, partition errors apart", (version, lag) => {
    const reader = Reader.from(response(version))
    const [g] = parseDescribeShareGroupOffsets(reader, version)
    expect(reader.position).toBe(reader.buffer.length)
    expect(g).toEqual({
      groupId: 'workers',
      errorCode: 0,
      // Partition 1 has no share-partition state yet (-1): not an offset, not an error.
      offsets: [{ topic: 'jobs', partition: 0, startOffset: 120, leaderEpoch: 3, lag }],
      partitionErrors: [{ topic: 'jobs', partition: 2, errorCode: 3 }],
    })
  })
})
