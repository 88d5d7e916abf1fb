import { createRecordsBatch, Reader, readRecordsBatches } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { lazyBatches } from '../../../src/kafka/fetch-response.js'
import { timestampAt } from '../../../src/kafka/record-timestamps.js'

const T = 1_700_000_000_000n

/** One record batch as a broker returns it: base offset `first`, records at the given timestamps. */
function batch(first: number, timestamps: bigint[]): Buffer {
  const bytes = Buffer.from(
    createRecordsBatch(timestamps.map((timestamp) => ({ topic: 't', value: Buffer.from('v'), timestamp })))
      .buffer,
  )
  bytes.writeBigInt64BE(BigInt(first), 0)
  return bytes
}

describe('lazyBatches', () => {
  const a = batch(100, [T, T + 5n, T + 9n])
  // A second batch whose records cannot be decoded (its record count says a million): decoding it would throw.
  const b = batch(103, [T + 20n, T + 21n])
  b.writeInt32BE(1_000_000, 57)
  // A third batch cut off by the Fetch size limit.
  const bytes = Buffer.concat([a, b, batch(105, [T + 30n]).subarray(0, 30)])

  it('reads the header of every complete batch and leaves a cut-off one out', () => {
    const batches = lazyBatches(bytes)
    expect(batches.map((x) => [x.firstOffset, x.lastOffsetDelta, x.firstTimestamp, x.maxTimestamp])).toEqual([
      [100n, 2, T, T + 9n],
      [103n, 1, T + 20n, T + 21n],
    ])
  })

  it('decodes only the batch that holds the wanted offset (the library decodes all of them)', () => {
    expect(() => readRecordsBatches(Reader.from(bytes))).toThrow()
    const batches = lazyBatches(bytes)
    expect(timestampAt(batches, 101)).toEqual({ timestamp: Number(T + 5n), type: 'create' })
    // The other batch is still undecoded, and decoding it really fails: the lookup above never touched it.
    expect(() => batches[1]?.records).toThrow()
  })

  it('decodes a batch once, however often its records are read', () => {
    const [first] = lazyBatches(a)
    expect(first?.records).toBe(first?.records)
    expect(first?.records.map((r) => [r.offsetDelta, r.timestampDelta])).toEqual([
      [0, 0n],
      [1, 5n],
      [2, 9n],
    ])
  })
})
