import { describe, expect, it } from 'vitest'
import {
  type AbortedTransaction,
  readCommitted,
  toRecordTimestamps,
} from '../../../src/kafka/read-committed.js'
import type { FetchedPartition } from '../../../src/kafka/record-timestamps.js'
import { type Batch, batch } from '../../support/batches.js'

const T = 1_700_000_000_000
const TRANSACTIONAL = 0x10
const CONTROL = 0x20

/** Records at offsets from..to (inclusive), record o written at T + o. */
function records(from: number, to: number): [number, number][] {
  return Array.from({ length: to - from + 1 }, (_, i) => [from + i, T + from + i])
}
/** A transactional data batch of producer `pid`. */
const txn = (pid: bigint, from: number, to: number) =>
  batch(records(from, to), { attributes: TRANSACTIONAL, producerId: pid })
/** Non-transactional data (no producer id, or an idempotent producer's). */
const plain = (from: number, to: number, pid = -1n) => batch(records(from, to), { producerId: pid })
/** A transaction marker: control record key = version 0, type 0 (abort) or 1 (commit). */
function marker(pid: bigint, offset: number, type: 'abort' | 'commit'): Batch {
  const key = Buffer.alloc(4)
  key.writeInt16BE(type === 'abort' ? 0 : 1, 2)
  return batch([[offset, T + offset]], { attributes: TRANSACTIONAL | CONTROL, producerId: pid, key })
}
const aborted = (pid: bigint, firstOffset: number): AbortedTransaction => ({
  producerId: pid,
  firstOffset: BigInt(firstOffset),
})

/** The partition: a committed transaction 0..52 + marker 53, an aborted one 54..58 + marker 59 (HWM 60). */
const committedThenAborted = [
  txn(1n, 0, 52),
  marker(1n, 53, 'commit'),
  txn(1n, 54, 58),
  marker(1n, 59, 'abort'),
]

describe('readCommitted: what a read_committed consumer would be given', () => {
  it.each<{
    name: string
    batches: Batch[]
    offset: number
    aborted: AbortedTransaction[]
    expected: ReturnType<typeof readCommitted>
  }>([
    {
      name: 'after the commit: only an aborted transaction and its marker',
      batches: committedThenAborted,
      offset: 54,
      aborted: [aborted(1n, 54)],
      expected: { first: null, end: 60 },
    },
    {
      name: 'inside the committed transaction: its records are read',
      batches: committedThenAborted,
      offset: 50,
      aborted: [aborted(1n, 54)],
      expected: { first: { timestamp: T + 50, type: 'create' }, end: 50 },
    },
    {
      name: 'the same batches without the aborted list: the records count (read-uncommitted view)',
      batches: committedThenAborted,
      offset: 54,
      aborted: [],
      expected: { first: { timestamp: T + 54, type: 'create' }, end: 54 },
    },
    {
      name: 'another producer commits inside the aborted range: its record is the first',
      batches: [txn(1n, 10, 12), txn(2n, 13, 14), marker(1n, 15, 'abort'), marker(2n, 16, 'commit')],
      offset: 10,
      aborted: [aborted(1n, 10)],
      expected: { first: { timestamp: T + 13, type: 'create' }, end: 13 },
    },
    {
      name: 'the producer starts a new transaction after its abort marker: that one is read',
      batches: [txn(1n, 10, 12), marker(1n, 13, 'abort'), txn(1n, 14, 15), marker(1n, 16, 'commit')],
      offset: 10,
      aborted: [aborted(1n, 10)],
      expected: { first: { timestamp: T + 14, type: 'create' }, end: 14 },
    },
    {
      name: 'the aborted transaction began before the offset, in the batch that holds it',
      batches: [txn(1n, 5, 9), marker(1n, 10, 'abort')],
      offset: 7,
      aborted: [aborted(1n, 5)],
      expected: { first: null, end: 11 },
    },
    {
      name: 'non-transactional records of the same producer id are read',
      batches: [txn(1n, 10, 11), marker(1n, 12, 'abort'), plain(13, 13, 1n)],
      offset: 10,
      aborted: [aborted(1n, 10)],
      expected: { first: { timestamp: T + 13, type: 'create' }, end: 13 },
    },
    {
      name: 'an aborted transaction listed for later offsets does not hide earlier ones of the producer',
      batches: [txn(1n, 10, 11), marker(1n, 12, 'commit'), txn(1n, 13, 14), marker(1n, 15, 'abort')],
      offset: 10,
      aborted: [aborted(1n, 13)],
      expected: { first: { timestamp: T + 10, type: 'create' }, end: 10 },
    },
    {
      name: 'two markers back to back',
      batches: [marker(1n, 10, 'commit'), marker(2n, 11, 'commit')],
      offset: 10,
      aborted: [],
      expected: { first: null, end: 12 },
    },
    { name: 'nothing returned', batches: [], offset: 10, aborted: [], expected: { first: null, end: 10 } },
  ])('$name', ({ batches, offset, aborted, expected }) => {
    expect(readCommitted(batches, offset, aborted)).toEqual(expected)
  })
})

