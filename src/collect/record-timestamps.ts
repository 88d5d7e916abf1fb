import type { BrokerRecord, TopicRecord } from '../kafka/types.js'
import {
  FAILED_FETCH_BACKOFF_POLLS,
  fetchPerLeader,
  queriesByLeader,
  type WantedTimestamp,
} from './leader-fetch.js'
import { OpenTransactionTimestamps } from './open-transactions.js'
import type { PollTracker } from './tracker.js'

export { FAILED_FETCH_BACKOFF_POLLS }

export interface WantedCommitted extends WantedTimestamp {
  /** The partition's last stable offset and high watermark in the previous poll, when known. */
  readonly lastStable?: number
  readonly highWatermark?: number
}

function key(topic: string, partition: number, offset: number): string {
  return `${topic}\u0000${partition}\u0000${offset}`
}

/**
 * Timestamps of the first unconsumed record of each committed partition, read with one Fetch per leader and cached:
 * a record at an offset never changes, so each (partition, offset) is read once. Only offsets still wanted are kept,
 * so memory is bounded by the number of committed partitions. A byte budget caps each poll's Fetch responses;
 * partitions that did not fit are asked first in the next poll. The same budget, less what this poll asked for
 * committed offsets, serves the timestamps of open transactions (open-transactions.ts).
 */
export class RecordTimestampCache {
  #cache = new Map<string, number>()
  #starved = new Set<string>()
  /**
   * Offsets after which a read_committed consumer found nothing up to the last stable offset (the value) when last
   * read. While the last stable offset has not moved past it, nothing new is readable there: no Fetch needed.
   */
  #quiet = new Map<string, number>()
  /** This poll's verdicts for offsets without a readable record: caught up, or waiting on an open transaction. */
  #markersOnly = new Set<string>()
  #openTransaction = new Set<string>()
  #requestedBytes = 0
  readonly #backoff = new Map<number, number>()
  readonly #open = new OpenTransactionTimestamps()

  constructor(private readonly budgetBytes: number) {}

  async update(
    tracker: PollTracker,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    wanted: readonly WantedCommitted[],
  ): Promise<ReadonlyMap<string, number>> {
    const next = new Map<string, number>()
    const quiet = new Map<string, number>()
    this.#markersOnly = new Set()
    this.#openTransaction = new Set()
    this.#requestedBytes = 0
    const missing: WantedCommitted[] = []
    for (const w of wanted) {
      const k = key(w.topic, w.partition, w.offset)
      const ts = this.#cache.get(k)
      const until = this.#quiet.get(k)
      if (ts !== undefined) next.set(k, ts)
      else if (until !== undefined && w.lastStable !== undefined && w.lastStable <= until) {
        quiet.set(k, until)
        this.#classify(k, w.lastStable, w.highWatermark)
      } else missing.push(w)
    }
    this.#cache = next
    this.#quiet = quiet
    if (missing.length === 0 || this.budgetBytes <= 0) return next
    tracker.touch('record_timestamps')

    // Partitions starved by the budget last time go first, so every partition is served within a few polls.
    const starvedFirst = [
      ...missing.filter((w) => this.#starved.has(key(w.topic, w.partition, w.offset))),
      ...missing.filter((w) => !this.#starved.has(key(w.topic, w.partition, w.offset))),
    ]
    this.#starved = new Set()
    const { answers, requestedBytes } = await fetchPerLeader(
      tracker,
      brokers,
      queriesByLeader(topics, starvedFirst),
      this.budgetBytes,
      this.#backoff,
      'read record timestamps',
      (broker, queries, maxBytes) => tracker.source.fetchRecordTimestamps(broker, queries, maxBytes),
    )
    this.#requestedBytes = requestedBytes
    for (const a of answers) {
      const k = key(a.topic, a.partition, a.offset)
      if (a.timestamp !== null && a.timestamp >= 0) next.set(k, a.timestamp)
      else if ((a.markersOnly || a.openTransaction) && a.lastStable !== null) {
        quiet.set(k, a.lastStable)
        ;(a.markersOnly ? this.#markersOnly : this.#openTransaction).add(k)
      } else if (a.errorCode === 0) this.#starved.add(k)
    }
    return next
  }

  /**
   * Timestamps of the records at the last stable offsets given (partitions with an open transaction), within what
   * is left of this poll's byte budget after update().
   */
  updateOpenTransactions(
    tracker: PollTracker,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    open: readonly WantedTimestamp[],
  ): Promise<ReadonlyMap<string, number>> {
    return this.#open.update(tracker, brokers, topics, open, this.budgetBytes - this.#requestedBytes)
  }

  /**
   * Whether a read_committed consumer at this offset has nothing to read now: only transaction markers and records
   * of aborted transactions follow it, and no transaction is open (the group is caught up).
   */
  isMarkersOnly(topic: string, partition: number, offset: number): boolean {
    return this.#markersOnly.has(key(topic, partition, offset))
  }

  /** Whether only markers and aborted records lie between this offset and a last stable offset held by an open transaction. */
  waitsOnOpenTransaction(topic: string, partition: number, offset: number): boolean {
    return this.#openTransaction.has(key(topic, partition, offset))
  }

  #classify(k: string, lastStable: number, highWatermark: number | undefined): void {
    if (highWatermark !== undefined && lastStable >= highWatermark) this.#markersOnly.add(k)
    else this.#openTransaction.add(k)
  }
}

export type { WantedTimestamp }
export { key as recordTimestampKey }
