// ListOffsets codec benchmark: npx tsx bench/list-offsets-codec.ts [rounds]
// Pure CPU, no cluster: one leader's share of a poll at the 16k shape (5,334 partitions over 334 topics,
// asked three times a poll: earliest, latest, last stable), encoded and its answer decoded with the library's
// codec (what kafkascope used) and with ours (src/kafka/list-offsets.ts). The answer is built as a broker writes
// v9. Reported per request: p50 over the rounds after warm-up, and the ratio.
import { listOffsetsV9, Reader } from '@platformatic/kafka'
import { parseWithLibrary } from '../src/kafka/api-call.js'
import { listOffsetsRequest } from '../src/kafka/list-offsets.js'
import type { OffsetQuery } from '../src/kafka/types.js'
import { libraryListOffsetsRequest, listOffsetsAnswer } from '../test/support/list-offsets-bytes.js'

const rounds = Number(process.argv[2] ?? 200)
const TOPICS = 334
const PER_TOPIC = 16
const queries: OffsetQuery[] = []
for (let t = 0; t < TOPICS; t++)
  for (let p = 0; p < PER_TOPIC; p++)
    queries.push({ topic: `topic-${String(t).padStart(5, '0')}`, partition: p, leaderEpoch: 4 })

const body = listOffsetsAnswer(
  9,
  queries.map((q) => ({
    topic: q.topic,
    partition: q.partition,
    errorCode: 0,
    offset: BigInt(1_000_000 + q.partition * 7919),
  })),
)

/** What kafkascope did before: the library's request, then its parse turned into our records. */
function library(): number {
  const request = libraryListOffsetsRequest(9, queries, 'latest')
  const parsed = parseWithLibrary(listOffsetsV9 as never, 2, 9, Reader.from(body)) as {
    topics: { name: string; partitions: { partitionIndex: number; errorCode: number; offset: bigint }[] }[]
  }
  const records = parsed.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      errorCode: p.errorCode,
      offset: p.errorCode === 0 && p.offset >= 0n ? Number(p.offset) : null,
    })),
  )
  return request.length + records.length
}

function ours(): number {
  const call = listOffsetsRequest({ partitions: queries, spec: 'latest' })
  return call.encode(9).length + call.decode(Reader.from(body), 9).length
}

function time(fn: () => number): number {
  const ms: number[] = []
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now()
    fn()
    ms.push(performance.now() - t0)
  }
  return ms.slice(rounds / 4).sort((a, b) => a - b)[Math.floor((ms.length * 3) / 8)] as number
}

if (library() !== ours()) throw new Error('the codecs disagree on sizes')
for (let r = 0; r < 2; r++) {
  const a = time(library)
  const b = time(ours)
  console.log(
    `${queries.length} partitions per request: library p50 ${a.toFixed(2)} ms, ours p50 ${b.toFixed(2)} ms, ours/library ${(b / a).toFixed(2)}`,
  )
}
