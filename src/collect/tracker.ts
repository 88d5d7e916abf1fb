import { describeError } from '../errors.js'
import type { KafkaApi, KafkaSource } from '../kafka/source.js'
import { KAFKA_APIS } from '../kafka/source.js'
import { beforeDeadline } from './deadline.js'
import type { CollectorName, CollectorResult } from './snapshot.js'

/**
 * Per-poll bookkeeping: runs each request under the poll deadline, records failures per collector (so one slow or
 * failing broker marks its collector failed while the rest of the poll goes on) and counts requests per API.
 */
export class PollTracker {
  readonly requests: Record<KafkaApi, number> = Object.fromEntries(KAFKA_APIS.map((a) => [a, 0])) as Record<
    KafkaApi,
    number
  >
  readonly #spans = new Map<CollectorName, { start: number; end: number; errors: string[] }>()

  constructor(
    readonly source: KafkaSource,
    readonly deadline: number,
  ) {}

  /**
   * Runs one request; on failure records "<what>: <cause>" against the collector and returns undefined.
   * `deadline` (ms since epoch) may be earlier than the poll's, to leave time for the stages after this one.
   */
  async request<T>(
    collector: CollectorName,
    api: KafkaApi,
    what: string,
    send: () => Promise<T>,
    deadline = this.deadline,
  ): Promise<T | undefined> {
    const span = this.#span(collector)
    this.requests[api]++
    try {
      return await beforeDeadline(send(), Math.min(deadline, this.deadline))
    } catch (error) {
      span.errors.push(`${what}: ${describeError(error)}`)
      return undefined
    } finally {
      span.end = Math.max(span.end, performance.now())
    }
  }

  /** Records a failure that is not a failed request (e.g. a per-partition error code in a good response). */
  fail(collector: CollectorName, message: string): void {
    this.#span(collector).errors.push(message)
  }

  /** Marks a collector as having run even if it had nothing to ask (so its success is reported). */
  touch(collector: CollectorName): void {
    this.#span(collector)
  }

  results(): CollectorResult[] {
    return [...this.#spans].map(([name, s]) => ({
      name,
      success: s.errors.length === 0,
      durationMs: Math.max(0, s.end - s.start),
      errors: s.errors,
    }))
  }

  #span(collector: CollectorName) {
    let span = this.#spans.get(collector)
    if (!span) {
      const now = performance.now()
      span = { start: now, end: now, errors: [] }
      this.#spans.set(collector, span)
    }
    return span
  }
}
