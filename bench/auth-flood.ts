// Basic-auth flood benchmark: npx tsx bench/auth-flood.ts [clients=8] [seconds=20] [fixed|rotating] [pauseMs=0]
// A real HttpServer with a --web.config.file holding one cost-10 bcrypt user. Flooding clients, each in a process of
// its own and on its own loopback address, send unique wrong credentials back to back without pause (half an
// unknown user, half a wrong password for the real one, so every attempt needs a bcrypt verification) while another
// process scrapes with the right password every 50 ms, as a hurried Prometheus would. Reports the legitimate scrape
// latency alone and during the flood, the daemon's event-loop delay during the flood, and what the flooding clients
// were answered. "rotating": each flooding request comes from a fresh loopback address (a botnet), so the per-client
// backoff never applies and only the cap on verifications in flight bounds bcrypt. pauseMs: a pause after each answer
// (0: as fast as the server answers, which after the change is mostly a flood of instant 429s, an HTTP flood).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { HttpServer } from '../src/http/server.js'
import { WebSecurity } from '../src/http/web-security.js'
import { createLogger } from '../src/log.js'
import { runClient } from '../test/support/auth-flood.js'

const clients = Number(process.argv[2] ?? 8)
const seconds = Number(process.argv[3] ?? 20)
const rotating = process.argv[4] === 'rotating'
const pauseMs = Number(process.argv[5] ?? 0)
const AUTH = 'prometheus:bench-password'
// bcrypt (cost 10, the htpasswd default) of the password; fixed so the bench needs no hashing library.
const HASH = '$2y$10$UsyeZM4iHyr34oqoBlF0iuezikp2O0wTmJzXOGdXuAMhv0yjDiac.'
const QUIET_MS = 5000
const SCRAPE_EVERY_MS = 50
// A 100 KiB body: small enough that the time measured is the admission, not the transfer.
const BODY = Buffer.alloc(100 * 1024, 'kafkascope_up 1\n')

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function summary(latencies: number[]): string {
  const failed = latencies.filter((ms) => ms < 0).length
  const ok = latencies.filter((ms) => ms >= 0).sort((a, b) => a - b)
  return `n=${latencies.length} failed=${failed} p50=${percentile(ok, 50).toFixed(2)}ms p99=${percentile(ok, 99).toFixed(2)}ms max=${(ok.at(-1) ?? Number.NaN).toFixed(2)}ms`
}

const dir = await mkdtemp(join(tmpdir(), 'kafkascope-bench-auth-'))
const file = join(dir, 'web.yml')
await writeFile(file, `basic_auth_users:\n  prometheus: ${HASH}\n`)
const log = createLogger({ level: 'error', format: 'json' })
const server = new HttpServer({
  listenAddresses: ['127.0.0.1:0'],
  telemetryPath: '/metrics',
  log,
  web: WebSecurity.load(file, log),
  provider: { scrape: () => [BODY], ready: () => true, api: async () => ({ status: 404, json: '{}' }) },
})
const [{ port }] = (await server.start()) as [AddressInfo]

const legit = { role: 'legit', port, from: '127.0.0.1', auth: AUTH, everyMs: SCRAPE_EVERY_MS } as const
// The first scrape pays bcrypt once; a Prometheus that has been scraping for a while has its credentials cached.
await runClient({ ...legit, ms: 1 })
const quietLoop = monitorEventLoopDelay({ resolution: 1 })
quietLoop.enable()
const quiet = await runClient({ ...legit, ms: QUIET_MS })
quietLoop.disable()
const loop = monitorEventLoopDelay({ resolution: 1 })
loop.enable()
const floodMs = seconds * 1000
const floods = Array.from({ length: clients }, (_, i) =>
  runClient({
    role: 'flood',
    port,
    ms: floodMs,
    pauseMs,
    clients: [{ id: i + 1, from: rotating ? 'rotating' : `127.0.1.${i + 1}` }],
  }),
)
// The legitimate client starts once the flood is under way and stops before it ends.
await new Promise((resolve) => setTimeout(resolve, 1000))
const during = await runClient({ ...legit, ms: floodMs - 2000 })
const statuses: Record<string, number> = {}
for (const [counts] of await Promise.all(floods))
  for (const [status, n] of Object.entries(counts ?? {})) statuses[status] = (statuses[status] ?? 0) + n
loop.disable()
await server.stop()
await rm(dir, { recursive: true, force: true })

const delay = (h: typeof loop) =>
  `p50=${(h.percentile(50) / 1e6).toFixed(1)}ms p99=${(h.percentile(99) / 1e6).toFixed(1)}ms max=${(h.max / 1e6).toFixed(1)}ms`
console.log(`legit alone:        ${summary(quiet)}  event-loop delay ${delay(quietLoop)}`)
console.log(
  `legit during flood: ${summary(during)}  (${clients} flooding clients, ${seconds} s, ${rotating ? 'rotating' : 'fixed'} addresses, pause ${pauseMs} ms)`,
)
console.log(`event-loop delay during flood: ${delay(loop)}`)
const total = Object.values(statuses).reduce((a, b) => a + b, 0)
console.log(
  `flood answers: ${Object.entries(statuses)
    .map(([s, n]) => `${s}=${n}`)
    .join(' ')} (${(total / seconds).toFixed(0)} requests/s)`,
)
