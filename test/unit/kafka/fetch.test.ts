import { fetchV17, Reader } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { KafkascopeError } from '../../../src/errors.js'
import { decodeFetchResponse } from '../../../src/kafka/fetch.js'
import { timestampAt } from '../../../src/kafka/record-timestamps.js'
import { batchesOf, fetchResponseBody, recordBatch } from '../../support/fetch-bytes.js'

const T = 1_700_000_000_000n
const TOPIC_A = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9'
const TOPIC_B = 'ffeeddcc-bbaa-9988-7766-554433221100'
/** Where a batch's record count sits (after offset, length, epoch, magic, crc, attributes ... first sequence). */
const RECORD_COUNT = 57

const headers = (batches: readonly { firstOffset: bigint; lastOffsetDelta: number }[] | undefined) =>
  (batches ?? []).map((b) => [b.firstOffset, b.lastOffsetDelta])

describe('decodeFetchResponse', () => {
  const a0 = batchesOf({
    from: 0,
    perBatch: 10,
    valueBytes: 50,
    totalBytes: 3000,
    timestamp: (o) => T + BigInt(o),
  })
  const gzip = recordBatch({
    baseOffset: 40,
    count: 25,
    valueBytes: 80,
    timestamp: (i) => T + 40n + BigInt(i),
    compression: 'gzip',
  })
  const body = fetchResponseBody([
    {
      topicId: TOPIC_A,
      partitions: [
        { partition: 0, highWatermark: BigInt(a0.next), records: a0.bytes },
        { partition: 1, highWatermark: 0n, records: null },
      ],
    },
    {
      topicId: TOPIC_B,
      partitions: [
        {
          partition: 3,
          highWatermark: 65n,
          lastStableOffset: 60n,
          aborted: [{ producerId: 7n, firstOffset: 41n }],
          records: gzip,
        },
      ],
    },
  ])

  it('reads what the library reads: topics, partitions, offsets, aborted transactions, batch headers and records', () => {
    const ours = decodeFetchResponse(body)
    const library = fetchV17.parseResponse(0, 1, 17, Reader.from(body))
    expect(ours.errorCode).toBe(0)
    expect(ours.topics.map((t) => t.topicId)).toEqual([TOPIC_A, TOPIC_B])
    for (const [i, topic] of library.responses.entries()) {
      for (const [j, p] of topic.partitions.entries()) {
        const mine = ours.topics[i]?.partitions[j]
        expect(mine).toMatchObject({
          partitionIndex: p.partitionIndex,
          errorCode: p.errorCode,
          highWatermark: p.highWatermark,
          lastStableOffset: p.lastStableOffset,
          abortedTransactions: p.abortedTransactions,
        })
        expect(mine?.records?.length).toBe(p.records?.length ?? 0)
        for (const [k, batch] of (p.records ?? []).entries()) {
          const b = mine?.records?.[k]
          expect(b).toMatchObject({
            firstOffset: batch.firstOffset,
            length: batch.length,
            attributes: batch.attributes,
            lastOffsetDelta: batch.lastOffsetDelta,
            firstTimestamp: batch.firstTimestamp,
            maxTimestamp: batch.maxTimestamp,
            producerId: batch.producerId,
          })
          expect(b?.records.map((r) => [r.offsetDelta, r.timestampDelta])).toEqual(
            batch.records.map((r) => [r.offsetDelta, r.timestampDelta]),
          )
        }
      }
    }
    // Not vacuous: three plain batches and the gzip one were compared.
    expect(ours.topics[0]?.partitions[0]?.records?.length).toBeGreaterThanOrEqual(3)
    expect(ours.topics[1]?.partitions[0]?.records?.[0]?.attributes).toBe(1)
  })

  it('finds a record inside a compressed batch', () => {
    const batches = decodeFetchResponse(body).topics[1]?.partitions[0]?.records
    expect(timestampAt(batches, 52)).toEqual({ timestamp: Number(T + 52n), type: 'create' })
  })

  it('leaves out a last batch cut off by the size limit', () => {
    const whole = recordBatch({ baseOffset: 0, count: 3, valueBytes: 10, timestamp: () => T })
    const cut = recordBatch({ baseOffset: 3, count: 3, valueBytes: 10, timestamp: () => T }).subarray(0, 40)
    const decoded = decodeFetchResponse(
      fetchResponseBody([
        {
          topicId: TOPIC_A,
          partitions: [{ partition: 0, highWatermark: 6n, records: Buffer.concat([whole, cut]) }],
        },
      ]),
    )
    expect(headers(decoded.topics[0]?.partitions[0]?.records)).toEqual([[0n, 2]])
  })

  it('decodes the records of only the batch that holds the wanted offset', () => {
    const first = recordBatch({ baseOffset: 100, count: 3, valueBytes: 10, timestamp: (i) => T + BigInt(i) })
    // A second batch whose records cannot be decoded: its count says a million, its body is garbage.
    const broken = recordBatch({ baseOffset: 103, count: 2, valueBytes: 10, timestamp: () => T })
    broken.writeInt32BE(1_000_000, RECORD_COUNT)
    broken.fill(0xff, RECORD_COUNT + 4)
    const batches = decodeFetchResponse(
      fetchResponseBody([
        {
          topicId: TOPIC_A,
          partitions: [{ partition: 0, highWatermark: 105n, records: Buffer.concat([first, broken]) }],
        },
      ]),
    ).topics[0]?.partitions[0]?.records
    expect(headers(batches)).toEqual([
      [100n, 2],
      [103n, 1],
    ])
    expect(timestampAt(batches, 101)).toEqual({ timestamp: Number(T + 1n), type: 'create' })
    // Decoding the other batch really fails, so the lookup above never touched it; and it fails with our error.
    expect(() => batches?.[1]?.records).toThrow(KafkascopeError)
    expect(() => batches?.[1]?.records).toThrow(/failed to decode a record batch/)
  })

  it('a batch compressed with a codec nobody knows fails when read, not when the response is decoded', () => {
    const batch = recordBatch({ baseOffset: 0, count: 2, valueBytes: 10, timestamp: () => T })
    batch.writeInt16BE(0x07, 21) // compression type 7: not defined
    const batches = decodeFetchResponse(
      fetchResponseBody([
        { topicId: TOPIC_A, partitions: [{ partition: 0, highWatermark: 2n, records: batch }] },
      ]),
    ).topics[0]?.partitions[0]?.records
    expect(batches).toHaveLength(1)
    expect(() => batches?.[0]?.records).toThrow(/unknown compression type 7/)
  })

  it('a truncated response is an error, not a short answer', () => {
    expect(() => decodeFetchResponse(body.subarray(0, body.length - 200))).toThrow(/ends early/)
  })
})
