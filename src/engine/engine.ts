import {
  type AnalysisOptions,
  type AnalysisState,
  type AnalyzedGroup,
  analyze,
  EMPTY_STATE,
} from '../analysis/analyzer.js'
import { type PollSettings, pollSetup } from '../collect/from-config.js'
import { pollOnce } from '../collect/poll.js'
import { Poller } from '../collect/poller.js'
import type { Snapshot } from '../collect/snapshot.js'
import { apiRoute } from '../http/api/routes.js'
import { KAFKA_APIS, type KafkaSource } from '../kafka/source.js'
import type { Logger } from '../log.js'
import type { Gzipped } from '../metrics/gzip-sink.js'
import { type OutputSettings, outputOptions } from '../metrics/output.js'
import { renderGzipped } from '../metrics/render.js'
import { renderLabels } from '../metrics/series/context.js'
import { VERSION } from '../version.js'

export interface EngineSettings {
  readonly poll: PollSettings
  readonly analysis: AnalysisOptions
  readonly output: OutputSettings
  readonly pollIntervalMs: number
  /** For log lines: the bootstrap servers. */
  readonly target: string
}

/** What one poll leaves for the HTTP side: the exposition in both formats, gzipped (the plain body is not kept). */
export interface Publication {
  readonly gzipped: Gzipped
  /** Start of the last poll that read the metadata (ms), for kafkascope_data_age_seconds per scrape. */
  readonly lastSuccessAt: number | null
  /** False only for the exposition served before the first poll has finished. */
  readonly polled: boolean
}

/** A JSON API answer, already serialised (it may have to cross a thread). */
export interface ApiAnswer {
  readonly status: number
  readonly json: string
}

/**
 * Poll → analysis → render → gzip, one synchronous path per poll, then the result is published. It runs in the
 * poll worker thread (worker.ts), so none of it blocks a scrape, which the main thread answers from the last
 * publication; the in-thread form (tests with a fake KafkaSource) runs the very same code.
 * The analysis state lives here between polls; a snapshot, its groups and the rendered bytes are replaced whole.
 */
export class Engine {
  #snapshot: Snapshot = initialSnapshot()
  #groups: readonly AnalyzedGroup[] = []
  #analysis: AnalysisState = EMPTY_STATE
  readonly #counters = { polls: 0, pollFailures: 0 }
  readonly #poller: Poller
  /** Label sets kept from one render to the next. */
  readonly #labels = renderLabels()

  constructor(
    private readonly settings: EngineSettings,
    source: KafkaSource,
    log: Logger,
    private readonly publish: (p: Publication) => void,
  ) {
    const setup = pollSetup(settings.poll, source)
    this.#poller = new Poller({
      intervalMs: settings.pollIntervalMs,
      target: settings.target,
      log,
      poll: (previous) => pollOnce({ ...setup, previous }),
      onSnapshot: (snapshot) => this.#processed(snapshot),
    })
  }

  /** The exposition before the first poll: the exporter's own metrics with kafkascope_up 0. */
  initial(): Publication {
    return this.#publication(false)
  }

  start(): void {
    this.#poller.start()
  }

  stop(): Promise<void> {
    return this.#poller.stop()
  }

  api(pathname: string, now: number): ApiAnswer {
    const reply = apiRoute(pathname, { snapshot: this.#snapshot, groups: this.#groups }, now)
    return { status: reply.status, json: JSON.stringify(reply.body) }
  }

  #processed(snapshot: Snapshot): void {
    this.#counters.polls++
    if (!snapshot.up) this.#counters.pollFailures++
    const analyzed = analyze(this.#analysis, snapshot, this.settings.analysis)
    this.#analysis = analyzed.state
    this.#snapshot = snapshot
    this.#groups = analyzed.groups
    this.publish(this.#publication(true))
  }

  #publication(polled: boolean): Publication {
    const gzipped = renderGzipped({
      snapshot: this.#snapshot,
      groups: this.#groups,
      counters: this.#counters,
      buildInfo: { version: VERSION },
      output: outputOptions(this.settings.output),
      labels: this.#labels,
    })
    return { gzipped, lastSuccessAt: this.#snapshot.lastSuccessAt, polled }
  }
}

function initialSnapshot(): Snapshot {
  return Object.freeze({
    startedAt: Date.now(),
    durationMs: 0,
    up: false,
    lastSuccessAt: null,
    cluster: null,
    topics: [],
    groups: [],
    shareGroups: [],
    collectors: [],
    requests: Object.fromEntries(KAFKA_APIS.map((a) => [a, 0])) as Snapshot['requests'],
  })
}
