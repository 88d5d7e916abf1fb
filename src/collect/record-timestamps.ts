import type { BrokerRecord, TopicRecord } from '../kafka/types.js'
import { offsetKey } from '../keys.js'
import type { Requests } from './collector.js'
import {
  FAILED_FETCH_BACKOFF_POLLS,
  fetchPerLeader,
  queriesByLeader,
  type WantedTimestamp,
} from './leader-fetch.js'
import { OpenTransactionTimestamps } from './open-transactions.js'

export { FAILED_FETCH_BACKOFF_POLLS }

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
 * asked first in the next poll. What the answers left of the budget serves the timestamps of open transactions
 * (open-transactions.ts).
 */
export class RecordTimestampCache {
  /** In order of when each offset was last wanted, oldest first: eviction takes from the front. */
  readonly #cache = new Map<string, number>()
  #starved = new Set<string>()
  /**
   * This poll's verdicts for offsets without a readable record: caught up, or waiting on an open transaction. Not
   * cached: data may follow them later, and the verdict must agree with the Fetch's own last stable offset.
   */
  #markersOnly = new Set<string>()
  #openTransaction = new Set<string>()
  #usedBytes = 0
  readonly #backoff = new Map<number, number>()
  readonly #open = new OpenTransactionTimestamps()

  constructor(
    private readonly budgetBytes: number,
    private readonly retainedUnwanted = RETAINED_UNWANTED,
  ) {}

  /** Offsets whose timestamp is held, wanted or not (for tests of the memory bound). */
  get size(): number {
    return this.#cache.size
  }

  /** `wanted` keyed by offsetKey, as the collector builds it (so no key is made twice). */
  async update(
    requests: Requests,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    wanted: ReadonlyMap<string, WantedTimestamp>,
  ): Promise<ReadonlyMap<string, number>> {
    const next = new Map<string, number>()
    this.#markersOnly = new Set()
    this.#openTransaction = new Set()
    this.#usedBytes = 0
    const starved: WantedTimestamp[] = []
    const missing: WantedTimestamp[] = []
    for (const [k, w] of wanted) {
      const ts = this.#cache.get(k)
      if (ts === undefined) {
        // Partitions starved by the budget last time go first, so every partition is served within a few polls.
        if (this.#starved.has(k)) starved.push(w)
        else missing.push(w)
        continue
      }
      next.set(k, ts)
      // Most recently wanted goes to the back.
      this.#cache.delete(k)
      this.#cache.set(k, ts)
    }
    if (starved.length + missing.length === 0 || this.budgetBytes <= 0) {
      requests.idle()
      return this.#evict(next)
    }

    this.#starved = new Set()
    const { answers, usedBytes } = await fetchPerLeader(
      requests,
      brokers,
      queriesByLeader(topics, [...starved, ...missing]),
      this.budgetBytes,
      this.#backoff,
      'read record timestamps',
      (source, broker, queries, maxBytes) => source.fetchRecordTimestamps(broker, queries, maxBytes),
    )
    this.#usedBytes = usedBytes
    for (const a of answers) {
      const k = offsetKey(a.topic, a.partition, a.offset)
      if (a.timestamp !== null && a.timestamp >= 0) {
        next.set(k, a.timestamp)
        this.#cache.set(k, a.timestamp)
      } else if (a.markersOnly) this.#markersOnly.add(k)
      else if (a.openTransaction) this.#openTransaction.add(k)
      else if (a.errorCode === 0) this.#starved.add(k)
    }
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

  /**
   * Timestamps of the records at the last stable offsets given (partitions with an open transaction), within what
   * the answers of update() left of this poll's byte budget.
   */
  updateOpenTransactions(
    requests: Requests,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    open: readonly WantedTimestamp[],
  ): Promise<ReadonlyMap<string, number>> {
    return this.#open.update(requests, brokers, topics, open, this.budgetBytes - this.#usedBytes)
  }

  /**
   * Whether a read_committed consumer at this offset has nothing to read now: only transaction markers and records
   * of aborted transactions follow it, and no transaction is open (the group is caught up). By offsetKey.
   */
  isMarkersOnly(key: string): boolean {
    return this.#markersOnly.has(key)
  }

  /** Whether only markers and aborted records lie between this offset (by offsetKey) and an open transaction's first. */
  waitsOnOpenTransaction(key: string): boolean {
    return this.#openTransaction.has(key)
  }
}

export type { WantedTimestamp }
