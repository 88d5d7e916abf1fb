// Render and scrape benchmark: npx tsx bench/render.ts [10k|200k|1m ...]
// Measures, per shape: analysis + render time per poll, bytes (plain, gzip), and scrape latency from the cached
// exposition over real HTTP on loopback (sequential scrapes, gzip as Prometheus asks for it).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { analyze, EMPTY_STATE } from '../src/analysis/analyzer.js'
import { type PublicationMessage, unpack } from '../src/engine/transport.js'
import { HttpServer } from '../src/http/server.js'
import { createLogger } from '../src/log.js'
import { compress, Exposition } from '../src/metrics/exposition.js'
import { renderScrapeTail, renderSnapshot } from '../src/metrics/render.js'
import type { Rendered } from '../src/metrics/rendered.js'
import { SelfStatsReader } from '../src/runtime/self-stats.js'
import { syntheticSnapshot } from './synthetic.js'

const SHAPES = {
  '10k': { topics: 50, partitions: 12, groups: 60, topicsPerGroup: 2 },
  '200k': { topics: 600, partitions: 12, groups: 620, topicsPerGroup: 4 },
  '1m': { topics: 3000, partitions: 15, groups: 1750, topicsPerGroup: 5 },
} as const

const OPTIONS = { statusWindowMs: 600_000, allowedLag: 0, inactiveGraceMs: 1_800_000 }
const ACCEPT = 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

async function scrape(port: number): Promise<{ ms: number; bytes: number }> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      { port, path: '/metrics', headers: { accept: ACCEPT, 'accept-encoding': 'gzip' } },
      (res) => {
        let bytes = 0
        res.on('data', (c: Buffer) => {
          bytes += c.length
        })
        res.on('end', () => resolve({ ms: performance.now() - start, bytes }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Sequential gzip scrapes from a child process; returns each one's latency in ms. */
async function scrapeFromChild(port: number, count: number): Promise<number[]> {
  const script = `
    const http = require('node:http')
    const agent = new http.Agent({ keepAlive: true })
    const out = []
    const one = () => new Promise((resolve, reject) => {
      const t = performance.now()
      http.get({ port: ${port}, path: '/metrics', agent, headers: { accept: ${JSON.stringify(ACCEPT)}, 'accept-encoding': 'gzip' } }, (res) => {
        res.on('data', () => {}); res.on('end', () => resolve(performance.now() - t))
      }).on('error', reject)
    })
    ;(async () => { for (let i = 0; i < ${count}; i++) out.push(await one()); process.stdout.write(JSON.stringify(out)) })()
  `
  const child = spawn(process.execPath, ['-e', script])
  let stdout = ''
  child.stdout.on('data', (d) => {
    stdout += String(d)
  })
  await once(child, 'exit')
  return (JSON.parse(stdout) as number[]).sort((a, b) => a - b)
}

async function bench(name: keyof typeof SHAPES): Promise<void> {
  const snapshot = syntheticSnapshot(SHAPES[name])
  const counters = { polls: 1, pollFailures: 0 }
  const renders: number[] = []
  const analyses: number[] = []
  let text = ''
  let rendered: Rendered | undefined
  const gzips: number[] = []
  let series = 0
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    const { groups } = analyze(EMPTY_STATE, snapshot, OPTIONS)
    const t1 = performance.now()
    rendered = renderSnapshot({ snapshot, groups, counters, buildInfo: { version: 'bench' } })
    rendered.body('text')
    analyses.push(t1 - t0)
    renders.push(performance.now() - t1)
    text = rendered.body('text').toString('latin1')
    const t2 = performance.now()
    compress(rendered)
    gzips.push(performance.now() - t2)
  }
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) === 10 && text.charCodeAt(i + 1) !== 35) series++
  let exposition = new Exposition(compress(rendered as Rendered))
  const stats = new SelfStatsReader()
  const tail = () =>
    renderScrapeTail({ lastSuccessAt: snapshot.lastSuccessAt, now: Date.now(), stats: stats.read() })
  const t1 = performance.now()
  const gz = Buffer.concat(exposition.gzipBody('openmetrics', tail()))
  const firstGzipMs = performance.now() - t1

  const server = new HttpServer({
    listenAddresses: ['127.0.0.1:0'],
    telemetryPath: '/metrics',
    log: createLogger({ level: 'error', format: 'json' }),
    provider: {
      scrape: (format, gzip) => exposition.respond(format, tail(), gzip),
      ready: () => true,
      api: async () => ({ status: 404, json: '{}' }),
    },
  })
  const [addr] = (await server.start()) as [AddressInfo]
  const latencies: number[] = []
  for (let i = 0; i < 200; i++) latencies.push((await scrape(addr.port)).ms)
  // The same scrapes while the daemon's path — analysis, render and gzip in the poll worker thread, the result
  // transferred to this thread — processes polls back to back without pause (a worst case: the daemon does it
  // once per --poll.interval).
  const entry = JSON.stringify(new URL('./render-worker.ts', import.meta.url).href)
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}) })`,
    { eval: true, workerData: { shape: SHAPES[name], options: OPTIONS } },
  )
  let published = 0
  worker.on('message', (m: PublicationMessage) => {
    const p = unpack(m)
    exposition = new Exposition(p.gzipped)
    published++
  })
  while (published < 1) await new Promise((resolve) => setTimeout(resolve, 20))
  // Scraped from another process, as Prometheus would: an in-process client would need event-loop turns too.
  stats.read()
  const during = await scrapeFromChild(addr.port, 200)
  const loop = stats.read().eventLoop
  worker.postMessage('stop')
  await once(worker, 'exit')
  during.sort((a, b) => a - b)
  await server.stop()
  latencies.sort((a, b) => a - b)
  renders.sort((a, b) => a - b)
  analyses.sort((a, b) => a - b)
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
  console.log(
    [
      `${name.padEnd(5)} series=${series}`,
      `analysis p50=${percentile(analyses, 50).toFixed(0)}ms`,
      `render p50=${percentile(renders, 50).toFixed(0)}ms max=${renders[renders.length - 1]?.toFixed(0)}ms`,
      `plain=${mb(text.length)}MiB gzip=${mb(gz.length)}MiB gzip-both-formats p50=${percentile(
        gzips.sort((a, b) => a - b),
        50,
      ).toFixed(0)}ms first-scrape=${firstGzipMs.toFixed(1)}ms`,
      `scrape(gzip, cached) p50=${percentile(latencies, 50).toFixed(2)}ms p99=${percentile(latencies, 99).toFixed(2)}ms`,
      `while rendering p50=${percentile(during, 50).toFixed(2)}ms p99=${percentile(during, 99).toFixed(2)}ms (${published} polls, event-loop p99=${((loop?.p99 ?? 0) * 1000).toFixed(1)}ms max=${((loop?.max ?? 0) * 1000).toFixed(1)}ms)`,
      `rss=${mb(process.memoryUsage().rss)}MiB`,
    ].join('  '),
  )
}

const wanted = (
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SHAPES)
) as (keyof typeof SHAPES)[]
for (const name of wanted) await bench(name)
