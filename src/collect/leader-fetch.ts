import type { KafkaSource } from '../kafka/source.js'
import type {
  BrokerRecord,
  PartitionRecord,
  RecordTimestamp,
  RecordTimestampQuery,
  TopicRecord,
} from '../kafka/types.js'
import { pushTo } from '../keys.js'
import type { Requests } from './collector.js'

/** Polls to leave a leader alone after its Fetch failed. */
export const FAILED_FETCH_BACKOFF_POLLS = 10

export interface WantedTimestamp {
  readonly topic: string
  readonly partition: number
  readonly offset: number
}

/** The wanted offsets grouped by the leader of their partition; partitions without a leader are left out. */
export function queriesByLeader(
  topics: readonly TopicRecord[],
  wanted: readonly WantedTimestamp[],
): Map<number, RecordTimestampQuery[]> {
  const partitions = new Map<string, { topic: TopicRecord; byIndex: Map<number, PartitionRecord> }>()
  for (const t of topics) {
    const byIndex = new Map<number, PartitionRecord>()
    for (const p of t.partitions) byIndex.set(p.partition, p)
    partitions.set(t.name, { topic: t, byIndex })
  }
  const byLeader = new Map<number, RecordTimestampQuery[]>()
  for (const w of wanted) {
    const t = partitions.get(w.topic)
    const p = t?.byIndex.get(w.partition)
    if (!t || !p || p.leader < 0) continue
    pushTo(byLeader, p.leader, {
      topic: w.topic,
      topicId: t.topic.id,
      partition: w.partition,
      leaderEpoch: p.leaderEpoch,
      offset: w.offset,
    })
  }
  return byLeader
}

export type FetchTimestamps = (
  source: KafkaSource,
  broker: BrokerRecord,
  queries: readonly RecordTimestampQuery[],
  maxBytes: number,
) => Promise<RecordTimestamp[]>

/**
 * One Fetch per leader, in parallel, the byte budget split evenly between them. A leader whose Fetch failed is
 * skipped for the next FAILED_FETCH_BACKOFF_POLLS calls (`backoff` holds the countdown): a failure that repeats every
 * poll (e.g. zstd batches on a Node without zstd in zlib) must not keep the collector failed and cost a request each
 * time. Returns the answers and the bytes they came in.
 */
export async function fetchPerLeader(
  requests: Requests,
  brokers: readonly BrokerRecord[],
  byLeader: ReadonlyMap<number, readonly RecordTimestampQuery[]>,
  budgetBytes: number,
  backoff: Map<number, number>,
  what: string,
  send: FetchTimestamps,
): Promise<{ answers: RecordTimestamp[]; usedBytes: number }> {
  const share = Math.max(1, Math.floor(budgetBytes / Math.max(1, byLeader.size)))
  const fetched = { answers: [] as RecordTimestamp[], usedBytes: 0 }
  const work: Promise<void>[] = []
  for (const [leader, queries] of byLeader) {
    const broker = brokers.find((b) => b.id === leader)
    if (!broker) continue
    const skip = backoff.get(leader) ?? 0
    if (skip > 0) {
      backoff.set(leader, skip - 1)
      continue
    }
    const got = requests.request('Fetch', `${what} on broker ${leader}`, (source) =>
      send(source, broker, queries, share),
    )
    work.push(got.then((answers) => collectAnswers(fetched, answers, backoff, leader)))
  }
  await Promise.all(work)
  return fetched
}

// Module-level, as is every loop over answers here: V8 keeps a closure's optimized code only while the closure lives,
// so a loop in a callback made per poll is compiled again every poll.
function collectAnswers(
  into: { answers: RecordTimestamp[]; usedBytes: number },
  got: RecordTimestamp[] | undefined,
  backoff: Map<number, number>,
  leader: number,
): void {
  if (got === undefined) {
    backoff.set(leader, FAILED_FETCH_BACKOFF_POLLS)
    return
  }
  for (const a of got) {
    into.answers.push(a)
    into.usedBytes += a.bytes
  }
}
