import { Reader } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { listOffsetsRequest } from '../../../src/kafka/list-offsets.js'
import type { OffsetQuery } from '../../../src/kafka/types.js'
import { libraryListOffsetsRequest, listOffsetsAnswer } from '../../support/list-offsets-bytes.js'

const partitions: OffsetQuery[] = [
  { topic: 'orders', partition: 0, leaderEpoch: 3 },
  { topic: 'payments-ü', partition: 7, leaderEpoch: -1 },
  { topic: 'orders', partition: 2, leaderEpoch: 2_000_000_000 },
]

/** An answer of these rows, read as the broker link hands it over. */
function response(
  version: number,
  rows: [topic: string, partition: number, error: number, offset: bigint][],
): Reader {
  return Reader.from(
    listOffsetsAnswer(
      version,
      rows.map(([topic, partition, errorCode, offset]) => ({ topic, partition, errorCode, offset })),
    ),
  )
}

describe('ListOffsets codec', () => {
  it.each(
    [5, 6, 7, 8, 9].flatMap((v) =>
      (['earliest', 'latest', 'lastStable'] as const).map((s) => [v, s] as const),
    ),
  )('v%i %s: the request body is byte for byte the library’s', (version, spec) => {
    const body = listOffsetsRequest({ partitions, spec }).encode(version).buffer
    expect(body.equals(libraryListOffsetsRequest(version, partitions, spec))).toBe(true)
  })

  it.each([5, 6, 9])('v%i: decodes offsets exactly (past 2^32), errors as null, -1 as null', (version) => {
    const reader = response(version, [
      ['orders', 0, 0, 2n ** 40n + 12345n],
      ['orders', 2, 0, 0n],
      ['payments-ü', 7, 6, -1n],
      ['payments-ü', 1, 0, -1n],
      ['payments-ü', 3, 0, BigInt(Number.MAX_SAFE_INTEGER)],
    ])
    const decoded = listOffsetsRequest({ partitions: [], spec: 'latest' }).decode(reader, version)
    expect(decoded).toEqual([
      { topic: 'orders', partition: 0, errorCode: 0, offset: 2 ** 40 + 12345 },
      { topic: 'orders', partition: 2, errorCode: 0, offset: 0 },
      { topic: 'payments-ü', partition: 7, errorCode: 6, offset: null },
      { topic: 'payments-ü', partition: 1, errorCode: 0, offset: null },
      { topic: 'payments-ü', partition: 3, errorCode: 0, offset: Number.MAX_SAFE_INTEGER },
    ])
    expect(reader.remaining).toBe(0)
  })

  it('refuses a truncated or corrupt answer with an error, not garbage', () => {
    const whole = response(9, [['orders', 0, 0, 10n]]).buffer.slice()
    const call = listOffsetsRequest({ partitions: [], spec: 'latest' })
    expect(() => call.decode(Reader.from(whole.subarray(0, whole.length - 6)), 9)).toThrow(RangeError)
    const corrupt = Buffer.from(whole)
    corrupt[4] = 0x7f // 126 topics in a few bytes
    expect(() => call.decode(Reader.from(corrupt), 9)).toThrow(RangeError)
  })
})
