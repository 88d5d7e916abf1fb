import { Worker } from 'node:worker_threads'
import { describeError, KafkascopeError } from '../errors.js'
import type { Logger } from '../log.js'
import type { ApiAnswer, Publication } from './engine.js'
import type { FromWorker, HeapReport, ToWorker, WorkerInput } from './messages.js'
import { unpack } from './transport.js'

/** Longest wait for the worker to answer an API call: it answers between polls' processing steps. */
const API_TIMEOUT_MS = 10_000
const RESTART_MIN_MS = 1000
const RESTART_MAX_MS = 60_000
const STOP_GRACE_MS = 3000

/**
 * The main thread's side of the poll worker (src/poll-worker.ts): it keeps the last publication for scrapes, forwards API
 * calls, and restarts the worker if it dies (with backoff), serving the last data meanwhile — its age keeps
 * growing in kafkascope_data_age_seconds, which is what alerts on stale data watch.
 */
export class EngineWorker {
  #worker: Worker | undefined
  #latest: Publication | undefined
  #heap: HeapReport | undefined
  #polled = false
  #stopping = false
  #restartDelay = RESTART_MIN_MS
  #nextId = 0
  readonly #pending = new Map<number, (answer: ApiAnswer) => void>()

  private constructor(
    private readonly input: WorkerInput,
    private readonly log: Logger,
    private readonly entry: URL,
  ) {}

  /**
   * Starts the worker; resolves once it has published its first exposition (before the first poll ends).
   * `entry` is the worker module (tests give one that misbehaves); by default the poll worker.
   */
  static async start(input: WorkerInput, log: Logger, entry: URL = POLL_WORKER): Promise<EngineWorker> {
    const client = new EngineWorker(input, log, entry)
    await new Promise<void>((resolve, reject) => client.#spawn(resolve, reject))
    return client
  }

  current(): Publication {
    if (!this.#latest) throw new Error('the poll worker has not published yet')
    return this.#latest
  }

  ready(): boolean {
    return this.#polled
  }

  heap(): HeapReport | undefined {
    return this.#heap
  }

  api(pathname: string, now: number): Promise<ApiAnswer> {
    const worker = this.#worker
    if (!worker) return Promise.resolve(unavailable('the poll worker is restarting'))
    const id = this.#nextId++
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        resolve(unavailable(`the poll worker did not answer within ${API_TIMEOUT_MS / 1000}s`))
      }, API_TIMEOUT_MS)
      this.#pending.set(id, (answer) => {
        clearTimeout(timer)
        resolve(answer)
      })
      this.#send({ type: 'api', id, pathname, now })
    })
  }

  async stop(): Promise<void> {
    this.#stopping = true
    const worker = this.#worker
    if (!worker) return
    const stopped = new Promise<void>((resolve) => {
      worker.once('exit', () => resolve())
      worker.on('message', (m: FromWorker) => m.type === 'stopped' && resolve())
    })
    this.#send({ type: 'stop' })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))])
    clearTimeout(timer)
    await worker.terminate()
  }

  #send(m: ToWorker): void {
    this.#worker?.postMessage(m)
  }

  #spawn(started?: () => void, failed?: (error: Error) => void): void {
    const worker = this.entry.pathname.endsWith('.ts')
      ? new Worker(tsxBootstrap(this.entry), { eval: true, workerData: this.input })
      : new Worker(this.entry, { workerData: this.input })
    this.#worker = worker
    let first = true
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'publish') {
        const p = unpack(m.publication)
        this.#heap = m.heap
        // A restarted worker's first exposition knows nothing yet: keep serving the last poll's data until it does.
        if (p.polled || !this.#polled) this.#latest = p
        if (p.polled) {
          this.#polled = true
          this.#restartDelay = RESTART_MIN_MS
        }
        if (first) {
          first = false
          started?.()
        }
      } else if (m.type === 'log') {
        relay(this.log, m.line)
      } else if (m.type === 'api') {
        this.#pending.get(m.id)?.(m.answer)
        this.#pending.delete(m.id)
      }
    })
    worker.on('error', (error) => {
      if (first && failed)
        failed(new KafkascopeError('KSC_WORKER', 'the poll worker failed to start', { cause: error }))
      else this.log.error({ err: describeError(error) }, 'the poll worker failed')
    })
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined
      for (const resolve of this.#pending.values()) resolve(unavailable('the poll worker stopped'))
      this.#pending.clear()
      if (this.#stopping || (first && failed)) return
      const delay = this.#restartDelay
      this.#restartDelay = Math.min(RESTART_MAX_MS, delay * 2)
      this.log.error(
        { code, restart_in_s: delay / 1000 },
        'the poll worker exited; restarting it, serving the last data meanwhile',
      )
      setTimeout(() => this.#stopping || this.#spawn(), delay).unref()
    })
  }
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal', 'trace'])

/** A worker's log record through this thread's logger: the same level, message and fields (its own ts and level). */
function relay(log: Logger, line: string): void {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(line) as Record<string, unknown>
  } catch {
    log.warn({ line: line.slice(0, 200) }, 'the poll worker wrote an unreadable log line')
    return
  }
  const { level, msg, ts: _ts, ...fields } = record
  const method = typeof level === 'string' && LEVELS.has(level) ? (level as 'info') : 'info'
  log[method](fields, typeof msg === 'string' ? msg : '')
}

function unavailable(message: string): ApiAnswer {
  return { status: 503, json: JSON.stringify({ error: { code: 'unavailable', message } }) }
}

// Run from TypeScript sources (tests, benchmarks under tsx), the worker is the .ts file.
const POLL_WORKER = new URL(
  import.meta.url.endsWith('.ts') ? '../poll-worker.ts' : '../poll-worker.js',
  import.meta.url,
)

/** A worker does not inherit the parent's module loader: from sources it registers tsx's before importing the entry. */
function tsxBootstrap(entry: URL): string {
  return `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
}
