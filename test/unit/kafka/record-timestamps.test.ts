import { describe, expect, it } from 'vitest'
import { fetchTopics, PARTITION_MAX_BYTES } from '../../../src/kafka/fetch.js'
import { toRecordTimestamps } from '../../../src/kafka/read-committed.js'
import {
  type FetchedPartition,
  timestampAt,
  toOffsetTimestamps,
} from '../../../src/kafka/record-timestamps.js'
import type { RecordTimestamp, RecordTimestampQuery } from '../../../src/kafka/types.js'
import { type Batch, batch } from '../../support/batches.js'

/** Timestamp type bit of a record batch's attributes (Kafka's RecordBatch: bit 3). */
const LOG_APPEND_TIME = 0x08
/** gzip compression + transactional bits, to check only the timestamp type bit is looked at. */
const OTHER_BITS = 0x01 | 0x10

const T = 1_700_000_000_000

describe('timestampAt', () => {
  const twoBatches = [
    batch([
      [100, T + 100],
      [101, T + 101],
      [102, T + 102],
    ]),
    batch([
      [103, T + 203],
      [104, T + 204],
    ]),
  ]
  // Offsets 11, 12 and 14 were compacted away; the batch still ends at 15.
  const compacted = [
    batch(
      [
        [10, T + 10],
        [13, T + 13],
        [15, T + 15],
      ],
      { lastOffset: 15 },
    ),
  ]
  // Compaction removed the batch's last records (16..19) but kept its last offset delta; the next record is 20.
  const compactedTail = [
    batch(
      [
        [10, T + 10],
        [15, T + 15],
      ],
      { lastOffset: 19 },
    ),
    batch([
      [20, T + 20],
      [21, T + 21],
    ]),
  ]
  const appendTime = [
    batch(
      [
        [50, T + 1],
        [51, T + 2],
        [52, T + 3],
      ],
      // The broker overwrote the batch's max timestamp with its own clock; record deltas are producer values.
      { attributes: LOG_APPEND_TIME, maxTimestamp: T + 9_999 },
    ),
  ]

  it.each<{
    name: string
    batches: Batch[] | undefined
    offset: number
    expected: { timestamp: number; type: 'create' | 'append' } | null
  }>([
    {
      name: 'record at the first offset',
      batches: twoBatches,
      offset: 100,
      expected: { timestamp: T + 100, type: 'create' },
    },
    {
      name: 'record inside the first batch',
      batches: twoBatches,
      offset: 102,
      expected: { timestamp: T + 102, type: 'create' },
    },
    {
      name: 'batch before the offset is skipped',
      batches: twoBatches,
      offset: 103,
      expected: { timestamp: T + 203, type: 'create' },
    },
    {
      name: 'last record of the last batch',
      batches: twoBatches,
      offset: 104,
      expected: { timestamp: T + 204, type: 'create' },
    },
    { name: 'offset beyond all batches', batches: twoBatches, offset: 105, expected: null },
    {
      name: 'offset before the first batch (deleted or compacted) gives the first record',
      batches: twoBatches,
      offset: 40,
      expected: { timestamp: T + 100, type: 'create' },
    },
    {
      name: 'compacted offset → the next record',
      batches: compacted,
      offset: 11,
      expected: { timestamp: T + 13, type: 'create' },
    },
    {
      name: 'compacted offset just before the last record',
      batches: compacted,
      offset: 14,
      expected: { timestamp: T + 15, type: 'create' },
    },
    {
      name: 'compacted tail of a batch → the first record of the next batch',
      batches: compactedTail,
      offset: 17,
      expected: { timestamp: T + 20, type: 'create' },
    },
    {
      name: 'other attribute bits do not make CreateTime an append time',
      batches: [batch([[7, T + 7]], { attributes: OTHER_BITS, maxTimestamp: T + 999 })],
      offset: 7,
      expected: { timestamp: T + 7, type: 'create' },
    },
    {
      name: 'LogAppendTime → the batch max timestamp',
      batches: appendTime,
      offset: 51,
      expected: { timestamp: T + 9_999, type: 'append' },
    },
    {
      name: 'LogAppendTime with other attribute bits set',
      batches: [batch([[7, T + 7]], { attributes: LOG_APPEND_TIME | OTHER_BITS, maxTimestamp: T + 999 })],
      offset: 7,
      expected: { timestamp: T + 999, type: 'append' },
    },
    {
      name: 'LogAppendTime batch before the offset is skipped',
      batches: [...appendTime, ...twoBatches],
      offset: 101,
      expected: { timestamp: T + 101, type: 'create' },
    },
    { name: 'no batches', batches: [], offset: 0, expected: null },
    { name: 'no records field', batches: undefined, offset: 0, expected: null },
  ])('$name', ({ batches, offset, expected }) => {
    expect(timestampAt(batches, offset)).toEqual(expected)
  })
})

