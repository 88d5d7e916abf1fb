// What the daemon benchmarks load into or run beside each daemon under test: an event-loop probe, a scraper
// that asks as Prometheus does, and small helpers.
import type { ChildProcess } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { get } from 'node:http'
import { resolve } from 'node:path'

export const ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1'

// Loaded into each daemon with --import: the event-loop delay histogram, and every stall over 50 ms (monotonic
// start in µs, as in a .cpuprofile, and length), written when the process exits.
export const DELAY_PROBE = `
  import { monitorEventLoopDelay } from 'node:perf_hooks'
  import { readFileSync, writeFileSync } from 'node:fs'
  import { isMainThread } from 'node:worker_threads'
  // Sampled every 10 ms; a sample is the time between two samples, so the delay is the value less those 10 ms. Not
  // every 1 ms: a timer 1000 times a second cost the daemon ~0.2 s of CPU per 15 s poll on its own (measured),
  // which the CPU figures of the same run would count as the daemon's.
  // --import runs in the poll worker too: measure only the main thread (the one answering scrapes), and do not
  // charge the worker a second timer.
  // DELAY_PROBE=off: no timers in the main thread (the CPU figures then are the daemon's alone; no delay figures).
  if (isMainThread && process.env.DELAY_PROBE === 'off') {
    process.on('exit', () => writeFileSync(process.env.DELAY_OUT, 'null'))
  } else if (isMainThread) {
  const h = monitorEventLoopDelay({ resolution: 10 })
  h.enable()
  const stalls = []
  let last = process.hrtime.bigint()
  setInterval(() => {
    const now = process.hrtime.bigint()
    const gap = Number(now - last) / 1e6
    if (gap > 60) stalls.push({ at: Number(last / 1000n), ms: Math.round(gap - 10) })
    last = now
  }, 10).unref()
  process.on('exit', () => {
    const ms = (n) => Math.max(0, n / 1e6 - 10)
    writeFileSync(process.env.DELAY_OUT, JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), stalls }))
  })
  } else {
    // The poll worker's thread id, so the benchmark can tell its CPU from the main thread's and V8's and libuv's.
    writeFileSync(process.env.DELAY_OUT + '.worker-tid', readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0])
  }
`

// A trivial server answering /metrics the way the daemon does (gzip, OpenMetrics content type), from a fixed body:
// machine load slows it as much as the daemons, so a daemon's scrape latency can be read against it.
//   node -e CONTROL_SERVER <port> [file]: the file's bytes, already gzipped (a daemon's own body), or 5,000 lines.
export const CONTROL_SERVER = `
  const http = require('node:http')
  const zlib = require('node:zlib')
  const fs = require('node:fs')
  const line = (i) => 'kafkascope_control_series{topic="t' + (i % 50) + '",partition="' + i + '"} ' + i + '\\n'
  const body = process.argv[2]
    ? fs.readFileSync(process.argv[2])
    : zlib.gzipSync(Array.from({ length: 5000 }, (_, i) => line(i)).join('') + '# EOF\\n')
  http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8', 'content-encoding': 'gzip' })
    res.end(body)
  }).listen(Number(process.argv[1]), '127.0.0.1', () => process.stdout.write('ready\\n'))
`

/** A scrape's body as sent (gzipped), with Prometheus' headers. */
export function gzippedBody(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(
      { host: '127.0.0.1', port, path: '/metrics', headers: { accept: ACCEPT, 'accept-encoding': 'gzip' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks)))
      },
    ).on('error', reject)
  })
}

