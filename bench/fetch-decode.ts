// Fetch decode benchmark: npx tsx bench/fetch-decode.ts [seconds per case]
// Pure CPU, no cluster: the time to turn one timestamp Fetch answer (up to --lag.fetch-max-bytes = 4 MiB) into
// record timestamps, with the library's parser (what kafkascope used: every record of every batch decoded) and with
// ours (src/kafka/fetch.ts: batch headers, then the deltas of the one batch that holds each wanted offset). The
// bodies are synthetic (test/support/fetch-bytes.ts: batches the library's producer code writes, 100-byte values,
// a key and a header per record), shaped like what a group-churn poll asks: 16 partitions of one leader.
import { fetchV17, Reader } from '@platformatic/kafka'
import { decodeFetchResponse } from '../src/kafka/fetch.js'
import { toRecordTimestamps } from '../src/kafka/read-committed.js'
import type { FetchedTopic } from '../src/kafka/record-timestamps.js'
import type { RecordTimestampQuery } from '../src/kafka/types.js'
import { batchesOf, fetchResponseBody } from '../test/support/fetch-bytes.js'

const seconds = Number(process.argv[2] ?? 2)
const TOPIC = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9'
const PARTITIONS = 16
const PER_PARTITION = 256 * 1024
const T = 1_700_000_000_000n

interface Case {
  name: string
  perBatch: number
  compression?: 'gzip' | 'lz4'
}
const CASES: Case[] = [
  // ~16 KiB batches (the Java producer's default batch.size) of 100-byte records.
  { name: '16 KiB batches', perBatch: 120 },
  { name: '16 KiB batches, lz4', perBatch: 120, compression: 'lz4' },
  { name: '16 KiB batches, gzip', perBatch: 120, compression: 'gzip' },
  // One batch filling the partition's share (a producer with a large batch.size and linger).
  { name: '236 KiB batches', perBatch: 1800 },
  { name: '236 KiB batches, lz4', perBatch: 1800, compression: 'lz4' },
]

function build(c: Case): { body: Buffer; queries: RecordTimestampQuery[] } {
  const partitions = []
  const queries: RecordTimestampQuery[] = []
  for (let p = 0; p < PARTITIONS; p++) {
    const { bytes, next } = batchesOf({
      from: 0,
      perBatch: c.perBatch,
      valueBytes: 100,
      totalBytes: PER_PARTITION - 20_000,
      timestamp: (o) => T + BigInt(o),
      ...(c.compression ? { compression: c.compression } : {}),
    })
    partitions.push({ partition: p, highWatermark: BigInt(next), aborted: [], records: bytes })
    // The group's committed offset: in the first batch, as a Fetch from that offset returns it.
    queries.push({
      topic: 't',
      topicId: TOPIC,
      partition: p,
      leaderEpoch: 0,
      offset: Math.floor(c.perBatch / 2),
    })
  }
  return { body: fetchResponseBody([{ topicId: TOPIC, partitions }]), queries }
}

function library(body: Buffer): readonly FetchedTopic[] {
  return fetchV17.parseResponse(0, 1, 17, Reader.from(body)).responses
}
function ours(body: Buffer): readonly FetchedTopic[] {
  return decodeFetchResponse(body).topics
}

function measure(
  decode: (b: Buffer) => readonly FetchedTopic[],
  body: Buffer,
  queries: RecordTimestampQuery[],
) {
  const times: number[] = []
  const end = performance.now() + seconds * 1000
  let check = 0
  while (performance.now() < end || times.length < 5) {
    const t = performance.now()
    const answers = toRecordTimestamps(queries, decode(body))
    times.push(performance.now() - t)
    check += answers.filter((a) => a.timestamp !== null).length
  }
  times.sort((a, b) => a - b)
  return {
    median: times[Math.floor(times.length / 2)] as number,
    p99: times[Math.floor(times.length * 0.99)] as number,
    runs: times.length,
    found: check / times.length,
  }
}

console.log(
  `node ${process.version}, ${seconds} s per case, ${PARTITIONS} partitions × ~${PER_PARTITION / 1024} KiB`,
)
for (const c of CASES) {
  const { body, queries } = build(c)
  const expected = JSON.stringify(toRecordTimestamps(queries, library(body)))
  if (JSON.stringify(toRecordTimestamps(queries, ours(body))) !== expected)
    throw new Error(`${c.name}: answers differ`)
  // Ours first, so the library's garbage is not collected during our runs.
  const own = measure(ours, body, queries)
  const lib = measure(library, body, queries)
  console.log(
    `${c.name.padEnd(22)} ${(body.length / 1048576).toFixed(2)} MiB  library ${lib.median.toFixed(2)} ms (p99 ${lib.p99.toFixed(2)})  ours ${own.median.toFixed(3)} ms (p99 ${own.p99.toFixed(3)})  ×${(lib.median / own.median).toFixed(0)}`,
  )
}
