import type { KafkaSource } from '../kafka/source.js'
import type { BrokerRecord, RecordTimestamp, RecordTimestampQuery, TopicRecord } from '../kafka/types.js'
import type { Requests } from './collector.js'
import {
  FAILED_FETCH_BACKOFF_POLLS,
  fetchPerLeader,
  queriesByLeader,
  type WantedTimestamp,
} from './leader-fetch.js'
import { OffsetEntries, type Verdict } from './offset-entries.js'
import { OpenTransactionTimestamps } from './open-transactions.js'
import { Census, Eviction } from './timestamp-eviction.js'

export { FAILED_FETCH_BACKOFF_POLLS }

/**
 * Offsets no longer wanted that are still remembered, at least (more when more offsets are wanted): ~1.5 MB.
 * Groups that are deleted and created again, or vanish for a poll while their coordinator moves, come back at the
 * offsets they had; forgetting those at once made every such poll Fetch and decode megabytes of records again on
 * the event loop (the scrape stalls under group churn, bench/group-churn.ts).
 */
export const RETAINED_UNWANTED = 10_000

/**
 * This poll's view of the records groups wait for at their committed offsets, for the offsets wanted this poll
 * (asked of any other, it knows nothing).
 */
export interface CommittedRecords {
  /** Timestamp of the first record after the committed offset, when it was read. */
  timestampOf(o: WantedTimestamp): number | undefined
  isMarkersOnly(o: WantedTimestamp): boolean
  waitsOnOpenTransaction(o: WantedTimestamp): boolean
}

/**
 * Timestamps of the first unconsumed record of each committed partition, read with one Fetch per leader and cached:
 * a record at an offset never changes, so each (partition, offset) is read once. Offsets no longer wanted are kept
 * for a while, least recently wanted dropped first, so memory is bounded by the committed partitions (twice over,
 * or RETAINED_UNWANTED more). A byte budget caps each poll's Fetch responses; partitions that did not fit are
 * asked first in the next poll. What the answers left of the budget serves the timestamps of open transactions
 * (open-transactions.ts). Answers are read back, for the offsets wanted this poll only, as CommittedRecords.
 */
export class RecordTimestampCache implements CommittedRecords {
  readonly #entries = new OffsetEntries()
  /** Polls counted from 1: an entry's wantedAt and verdictAt say which poll last touched it. */
  #poll = 0
  /** Entries with a timestamp (what the memory bound counts). */
  #timed = 0
  #usedBytes = 0
  readonly #backoff = new Map<number, number>()
  readonly #open = new OpenTransactionTimestamps()
  readonly #census = new Census()
  readonly #eviction = new Eviction()

  constructor(
    private readonly budgetBytes: number,
    private readonly retainedUnwanted = RETAINED_UNWANTED,
  ) {}

  /** Offsets whose timestamp is held, wanted or not (for tests of the memory bound). */
  get size(): number {
    return this.#timed
  }

  /** A new poll: `wanted` (duplicates allowed: groups at the same offset share one read) are read where not known. */
  async update(
    requests: Requests,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    wanted: readonly WantedTimestamp[],
  ): Promise<void> {
    const poll = ++this.#poll
    this.#usedBytes = 0
    const starved: WantedTimestamp[] = []
    const missing: WantedTimestamp[] = []
    for (const w of wanted) {
      const e = this.#entries.findOrAdd(w.topic, w.partition, w.offset)
      if (e.wantedAt === poll) continue
      e.wantedAt = poll
      if (!Number.isNaN(e.timestamp)) continue
      // Partitions starved by the budget last time go first, so every partition is served within a few polls.
      if (e.starved) starved.push(w)
      else missing.push(w)
      e.starved = false
    }
    if (starved.length + missing.length === 0 || this.budgetBytes <= 0) requests.idle()
    else await this.#read(requests, brokers, topics, [...starved, ...missing], poll)
    this.#evict(poll)
  }

  async #read(
    requests: Requests,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    asked: readonly WantedTimestamp[],
    poll: number,
  ): Promise<void> {
    const { answers, usedBytes } = await fetchPerLeader(
      requests,
      brokers,
      queriesByLeader(topics, asked),
      this.budgetBytes,
      this.#backoff,
      'read record timestamps',
      fetchRecordTimestamps,
    )
    this.#usedBytes = usedBytes
    for (const a of answers) {
      const e = this.#entries.find(a.topic, a.partition, a.offset)
      if (e === undefined) continue
      if (a.timestamp !== null && a.timestamp >= 0) {
        if (Number.isNaN(e.timestamp)) this.#timed++
        e.timestamp = a.timestamp
      } else if (a.markersOnly || a.openTransaction) {
        e.verdict = a.markersOnly ? 'markersOnly' : 'openTransaction'
        e.verdictAt = poll
      } else if (a.errorCode === 0) e.starved = true
    }
  }

  /**
   * Drops what is no longer worth holding: entries without a timestamp unless starved and wanted, or judged this
   * poll; then, beyond the bound, the least recently wanted timestamps (never one wanted this poll).
   */
  #evict(poll: number): void {
    const census = this.#census
    census.start(poll)
    this.#entries.sweep(census)
    this.#timed = census.timed
    const limit = census.wantedTimed + Math.max(census.wantedTimed, this.retainedUnwanted)
    if (census.timed <= limit) return
    this.#eviction.start(poll, census.unwantedStamps(), census.timed - limit)
    this.#entries.sweep(this.#eviction)
    this.#timed -= census.timed - limit
  }

  /** Timestamp of the first record after a committed offset wanted this poll, when it was read. */
  timestampOf(o: WantedTimestamp): number | undefined {
    const e = this.#entries.find(o.topic, o.partition, o.offset)
    return e !== undefined && e.wantedAt === this.#poll && !Number.isNaN(e.timestamp)
      ? e.timestamp
      : undefined
  }

  /**
   * Whether a read_committed consumer at this offset has nothing to read now: only transaction markers and records
   * of aborted transactions follow it, and no transaction is open (the group is caught up). This poll's verdict only.
   */
  isMarkersOnly(o: WantedTimestamp): boolean {
    return this.#verdict(o) === 'markersOnly'
  }

  /** Whether only markers and aborted records lie between this offset and an open transaction's first record. */
  waitsOnOpenTransaction(o: WantedTimestamp): boolean {
    return this.#verdict(o) === 'openTransaction'
  }

  #verdict(o: WantedTimestamp): Verdict {
    const e = this.#entries.find(o.topic, o.partition, o.offset)
    return e !== undefined && e.wantedAt === this.#poll && e.verdictAt === this.#poll ? e.verdict : 'none'
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
}

function fetchRecordTimestamps(
  source: KafkaSource,
  broker: BrokerRecord,
  queries: readonly RecordTimestampQuery[],
  maxBytes: number,
): Promise<RecordTimestamp[]> {
  return source.fetchRecordTimestamps(broker, queries, maxBytes)
}

export type { WantedTimestamp }
