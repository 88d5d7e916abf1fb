import type { BrokerRecord, RecordTimestampQuery, TopicRecord } from '../kafka/types.js'
import type { PollTracker } from './tracker.js'

/** Polls to leave a leader alone after its Fetch failed. */
export const FAILED_FETCH_BACKOFF_POLLS = 10

export interface WantedTimestamp {
  readonly topic: string
  readonly partition: number
  readonly offset: number
}

function key(topic: string, partition: number, offset: number): string {
  return `${topic}\u0000${partition}\u0000${offset}`
}

/**
 * Offsets no longer wanted that are still remembered, at least (more when more offsets are wanted): ~1.5 MB.
 * Groups that are deleted and created again, or vanish for a poll while their coordinator moves, come back at the
 * offsets they had; forgetting those at once made every such poll Fetch and decode megabytes of records again on
 * the event loop (the scrape stalls under group churn, bench/group-churn.ts).
 */
export const RETAINED_UNWANTED = 10_000

/**
 * Timestamps of the first unconsumed record of each committed partition, read with one Fetch per leader and cached:
 * a record at an offset never changes, so each (partition, offset) is read once. Offsets no longer wanted are kept
 * for a while, least recently wanted dropped first, so memory is bounded by the committed partitions (twice over,
 * or RETAINED_UNWANTED more). A byte budget caps each poll's Fetch responses; partitions that did not fit are
 * asked first in the next poll.
 */
export class RecordTimestampCache {
  /** In order of when each offset was last wanted, oldest first: eviction takes from the front. */
  readonly #cache = new Map<string, number>()
  #starved = new Set<string>()
  /** Offsets followed only by transaction markers in this poll; not cached, since data may follow them later. */
  #markersOnly = new Set<string>()
  /**
   * Leaders whose Fetch failed, and how many polls to skip them for. A failure that repeats every poll (e.g. zstd
   * batches on a Node without zstd in zlib) must not keep the collector failed and cost a request each time; lag in
   * seconds falls back to the watermark history meanwhile.
   */
  readonly #backoff = new Map<number, number>()

  constructor(
    private readonly budgetBytes: number,
    private readonly retainedUnwanted = RETAINED_UNWANTED,
  ) {}

  /** Offsets whose timestamp is held, wanted or not (for tests of the memory bound). */
  get size(): number {
    return this.#cache.size
  }

  async update(
    tracker: PollTracker,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    wanted: readonly WantedTimestamp[],
  ): Promise<ReadonlyMap<string, number>> {
    const next = new Map<string, number>()
    this.#markersOnly = new Set()
    const missing: WantedTimestamp[] = []
    for (const w of wanted) {
      const k = key(w.topic, w.partition, w.offset)
      const ts = this.#cache.get(k)
      if (ts === undefined) {
        missing.push(w)
        continue
      }
      next.set(k, ts)
      // Most recently wanted goes to the back.
      this.#cache.delete(k)
      this.#cache.set(k, ts)
    }
    if (missing.length === 0 || this.budgetBytes <= 0) return this.#evict(next)
    tracker.touch('record_timestamps')

    const partitions = new Map(
      topics.map((t) => [t.name, { topic: t, byIndex: new Map(t.partitions.map((p) => [p.partition, p])) }]),
    )
    const byLeader = new Map<number, RecordTimestampQuery[]>()
    // Partitions starved by the budget last time go first, so every partition is served within a few polls.
    const starvedFirst = [
      ...missing.filter((w) => this.#starved.has(key(w.topic, w.partition, w.offset))),
      ...missing.filter((w) => !this.#starved.has(key(w.topic, w.partition, w.offset))),
    ]
    for (const w of starvedFirst) {
      const t = partitions.get(w.topic)
      const p = t?.byIndex.get(w.partition)
      if (!t || !p || p.leader < 0) continue
      let list = byLeader.get(p.leader)
      if (!list) {
        list = []
        byLeader.set(p.leader, list)
      }
      list.push({
        topic: w.topic,
        topicId: t.topic.id,
        partition: w.partition,
        leaderEpoch: p.leaderEpoch,
        offset: w.offset,
      })
    }
    const share = Math.max(1, Math.floor(this.budgetBytes / Math.max(1, byLeader.size)))
    this.#starved = new Set()
    await Promise.all(
      [...byLeader].map(async ([leader, queries]) => {
        const broker = brokers.find((b) => b.id === leader)
        if (!broker) return
        const skip = this.#backoff.get(leader) ?? 0
        if (skip > 0) {
          this.#backoff.set(leader, skip - 1)
          return
        }
        const answers = await tracker.request(
          'record_timestamps',
          'Fetch',
          `read record timestamps on broker ${leader}`,
          () => tracker.source.fetchRecordTimestamps(broker, queries, share),
        )
        if (answers === undefined) this.#backoff.set(leader, FAILED_FETCH_BACKOFF_POLLS)
        for (const a of answers ?? []) {
          const k = key(a.topic, a.partition, a.offset)
          if (a.timestamp !== null && a.timestamp >= 0) {
            next.set(k, a.timestamp)
            this.#cache.set(k, a.timestamp)
          } else if (a.markersOnly) this.#markersOnly.add(k)
          else if (a.errorCode === 0) this.#starved.add(k)
        }
      }),
    )
    return this.#evict(next)
  }

  /** Drops the least recently wanted offsets beyond the bound; what this poll wants is at the back, never dropped. */
  #evict(wanted: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
    const limit = wanted.size + Math.max(wanted.size, this.retainedUnwanted)
    for (const k of this.#cache.keys()) {
      if (this.#cache.size <= limit) break
      this.#cache.delete(k)
    }
    return wanted
  }

  /** Whether only transaction markers followed this offset in the last update (the group is caught up). */
  isMarkersOnly(topic: string, partition: number, offset: number): boolean {
    return this.#markersOnly.has(key(topic, partition, offset))
  }
}

export { key as recordTimestampKey }
