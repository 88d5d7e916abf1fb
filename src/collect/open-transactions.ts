import type { BrokerRecord, TopicRecord } from '../kafka/types.js'
import { offsetKey } from '../keys.js'
import type { Requests } from './collector.js'
import { fetchPerLeader, queriesByLeader, type WantedTimestamp } from './leader-fetch.js'

/**
 * Timestamps of the first record of each partition's oldest open transaction: the record at the last stable offset
 * while that is below the high watermark. Read read-uncommitted (a read_committed Fetch stops before it), one Fetch
 * per leader, only for (partition, last stable offset) pairs not read before: a hanging transaction costs one read,
 * and a poll with no new open transaction costs none. Only the pairs still open are kept.
 */
export class OpenTransactionTimestamps {
  #cache = new Map<string, number>()
  readonly #backoff = new Map<number, number>()

  /** `open`: per partition with an open transaction, its last stable offset. */
  async update(
    requests: Requests,
    brokers: readonly BrokerRecord[],
    topics: readonly TopicRecord[],
    open: readonly WantedTimestamp[],
    budgetBytes: number,
  ): Promise<ReadonlyMap<string, number>> {
    const next = new Map<string, number>()
    const missing: WantedTimestamp[] = []
    for (const o of open) {
      const ts = this.#cache.get(offsetKey(o.topic, o.partition, o.offset))
      if (ts !== undefined) next.set(offsetKey(o.topic, o.partition, o.offset), ts)
      else missing.push(o)
    }
    this.#cache = next
    if (missing.length === 0 || budgetBytes <= 0) {
      requests.idle()
      return next
    }
    const { answers } = await fetchPerLeader(
      requests,
      brokers,
      queriesByLeader(topics, missing),
      budgetBytes,
      this.#backoff,
      'read open transaction timestamps',
      (source, broker, queries, maxBytes) => source.fetchOpenTransactionTimestamps(broker, queries, maxBytes),
    )
    for (const a of answers) {
      if (a.timestamp !== null && a.timestamp >= 0)
        next.set(offsetKey(a.topic, a.partition, a.offset), a.timestamp)
    }
    return next
  }
}
