import { kafkaErrorName } from '../kafka/error-names.js'
import type { BrokerRecord, LogDirRecord, ReplicaLogRecord, TopicRecord } from '../kafka/types.js'
import type { Requests } from './collector.js'
import { compareNames } from './order.js'
import type { BrokerLogDirs, LogDirState, LogDirsState } from './snapshot.js'

interface Read {
  readonly at: number
  /** Every replica of the answer, sorted once when read; each poll only drops the topics it does not keep. */
  readonly dirs: readonly LogDirState[]
}

/**
 * Log sizes change slowly and DescribeLogDirs answers with every replica of the broker, so each broker is asked
 * every `refreshMs` (one request per broker on the polls where that is due), and in between its last answer is
 * served as it was. A broker whose request failed is asked again on the next poll; a broker that left the metadata
 * drops out. Only the answers are cached; what they say is cut to the current topics on every poll, so a deleted
 * or filtered-out topic's series go at once.
 */
export class LogDirsCache {
  readonly #reads = new Map<number, Read>()
  /**
   * Each broker's last cut, reused while its answer and the topics are the same: the same objects poll after poll
   * between refreshes, which lets the render splice their series in unchanged (metrics/family-blocks.ts), and no
   * copy of every replica list per poll.
   */
  readonly #cuts = new Map<number, { read: Read; entry: BrokerLogDirs }>()
  #topics: ReadonlySet<string> = new Set()

  constructor(private readonly refreshMs: number) {}

  async update(
    requests: Requests,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    now: number,
  ): Promise<LogDirsState> {
    const ids = new Set(brokers.map((b) => b.id))
    for (const id of this.#reads.keys()) if (!ids.has(id)) this.#reads.delete(id)
    for (const id of this.#cuts.keys()) if (!ids.has(id)) this.#cuts.delete(id)
    const due = brokers.filter(
      (b) => now - (this.#reads.get(b.id)?.at ?? Number.NEGATIVE_INFINITY) >= this.refreshMs,
    )
    if (due.length === 0) requests.idle()
    await Promise.all(
      due.map(async (broker) => {
        const dirs = await requests.request(
          'DescribeLogDirs',
          `describe log dirs on broker ${broker.id}`,
          (source) => source.describeLogDirs(broker),
        )
        if (!dirs) return
        this.#reads.set(broker.id, { at: now, dirs: dirs.map(dirState) })
        for (const d of dirs) {
          // An offline directory is data (kafka_log_dir_online 0), not a failure to collect it.
          if (d.errorCode !== 0 && d.errorCode !== KAFKA_STORAGE_ERROR)
            requests.fail(`describe log dir ${d.path} on broker ${broker.id}: ${kafkaErrorName(d.errorCode)}`)
        }
      }),
    )
    const kept = new Set<string>()
    for (const t of topics) kept.add(t.name)
    const sameTopics = kept.size === this.#topics.size && [...kept].every((t) => this.#topics.has(t))
    this.#topics = kept
    const out: BrokerLogDirs[] = []
    for (const id of [...ids].sort((a, b) => a - b)) {
      const read = this.#reads.get(id)
      if (!read) continue
      const cut = this.#cuts.get(id)
      if (sameTopics && cut?.read === read) {
        out.push(cut.entry)
        continue
      }
      const dirs = read.dirs.map((d) => ({ ...d, replicas: keptReplicas(d.replicas, kept) }))
      const entry: BrokerLogDirs = { broker: id, readAt: read.at, dirs }
      this.#cuts.set(id, { read, entry })
      out.push(entry)
    }
    return { brokers: out }
  }
}

/** The broker's error for a directory it took offline after an I/O error. */
const KAFKA_STORAGE_ERROR = 56

function dirState(d: LogDirRecord): LogDirState {
  let sizeBytes = 0
  let futureReplicas = 0
  let futureOffsetLag = 0
  for (const r of d.replicas) {
    sizeBytes += r.sizeBytes
    if (r.future) {
      futureReplicas++
      futureOffsetLag += Math.max(0, r.offsetLag)
    }
  }
  return {
    path: d.path,
    online: d.errorCode === 0,
    errorCode: d.errorCode,
    totalBytes: d.totalBytes,
    usableBytes: d.usableBytes,
    sizeBytes,
    futureReplicas,
    futureOffsetLag,
    replicas: [...d.replicas].sort(byReplica),
  }
}

function byReplica(a: ReplicaLogRecord, b: ReplicaLogRecord): number {
  return compareNames(a.topic, b.topic) || a.partition - b.partition || Number(a.future) - Number(b.future)
}

/** The replicas of topics still watched; a loop, not a per-poll callback over every replica. */
function keptReplicas(replicas: readonly ReplicaLogRecord[], kept: ReadonlySet<string>): ReplicaLogRecord[] {
  const out: ReplicaLogRecord[] = []
  for (const r of replicas) if (kept.has(r.topic)) out.push(r)
  return out
}
