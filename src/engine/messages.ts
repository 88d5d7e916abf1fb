import type { ApiAnswer } from './engine.js'
import type { PublicationMessage } from './transport.js'

/** What the HTTP side asks of the poll worker. */
export type ToWorker =
  | { readonly type: 'api'; readonly id: number; readonly pathname: string; readonly now: number }
  | { readonly type: 'stop' }

/** The worker's V8 heap, reported with each publication, so nodejs_heap_* cover both threads. */
export interface HeapReport {
  readonly used: number
  readonly total: number
  readonly external: number
}

export type FromWorker =
  | { readonly type: 'publish'; readonly publication: PublicationMessage; readonly heap: HeapReport }
  | { readonly type: 'api'; readonly id: number; readonly answer: ApiAnswer }
  | { readonly type: 'stopped' }
  /** One log record of the worker, as pino's JSON line (already scrubbed): the main thread's logger writes it. */
  | { readonly type: 'log'; readonly line: string }

/** What the worker is started with (workerData). */
export interface WorkerInput {
  /** The run's Config, marshalled (marshal.ts). */
  readonly config: unknown
  /**
   * The level of the logger its records are relayed to (the daemon's or an embedder's, which may differ from the
   * configured --log.level), so the worker neither drops what that logger writes nor sends what it would drop.
   */
  readonly logLevel: string
}