// Sequential keep-alive scrapes per target, a pause between them, until SIGTERM; then every latency as JSON.
export function scraperScript(pauseMs: number): string {
  return `
  const http = require('node:http')
  const targets = JSON.parse(process.argv[1])
  const out = Object.fromEntries(targets.map((t) => [t.name, []]))
  let running = true
  const one = (port, agent) => new Promise((resolve) => {
    const t = performance.now()
    const req = http.get({ host: '127.0.0.1', port, path: '/metrics', agent, headers: { accept: ${JSON.stringify(ACCEPT)}, 'accept-encoding': 'gzip' } }, (res) => {
      res.on('data', () => {}); res.on('end', () => resolve(performance.now() - t))
    })
    req.on('error', () => resolve(null))
  })
  const loops = targets.map(async (t) => {
    const agent = new http.Agent({ keepAlive: true })
    while (running) {
      const ms = await one(t.port, agent)
      if (ms !== null) out[t.name].push(ms)
      await new Promise((r) => setTimeout(r, ${pauseMs}))
    }
  })
  process.on('SIGTERM', () => { running = false; Promise.all(loops).then(() => process.stdout.write(JSON.stringify(out))) })
`
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

export async function waitForReady(port: number, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`)
    const ok = await fetch(`http://127.0.0.1:${port}/-/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${name} not ready after 120 s`)
}

/**
 * `name=path/to/cli.js` arguments (without any, this checkout's build), each optionally followed by `@` and Node
 * options for that daemon alone, e.g. `capped=dist/cli.js@--max-old-space-size=256` beside `uncapped=dist/cli.js`
 * (the heap cap the chart sets). An option of the form `NAME=value` is set in that daemon's environment instead,
 * e.g. `arenas2=dist/cli.js@MALLOC_ARENA_MAX=2` (glibc's malloc tunables are read from the environment only).
 */
export function daemonsToRun(
  args: readonly string[],
): { name: string; cli: string; nodeOptions: string[]; env: Record<string, string> }[] {
  const daemons = args
    .filter((a) => a.includes('='))
    .map((a) => {
      const [name, rest] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      const [path, options = ''] = rest.split('@') as [string, string?]
      const tokens = options.split(' ').filter((o) => o !== '')
      const isEnv = (o: string) => /^[A-Z_][A-Z0-9_]*=/.test(o)
      const env = Object.fromEntries(
        tokens.filter(isEnv).map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]),
      )
      return { name, cli: resolve(path), nodeOptions: tokens.filter((o) => !isEnv(o)), env }
    })
  if (daemons.length === 0)
    daemons.push({ name: 'daemon', cli: resolve('dist/cli.js'), nodeOptions: [], env: {} })
  return daemons
}

/** CPU clock ticks (user + system) of each thread of a process, by thread id. */
export async function threadTicks(pid: number): Promise<Map<number, number>> {
  const ticks = new Map<number, number>()
  const tids = await readdir(`/proc/${pid}/task`).catch(() => [] as string[])
  for (const tid of tids) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (f.length > 12) ticks.set(Number(tid), Number(f[11]) + Number(f[12]))
  }
  return ticks
}

/**
 * CPU between two readings of threadTicks, split into the main thread (the process id), the poll worker (its thread
 * id as the probe wrote it) and the rest (V8's GC and compiler threads, libuv's pool running zlib), per poll.
 */
export function cpuSplit(
  pid: number,
  workerTid: number | null,
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
  polls: number,
  ticksPerSecond: number,
): string {
  let main = 0
  let worker = 0
  let rest = 0
  // Node names no thread, so the others are listed by id: V8's platform threads (GC helpers, concurrent compilers)
  // are the first ones after the main thread's, libuv's pool comes later, when first used.
  const others: string[] = []
  for (const [tid, t] of [...after].sort((a, b) => a[0] - b[0])) {
    const d = t - (before.get(tid) ?? 0)
    if (tid === pid) main += d
    else if (tid === workerTid) worker += d
    else {
      rest += d
      if (d > 0) others.push(`+${tid - pid}:${(d / ticksPerSecond / polls).toFixed(2)}`)
    }
  }
  const s = (n: number) => `${(n / ticksPerSecond / polls).toFixed(3)}s`
  return `main=${s(main)} worker=${s(worker)} other threads=${s(rest)} [${others.join(' ')}]`
}

/**
 * Where a process's resident memory is, from /proc/<pid>/smaps: glibc's main malloc heap ([heap]), its per-thread
 * arenas (anonymous mappings of at most 64 MiB starting on a 64 MiB boundary, as glibc places them), the rest of
 * the anonymous memory (V8's heap pages, stacks, large allocations malloc maps on their own) and file-backed memory
 * (the node binary and libraries).
 */
export async function residentBreakdown(pid: number): Promise<string> {
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8').catch(() => '')
  const ARENA = 64 * 1024 * 1024
  let kind: 'heap' | 'arena' | 'anon' | 'file' = 'anon'
  const kib = { heap: 0, arena: 0, anon: 0, file: 0 }
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line)
    if (header) {
      const [, from = '0', to = '0', inode, name] = header
      const start = Number.parseInt(from, 16)
      const size = Number.parseInt(to, 16) - start
      if (inode !== '0') kind = 'file'
      else if (name === '[heap]') kind = 'heap'
      else if (start % ARENA === 0 && size <= ARENA) kind = 'arena'
      else kind = 'anon'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss) kib[kind] += Number(rss[1])
  }
  const mib = (n: number) => `${(n / 1024).toFixed(0)}MiB`
  return `rss: malloc heap=${mib(kib.heap)} thread arenas=${mib(kib.arena)} other anon=${mib(kib.anon)} files=${mib(kib.file)}`
}
