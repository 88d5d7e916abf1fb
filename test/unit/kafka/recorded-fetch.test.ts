import { fetchV17, Reader } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { fetchRequest } from '../../../src/kafka/fetch.js'
import { toRecordTimestamps } from '../../../src/kafka/read-committed.js'
import { toOffsetTimestamps } from '../../../src/kafka/record-timestamps.js'
import type { RecordTimestampQuery } from '../../../src/kafka/types.js'
import { RECORDED } from '../../support/recorded-data.js'
import { fixture, KAFKA_VERSIONS, manifest } from '../../support/recorded-fixtures.js'

/**
 * Our Fetch decoder on answers recorded from real brokers (test/support/record-responses.ts): plain batches on
 * several partitions, a gzip and an lz4 batch, an aborted, a committed and an open transaction.
 */
const { plain, compressed, txn, T } = RECORDED
const CONTROL = 0x20

describe.each(KAFKA_VERSIONS)('recorded Fetch answers of Kafka %s', (kafka) => {
  const { topicIds } = manifest(kafka)
  const call = fetchRequest({ queries: [], maxBytes: 0, isolation: 'read_committed' })
  const answer = (isolation: string) => {
    const { reader, version } = fixture(kafka, `fetch-v%v-${isolation}`)
    const bytes = reader.buffer.slice(0, reader.buffer.length)
    return {
      ours: call.decode(reader, version),
      library: fetchV17.parseResponse(0, 1, version, Reader.from(bytes)),
    }
  }
  const query = (topic: string, offset: number, partition = 0): RecordTimestampQuery => ({
    topic,
    topicId: topicIds[topic] as string,
    partition,
    leaderEpoch: 0,
    offset,
  })

  it.each(['read-committed', 'read-uncommitted'])(
    '%s: every batch and record as the library reads them',
    (isolation) => {
      const { ours, library } = answer(isolation)
      let batches = 0
      for (const [i, t] of library.responses.entries()) {
        expect(ours.topics[i]?.topicId).toBe(t.topicId)
        for (const [j, p] of t.partitions.entries()) {
          const mine = ours.topics[i]?.partitions[j]
          expect(mine?.highWatermark).toBe(p.highWatermark)
          expect(mine?.lastStableOffset).toBe(p.lastStableOffset)
          expect(mine?.abortedTransactions ?? []).toEqual(p.abortedTransactions ?? [])
          expect(mine?.records?.length).toBe(p.records?.length ?? 0)
          for (const [k, b] of (p.records ?? []).entries()) {
            const m = mine?.records?.[k]
            expect([
              m?.firstOffset,
              m?.attributes,
              m?.lastOffsetDelta,
              m?.firstTimestamp,
              m?.maxTimestamp,
              m?.producerId,
            ]).toEqual([
              b.firstOffset,
              b.attributes,
              b.lastOffsetDelta,
              b.firstTimestamp,
              b.maxTimestamp,
              b.producerId,
            ])
            expect(m?.records.map((r) => [r.offsetDelta, r.timestampDelta])).toEqual(
              b.records.map((r) => [r.offsetDelta, r.timestampDelta]),
            )
            // Control records keep their key (version, type); data records' keys are not read.
            if ((b.attributes & CONTROL) !== 0) expect(m?.records[0]?.key).toEqual(b.records[0]?.key)
            batches++
          }
        }
      }
      // Plain: 3 per partition; compressed: 2; transactional: aborted, marker, committed, marker, plain (+ the open one).
      expect(batches).toBe(plain.batches * plain.partitions + 2 + (isolation === 'read-committed' ? 5 : 6))
    },
  )

  it('read_committed: the aborted transaction is listed and skipped, the open one waited on', () => {
    const { ours } = answer('read-committed')
    const txnPartition = ours.topics.find((t) => t.topicId === topicIds[txn.topic])?.partitions[0]
    expect(txnPartition?.abortedTransactions).toEqual([{ producerId: expect.any(BigInt), firstOffset: 0n }])
    const queries = [
      query(plain.topic, 5, 1),
      query(plain.topic, 11, 2),
      query(compressed.topic, 3), // inside the gzip batch
      query(compressed.topic, 25), // inside the lz4 batch
      query(txn.topic, txn.aborted.first), // aborted records and their marker, then the committed ones
      query(txn.topic, txn.committed.marker), // the commit marker, then a plain record
      query(txn.topic, txn.open.first), // the open transaction: nothing readable before it
    ]
    const got = toRecordTimestamps(queries, ours.topics)
    expect(got.map((g) => [g.timestamp, g.timestampType, g.openTransaction, g.markersOnly])).toEqual([
      [Number(plain.at(1, 5)), 'create', false, false],
      [Number(plain.at(2, 11)), 'create', false, false],
      [Number(T + 3n), 'create', false, false],
      [Number(T + 25n), 'create', false, false],
      [Number(T + 10n), 'create', false, false],
      [Number(T + 20n), 'create', false, false],
      [null, null, true, false],
    ])
    expect(got[6]?.lastStable).toBe(txn.open.first)
  })

  it('read_uncommitted: the open transaction’s first record, and aborted records too', () => {
    const { ours } = answer('read-uncommitted')
    const got = toOffsetTimestamps(
      [query(txn.topic, txn.open.first), query(txn.topic, txn.aborted.first)],
      ours.topics,
    )
    expect(got.map((g) => [g.timestamp, g.lastStable])).toEqual([
      [Number(T + 30n), txn.open.first],
      [Number(T), txn.open.first],
    ])
  })
})