const query = (
  topic: string,
  topicId: string,
  partition: number,
  offset: number,
  leaderEpoch = 3,
): RecordTimestampQuery => ({
  topic,
  topicId,
  partition,
  offset,
  leaderEpoch,
})

describe('toRecordTimestamps', () => {
  const queries = [
    query('orders', 'id-orders', 0, 100),
    query('orders', 'id-orders', 1, 5),
    query('orders', 'id-orders', 2, 7),
    query('payments', 'id-payments', 0, 0),
    query('audit', 'id-audit', 0, 42),
  ]
  const responses: { topicId: string; partitions: FetchedPartition[] }[] = [
    {
      topicId: 'id-orders',
      partitions: [
        {
          partitionIndex: 1,
          errorCode: 0,
          highWatermark: 6n,
          lastStableOffset: 6n,
          records: [batch([[5, T + 5]])],
        },
        {
          partitionIndex: 0,
          errorCode: 0,
          highWatermark: 101n,
          lastStableOffset: 101n,
          records: [batch([[100, T + 100]], { attributes: LOG_APPEND_TIME, maxTimestamp: T + 1 })],
        },
        // NOT_LEADER_OR_FOLLOWER: whatever came with it is not used.
        {
          partitionIndex: 2,
          errorCode: 6,
          highWatermark: -1n,
          lastStableOffset: -1n,
          records: [batch([[7, T + 7]])],
        },
      ],
    },
    // Nothing at or after the offset came back (e.g. bigger than the byte budget).
    {
      topicId: 'id-payments',
      partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 9n, lastStableOffset: 9n, records: [] }],
    },
  ]

  it.each<{ name: string; index: number; expected: RecordTimestamp }>([
    {
      name: 'append time, answered out of order',
      index: 0,
      expected: {
        topic: 'orders',
        partition: 0,
        offset: 100,
        errorCode: 0,
        timestamp: T + 1,
        timestampType: 'append',
        markersOnly: false,
        openTransaction: false,
        lastStable: 101,
        bytes: 112,
      },
    },
    {
      name: 'create time',
      index: 1,
      expected: {
        topic: 'orders',
        partition: 1,
        offset: 5,
        errorCode: 0,
        timestamp: T + 5,
        timestampType: 'create',
        markersOnly: false,
        openTransaction: false,
        lastStable: 6,
        bytes: 112,
      },
    },
    {
      name: 'partition error',
      index: 2,
      expected: {
        topic: 'orders',
        partition: 2,
        offset: 7,
        errorCode: 6,
        timestamp: null,
        timestampType: null,
        markersOnly: false,
        openTransaction: false,
        lastStable: null,
        bytes: 112,
      },
    },
    {
      name: 'no record returned',
      index: 3,
      expected: {
        topic: 'payments',
        partition: 0,
        offset: 0,
        errorCode: 0,
        timestamp: null,
        timestampType: null,
        markersOnly: false,
        openTransaction: false,
        lastStable: 9,
        bytes: 0,
      },
    },
    {
      name: 'partition missing from the response',
      index: 4,
      expected: {
        topic: 'audit',
        partition: 0,
        offset: 42,
        errorCode: -1,
        timestamp: null,
        timestampType: null,
        markersOnly: false,
        openTransaction: false,
        lastStable: null,
        bytes: 0,
      },
    },
  ])('$name', ({ index, expected }) => {
    const result = toRecordTimestamps(queries, responses)
    expect(result).toHaveLength(queries.length)
    expect(result[index]).toEqual(expected)
  })

  it('matches by topic id, not by position or topic name', () => {
    const q = [query('a', 'id-a', 0, 1), query('b', 'id-b', 0, 1)]
    const r = [
      {
        topicId: 'id-b',
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 2n,
            lastStableOffset: 2n,
            records: [batch([[1, T + 2]])],
          },
        ],
      },
      {
        topicId: 'id-a',
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            highWatermark: 2n,
            lastStableOffset: 2n,
            records: [batch([[1, T + 1]])],
          },
        ],
      },
    ]
    expect(toRecordTimestamps(q, r).map((x) => [x.topic, x.timestamp])).toEqual([
      ['a', T + 1],
      ['b', T + 2],
    ])
  })
})

