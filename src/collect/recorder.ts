import { describeError } from '../errors.js'
import type { KafkaApi, KafkaSource } from '../kafka/source.js'
import { KAFKA_APIS } from '../kafka/source.js'
import type { Requests } from './collector.js'
import { beforeDeadline } from './deadline.js'

/** A zero count per Kafka API: the shape of Snapshot.requests. */
export function requestCounts(): Record<KafkaApi, number> {
  return Object.fromEntries(KAFKA_APIS.map((a) => [a, 0])) as Record<KafkaApi, number>
}

/**
 * What one collector did under one name in one poll: when it started and ended, what failed, and whether it is
 * reported at all. The runner makes one per collector run (begun with it) and one per extra name (begun on first use).
 */
export class CollectorRecorder implements Requests {
  #start: number | null = null
  #end = 0
  #used = false
  #idle = false
  readonly #errors: string[] = []

  constructor(
    private readonly source: KafkaSource,
    /** ms since epoch; requests race it (the client's own timeout ends them; see deadline.ts). */
    private readonly deadline: number,
    /** Shared by all recorders of a poll: the poll's requests per API. */
    readonly counts: Record<KafkaApi, number> = requestCounts(),
  ) {}

  /** A collector run starts now: it is reported (unless idle) and timed from here, requests or not. */
  begin(): void {
    this.#start ??= performance.now()
    this.#end = Math.max(this.#end, this.#start)
  }

  async request<T>(
    api: KafkaApi,
    what: string,
    send: (source: KafkaSource) => Promise<T>,
  ): Promise<T | undefined> {
    this.#use()
    // Counted before it is sent, whatever comes of it: the count is what went on the wire.
    this.counts[api]++
    try {
      return await beforeDeadline(send(this.source), this.deadline)
    } catch (error) {
      this.#errors.push(`${what}: ${describeError(error)}`)
      return undefined
    } finally {
      this.#end = Math.max(this.#end, performance.now())
    }
  }

  fail(message: string): void {
    this.#use()
    this.#errors.push(message)
  }

  idle(): void {
    this.#idle = true
  }

  supports(api: KafkaApi): Promise<boolean> {
    return this.source.supports(api)
  }

  /** Ends a run started with the collector: its duration runs to here. */
  finish(): void {
    this.#end = Math.max(this.#end, performance.now())
  }

  get errors(): readonly string[] {
    return this.#errors
  }

  /**
   * Whether it appears in the poll's results: a run is, unless it said it was idle and then recorded nothing; an
   * extra name only once something was recorded under it.
   */
  get reported(): boolean {
    return this.#used || (this.#start !== null && !this.#idle)
  }

  get startedAt(): number {
    return this.#start ?? this.#end
  }

  get endedAt(): number {
    return this.#end
  }

  #use(): void {
    this.#used = true
    this.begin()
  }
}
