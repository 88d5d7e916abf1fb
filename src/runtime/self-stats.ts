import { readdirSync, readFileSync } from 'node:fs'
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'
import { getHeapStatistics } from 'node:v8'

/** The process as Prometheus' client libraries describe it (process_* and nodejs_* families). */
export interface SelfStats {
  readonly cpuSeconds: number
  readonly residentBytes: number
  /** Linux only (/proc); null elsewhere, and the series is left out. */
  readonly virtualBytes: number | null
  readonly startTimeSeconds: number
  readonly openFds: number | null
  readonly maxFds: number | null
  readonly heapUsedBytes: number
  readonly heapTotalBytes: number
  readonly externalBytes: number
  /** Event-loop delay of the main thread (the one answering scrapes) since the previous scrape, in seconds. */
  readonly eventLoop: {
    readonly min: number
    readonly max: number
    readonly mean: number
    readonly p50: number
    readonly p90: number
    readonly p99: number
  } | null
  readonly nodeVersion: string
}

/**
 * How often the event-loop delay is sampled. A sample is a libuv timer waking the thread: every 10 ms (prom-client's
 * default) cost 1 % of a core on the development machine, 0.15 s of CPU per 15 s poll, with nothing else to do —
 * on a small cluster more than the poll itself (bench/README.md). Every 50 ms costs a quarter of that; any stall of
 * 50 ms or more is still seen whole, shorter ones with a chance in proportion to their length.
 */
export const EVENT_LOOP_SAMPLE_MS = 50

/**
 * A recorded sample is the time between two timer wake-ups, the sampling interval included; the delay is what lies
 * beyond it (so an idle loop reads ~0, not 0.05 s).
 */
export function delaySeconds(sampleNs: number): number {
  return Math.max(0, sampleNs / 1e9 - EVENT_LOOP_SAMPLE_MS / 1000)
}

/** Another thread's heap (the poll worker's, as of its last report), added to this thread's. */
export interface OtherHeap {
  readonly used: number
  readonly total: number
  readonly external: number
}

/**
 * Reads the process's own figures on each scrape. Cheap by design (a few system calls, no allocation worth
 * naming): the event-loop histogram (sampled every EVENT_LOOP_SAMPLE_MS) is reset after each read, as prom-client's
 * is, so each scrape sees the delay since the previous one. The fd limit changes rarely and is re-read at most every
 * 60 s.
 */
export class SelfStatsReader {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_SAMPLE_MS })
  readonly #startTimeSeconds = Math.round(Date.now() / 1000 - process.uptime())
  #maxFds: { value: number | null; at: number } = { value: null, at: -Infinity }

  constructor() {
    this.#histogram.enable()
  }

  read(other?: OtherHeap): SelfStats {
    const cpu = process.cpuUsage()
    const heap = getHeapStatistics()
    const h = this.#histogram
    const eventLoop =
      h.count > 0
        ? {
            min: delaySeconds(h.min),
            max: delaySeconds(h.max),
            mean: delaySeconds(h.mean),
            p50: delaySeconds(h.percentile(50)),
            p90: delaySeconds(h.percentile(90)),
            p99: delaySeconds(h.percentile(99)),
          }
        : null
    h.reset()
    return {
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      residentBytes: process.memoryUsage.rss(),
      virtualBytes: virtualBytes(),
      startTimeSeconds: this.#startTimeSeconds,
      openFds: openFds(),
      maxFds: this.#readMaxFds(),
      heapUsedBytes: heap.used_heap_size + (other?.used ?? 0),
      heapTotalBytes: heap.total_heap_size + (other?.total ?? 0),
      externalBytes: heap.external_memory + (other?.external ?? 0),
      eventLoop,
      nodeVersion: process.version,
    }
  }

  stop(): void {
    this.#histogram.disable()
  }

  #readMaxFds(): number | null {
    const now = Date.now()
    if (now - this.#maxFds.at > 60_000) this.#maxFds = { value: maxFds(), at: now }
    return this.#maxFds.value
  }
}

function openFds(): number | null {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return null
  }
}

/** vsize is field 23 of /proc/self/stat; the command name (field 2) may hold spaces, so count after its ")". */
function virtualBytes(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const v = Number(fields[20])
    return Number.isFinite(v) ? v : null
  } catch {
    return null
  }
}

function maxFds(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0]
    if (soft === undefined) return null
    return soft === 'unlimited' ? null : Number(soft)
  } catch {
    return null
  }
}