describe('fetchTopics', () => {
  const partitionEntry = (partition: number, offset: number, leaderEpoch: number) => ({
    partition,
    currentLeaderEpoch: leaderEpoch,
    fetchOffset: BigInt(offset),
    lastFetchedEpoch: -1,
    logStartOffset: -1n,
    partitionMaxBytes: PARTITION_MAX_BYTES,
  })

  it.each<{ name: string; queries: RecordTimestampQuery[]; expected: unknown }>([
    { name: 'no queries', queries: [], expected: [] },
    {
      name: 'one partition',
      queries: [query('orders', 'id-orders', 0, 100, 7)],
      expected: [{ topicId: 'id-orders', partitions: [partitionEntry(0, 100, 7)] }],
    },
    {
      name: 'partitions grouped by topic id, in first-seen order',
      queries: [
        query('orders', 'id-orders', 2, 20, 1),
        query('payments', 'id-payments', 0, 5, 4),
        query('orders', 'id-orders', 0, 10, 1),
      ],
      expected: [
        { topicId: 'id-orders', partitions: [partitionEntry(2, 20, 1), partitionEntry(0, 10, 1)] },
        { topicId: 'id-payments', partitions: [partitionEntry(0, 5, 4)] },
      ],
    },
    {
      // A Fetch may name a partition once (the broker keeps the last duplicate): ask from the lowest wanted offset.
      name: 'one entry per partition, at the lowest offset several groups want',
      queries: [
        query('orders', 'id-orders', 0, 40, 1),
        query('orders', 'id-orders', 0, 4, 1),
        query('orders', 'id-orders', 0, 10, 1),
      ],
      expected: [{ topicId: 'id-orders', partitions: [partitionEntry(0, 4, 1)] }],
    },
  ])('$name', ({ queries, expected }) => {
    expect(fetchTopics(queries)).toEqual(expected)
  })

  it('asks each partition for PARTITION_MAX_BYTES from the committed offset', () => {
    const [t] = fetchTopics([query('orders', 'id-orders', 3, 2 ** 40)])
    expect(t?.partitions).toEqual([
      expect.objectContaining({ fetchOffset: 2n ** 40n, partitionMaxBytes: 256 * 1024 }),
    ])
  })
})

describe('transaction markers', () => {
  const CONTROL = 0x20
  it('are never taken as the first unconsumed record', () => {
    const marker = batch([[10, T + 10]], { attributes: CONTROL })
    const data = batch([[11, T + 11]])
    expect(timestampAt([marker, data], 10)).toEqual({ timestamp: T + 11, type: 'create' })
  })
})

describe('toOffsetTimestamps (read-uncommitted, at the last stable offset)', () => {
  it('gives the record at the offset even when it belongs to an open transaction', () => {
    const open = batch(
      [
        [60, T + 60],
        [61, T + 61],
      ],
      { attributes: 0x10, producerId: 7n },
    )
    const r = toOffsetTimestamps(
      [query('orders', 'id-orders', 0, 60)],
      [
        {
          topicId: 'id-orders',
          partitions: [
            { partitionIndex: 0, errorCode: 0, highWatermark: 62n, lastStableOffset: 60n, records: [open] },
          ],
        },
      ],
    )
    expect(r).toEqual([
      {
        topic: 'orders',
        partition: 0,
        offset: 60,
        errorCode: 0,
        timestamp: T + 60,
        timestampType: 'create',
        markersOnly: false,
        openTransaction: false,
        lastStable: 60,
        bytes: 112,
      },
    ])
  })
})
