import type { KafkaApi, KafkaSource } from '../kafka/source.js'
import type { NameFilter } from './filters.js'
import type { RecordTimestampCache } from './record-timestamps.js'
import type { CollectorName, Snapshot } from './snapshot.js'
import type { TopicConfigCache } from './topic-configs.js'

/**
 * A collector's only way to Kafka. The runner gives each collector its own, so every request is counted per API,
 * bounded by that collector's deadline, and a failure is recorded against it: one slow or failing broker marks
 * its collector failed while the rest of the poll goes on.
 */
export interface Requests {
  /** Sends one request; on failure records "<what>: <cause>" and returns undefined. */
  request<T>(api: KafkaApi, what: string, send: (source: KafkaSource) => Promise<T>): Promise<T | undefined>
  /** Records a failure that is not a failed request (e.g. a per-partition error code in a good answer). */
  fail(message: string): void
  /**
   * Nothing to ask this poll (all cached, nothing due): unless a request or failure is recorded after all, the
   * collector is left out of this poll's results, since it neither succeeded nor failed at anything.
   */
  idle(): void
  /**
   * Whether the brokers implement `api` (their ApiVersions answer; no request, nothing counted). A collector whose
   * API is missing calls idle() and returns: it is skipped, with kafkascope_collector_success absent, not 0.
   */
  supports(api: KafkaApi): Promise<boolean>
}

/** What every collector may read besides its needs: the poll's filters, the caches that outlive it, the last snapshot. */
export interface PollInputs {
  readonly topicFilter: NameFilter
  readonly groupFilter: NameFilter
  readonly configs: TopicConfigCache
  readonly timestamps: RecordTimestampCache
  readonly previous: Snapshot | null
  /** Wall-clock start of the poll, from the injectable clock (for cache ages, never for deadlines). */
  readonly startedAt: number
}

export interface CollectorContext<Produced> extends Requests {
  /** The outputs of the collectors named in `needs`, each from an earlier stage. */
  readonly needs: Produced
  readonly poll: PollInputs
  /** ms since epoch (real clock): no request of this collector outlives it. */
  readonly deadline: number
  /** Records under another name the collector declared in `alsoReports` (counted and bounded the same way). */
  as(name: CollectorName): Requests
}

/** Collectors whose outputs a collector needs, by the name it reads them under in `ctx.needs`. */
export type Needs = { readonly [key: string]: Collector<Needs, unknown> }

/** For a collector that needs nothing (only metadata: everything else needs it). */
export type NoNeeds = Record<string, never>

export type OutputOf<C> = C extends Collector<Needs, infer Out> ? Out : never

/** A collector that produced `undefined` has nothing to give: those needing it do not run (see runner.ts). */
export type Produced<N extends Needs> = { readonly [K in keyof N]: Exclude<OutputOf<N[K]>, undefined> }

/**
 * One unit of collection, in the manner of node_exporter's collectors: it asks Kafka through its context and
 * returns what it found, partial where some brokers failed. The runner (runner.ts) times it, marks its success,
 * enforces its deadline and counts its requests; the list in collectors.ts says in which stage it runs.
 */
export interface Collector<N extends Needs = Needs, Out = unknown> {
  /** Its `collector` label in kafkascope_collector_*. Two collectors may share one: their results are merged. */
  readonly name: CollectorName
  /**
   * Further names it reports under through `ctx.as()`, each reported only when something was recorded under it:
   * one collector whose requests are chained per broker (groups → members and offsets) reports three results.
   */
  readonly alsoReports?: readonly CollectorName[]
  readonly needs: N
  /**
   * Share (0–1] of the time left in the poll when its stage starts that its requests may use, so that a hung
   * broker still leaves time for the stages after it. Default 1: up to the poll's deadline.
   */
  readonly deadlineShare?: number
  collect(ctx: CollectorContext<Produced<N>>): Promise<Out>
}

/** The poll, stage by stage: a stage starts when the one before it has finished; collectors of a stage run in parallel. */
export type Stages = readonly (readonly Collector[])[]
