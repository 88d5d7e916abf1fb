import { Writer } from '@platformatic/kafka'
import { libraryCodec } from '../../src/kafka/api-call.js'
import type { OffsetQuery, OffsetSpec } from '../../src/kafka/types.js'

/** The library's ListOffsets request body for these partitions: the reference our codec's bytes must equal. */
export function libraryListOffsetsRequest(
  version: number,
  partitions: readonly OffsetQuery[],
  spec: OffsetSpec,
): Buffer {
  const byTopic = new Map<
    string,
    { partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }[]
  >()
  for (const p of partitions) {
    const list = byTopic.get(p.topic) ?? []
    list.push({
      partitionIndex: p.partition,
      currentLeaderEpoch: p.leaderEpoch,
      timestamp: spec === 'earliest' ? -2n : -1n,
    })
    byTopic.set(p.topic, list)
  }
  const topics = [...byTopic].map(([name, parts]) => ({ name, partitions: parts }))
  const codec = libraryCodec<unknown[], unknown>('ListOffsets', version)
  return codec.createRequest(-1, spec === 'lastStable' ? 1 : 0, topics).buffer
}

export interface AnswerRow {
  readonly topic: string
  readonly partition: number
  readonly errorCode: number
  readonly offset: bigint
}

/** A ListOffsets answer as a broker writes it (v5: classic arrays; v6+: compact, with tagged fields). */
export function listOffsetsAnswer(version: number, rows: readonly AnswerRow[]): Buffer {
  const flexible = version >= 6
  const byTopic = new Map<string, AnswerRow[]>()
  for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r])
  const w = Writer.create().appendInt32(0)
  w.appendArray(
    [...byTopic],
    (w, [topic, partitions]) => {
      w.appendString(topic, flexible)
      w.appendArray(
        partitions,
        (w, r) => {
          w.appendInt32(r.partition)
            .appendInt16(r.errorCode)
            .appendInt64(-1n)
            .appendInt64(r.offset)
            .appendInt32(5)
        },
        flexible,
        flexible,
      )
    },
    flexible,
    flexible,
  )
  if (flexible) w.appendTaggedFields()
  return w.buffer
}
