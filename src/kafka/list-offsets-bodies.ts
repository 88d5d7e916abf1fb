import { encodeListOffsets, type ListOffsetsOptions } from './list-offsets.js'
import type { OffsetQuery } from './types.js'

interface Last {
  /** Per query, its topic; and its partition and leader epoch at 2i, 2i + 1: what the body was made from. */
  readonly topics: readonly string[]
  readonly numbers: Int32Array
  readonly body: Buffer
}

/**
 * The last ListOffsets request body per broker, spec and wire flavour, sent again while the partitions asked are
 * the same: every poll asks each leader three times for every partition it leads (48,000 partitions a poll at
 * 16,000), and between metadata changes those lists do not change, so encoding them again was a tenth of the poll
 * worker's CPU. What is kept to compare is compact (two numbers per partition and the topic name it shares with the
 * metadata), not the last poll's query objects. The body Buffer is never written to after it is made.
 */
export class ListOffsetsBodies {
  readonly #last = new Map<string, Last>()

  body(broker: number, options: ListOffsetsOptions, flexible: boolean): Buffer {
    const key = `${broker}/${options.spec}/${flexible ? 'flexible' : 'plain'}`
    const last = this.#last.get(key)
    if (last !== undefined && sameQueries(last, options.partitions)) return last.body
    const body = encodeListOffsets(options, flexible)
    this.#last.set(key, { ...fingerprint(options.partitions), body })
    return body
  }
}

function fingerprint(queries: readonly OffsetQuery[]): Omit<Last, 'body'> {
  const topics: string[] = new Array(queries.length)
  const numbers = new Int32Array(2 * queries.length)
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i] as OffsetQuery
    topics[i] = q.topic
    numbers[2 * i] = q.partition
    numbers[2 * i + 1] = q.leaderEpoch
  }
  return { topics, numbers }
}

function sameQueries(last: Last, queries: readonly OffsetQuery[]): boolean {
  if (last.topics.length !== queries.length) return false
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i] as OffsetQuery
    if (last.numbers[2 * i] !== q.partition || last.numbers[2 * i + 1] !== q.leaderEpoch) return false
    if (last.topics[i] !== q.topic) return false
  }
  return true
}