describe('toRecordTimestamps: caught up, waiting on an open transaction, or not read', () => {
  const query = { topic: 'orders', topicId: 'id-orders', partition: 0, leaderEpoch: 0 }
  const answer = (offset: number, p: Omit<FetchedPartition, 'partitionIndex' | 'errorCode'>) =>
    toRecordTimestamps(
      [{ ...query, offset }],
      [{ topicId: 'id-orders', partitions: [{ partitionIndex: 0, errorCode: 0, ...p }] }],
    )[0]

  it.each<{
    name: string
    offset: number
    partition: Omit<FetchedPartition, 'partitionIndex' | 'errorCode'>
    expected: {
      timestamp: number | null
      markersOnly: boolean
      openTransaction: boolean
      lastStable: number | null
    }
  }>([
    {
      name: 'the issue: committed 54, high watermark 60, five aborted records and a marker → caught up',
      offset: 54,
      partition: {
        highWatermark: 60n,
        lastStableOffset: 60n,
        abortedTransactions: [{ producerId: 1n, firstOffset: 54n }],
        records: committedThenAborted,
      },
      expected: { timestamp: null, markersOnly: true, openTransaction: false, lastStable: 60 },
    },
    {
      name: 'the same, but a transaction opened at 60 (high watermark 63) → waits on it',
      offset: 54,
      partition: {
        highWatermark: 63n,
        lastStableOffset: 60n,
        abortedTransactions: [{ producerId: 1n, firstOffset: 54n }],
        records: committedThenAborted,
      },
      expected: { timestamp: null, markersOnly: false, openTransaction: true, lastStable: 60 },
    },
    {
      name: 'committed exactly at the last stable offset of an open transaction',
      offset: 60,
      partition: { highWatermark: 63n, lastStableOffset: 60n, abortedTransactions: [], records: [] },
      expected: { timestamp: null, markersOnly: false, openTransaction: true, lastStable: 60 },
    },
    {
      name: 'nothing came back (byte budget): neither, asked again',
      offset: 54,
      partition: { highWatermark: 60n, lastStableOffset: 60n, abortedTransactions: [], records: [] },
      expected: { timestamp: null, markersOnly: false, openTransaction: false, lastStable: 60 },
    },
    {
      name: 'aborted records that stop short of the last stable offset: not known yet',
      offset: 54,
      partition: {
        highWatermark: 70n,
        lastStableOffset: 70n,
        abortedTransactions: [{ producerId: 1n, firstOffset: 54n }],
        records: committedThenAborted,
      },
      expected: { timestamp: null, markersOnly: false, openTransaction: false, lastStable: 70 },
    },
    {
      name: 'a broker that does not say its last stable offset: the high watermark',
      offset: 10,
      partition: { highWatermark: 11n, lastStableOffset: -1n, records: [marker(1n, 10, 'commit')] },
      expected: { timestamp: null, markersOnly: true, openTransaction: false, lastStable: 11 },
    },
    {
      name: 'a readable record: its timestamp',
      offset: 10,
      partition: {
        highWatermark: 12n,
        lastStableOffset: 12n,
        abortedTransactions: [],
        records: [marker(1n, 10, 'commit'), plain(11, 11)],
      },
      expected: { timestamp: T + 11, markersOnly: false, openTransaction: false, lastStable: 12 },
    },
  ])('$name', ({ offset, partition, expected }) => {
    expect(answer(offset, partition)).toMatchObject(expected)
  })
})
