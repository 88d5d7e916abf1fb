// Group-churn benchmark: npx tsx bench/group-churn.ts [seconds] [groups] [name=path/to/cli.js ...] [--cpu-prof=dir]
// Starts a real 3-broker cluster (test harness), runs one or more built daemons against it (default: this checkout's
// dist/cli.js, so `npm run build` first) and a static control server, then creates `groups` consumer groups (offsets
// committed through the admin API) and deletes them again, in a loop, while a separate scraper process measures
// /metrics latency of every target as Prometheus asks (gzip, OpenMetrics Accept header). Each daemon reports its own
// event-loop delay. The control server answers a fixed gzipped body: machine load slows it as much as the daemons,
// so what the daemons lose beyond it is their own. Several daemons (e.g. `old=/tmp/base/dist/cli.js new=dist/cli.js`)
// run side by side against the same cluster and churn, which is what makes an A/B on a shared machine fair.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Admin, ProduceAcks, Producer } from '@platformatic/kafka'
import { startKafkaCluster } from '../test/harness/kafka/cluster.js'
import { freePorts } from '../test/harness/kafka/ports.js'
import {
  CONTROL_SERVER,
  DELAY_PROBE,
  daemonsToRun,
  percentile,
  scraperScript,
  waitForReady,
} from './daemon-probes.js'

const args = process.argv.slice(2)
const cpuProfDir = args.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length)
/** Records per partition per producer send, so per batch: 1000 makes ~200 KiB batches, 50 typical ~10 KiB ones. */
const BATCH = Number(args.find((a) => a.startsWith('--batch='))?.slice('--batch='.length) ?? 1000)
const positional = args.filter((a) => !a.startsWith('--'))
const numbers = positional.filter((a) => /^\d+$/.test(a)).map(Number)
const [seconds = 150, groupCount = 200] = numbers
const daemons = daemonsToRun(positional)

const TOPICS = 10
const PARTITIONS = 6
/** Records per partition, ~200 bytes each: groups lag behind real data, as consumers do. */
const RECORDS = 4000
const SCRAPE_PAUSE_MS = 100

const cluster = await startKafkaCluster({ nodes: 3 })
const work = await mkdtemp(join(tmpdir(), 'kafkascope-churn-'))
const children: ChildProcess[] = []
try {
  const bootstrap = cluster.bootstrap.split(',')
  const admin = new Admin({ clientId: 'bench-churn', bootstrapBrokers: bootstrap, timeout: 120_000 })
  const topics = Array.from({ length: TOPICS }, (_, i) => `churn-${i}`)
  await admin.createTopics({ topics, partitions: PARTITIONS, replicas: 3 })
  const producer = new Producer({ clientId: 'bench-churn', bootstrapBrokers: bootstrap })
  const padding = 'x'.repeat(180)
  for (const topic of topics) {
    for (let from = 0; from < RECORDS; from += BATCH) {
      const messages = Array.from({ length: PARTITIONS * BATCH }, (_, i) => ({
        topic,
        partition: i % PARTITIONS,
        value: Buffer.from(`${from + Math.floor(i / PARTITIONS)} ${padding}`),
      }))
      await producer.send({ messages, acks: ProduceAcks.ALL })
    }
  }
  await producer.close()
  const commit = (g: number) =>
    admin.alterConsumerGroupOffsets({
      groupId: `churn-group-${g}`,
      topics: [
        {
          name: topics[g % TOPICS] as string,
          // The same offsets every time a group is created again: what a restarted consumer would commit.
          partitionOffsets: Array.from({ length: PARTITIONS }, (_, partition) => ({
            partition,
            offset: BigInt((g * 97 + partition * 13) % RECORDS),
          })),
        },
      ],
    })
  // The group coordinator (__consumer_offsets) is created on first use and may need a few seconds.
  for (let attempt = 0; ; attempt++) {
    try {
      await commit(0)
      break
    } catch (error) {
      if (attempt > 60) throw error
      await new Promise((r) => setTimeout(r, 1000))
    }
  }

  const ports = await freePorts(daemons.length + 1)
  const targets = [{ name: 'control', port: ports[daemons.length] as number }]
  const control = spawn(process.execPath, ['-e', CONTROL_SERVER, String(targets[0]?.port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(control)
  await once(control.stdout, 'data')
  const probe = `data:text/javascript,${encodeURIComponent(DELAY_PROBE)}`
  const running = daemons.map((d, i) => {
    const port = ports[i] as number
    const prof = cpuProfDir
      ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${resolve(cpuProfDir, d.name)}`]
      : []
    const child = spawn(
      process.execPath,
      [
        ...prof,
        ...d.nodeOptions,
        '--import',
        probe,
        d.cli,
        ...bootstrap.map((b) => `--kafka.server=${b}`),
        '--poll.interval=5s',
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=info',
      ],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...d.env, DELAY_OUT: join(work, `${d.name}.json`) },
      },
    )
    children.push(child)
    targets.push({ name: d.name, port })
    return { ...d, port, child }
  })
  for (const d of running) await waitForReady(d.port, d.child, d.name)

  const scrapeStart = Number(process.hrtime.bigint() / 1000n)
  const scraper = spawn(process.execPath, ['-e', scraperScript(SCRAPE_PAUSE_MS), JSON.stringify(targets)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(scraper)
  let scraped = ''
  scraper.stdout.on('data', (d) => {
    scraped += String(d)
  })

  // Churn: create every group, delete every group, again, until the time is up.
  const end = Date.now() + seconds * 1000
  let rounds = 0
  const names = Array.from({ length: groupCount }, (_, g) => `churn-group-${g}`)
  while (Date.now() < end) {
    for (let g = 0; g < groupCount; g += 20)
      await Promise.all(Array.from({ length: Math.min(20, groupCount - g) }, (_, k) => commit(g + k)))
    for (let g = 0; g < groupCount; g += 50) await admin.deleteGroups({ groups: names.slice(g, g + 50) })
    rounds++
  }
  scraper.kill('SIGTERM')
  await once(scraper, 'exit')
  await admin.close()
  for (const d of running) {
    d.child.kill('SIGTERM')
    await once(d.child, 'exit')
  }
  control.kill('SIGTERM')

  console.log(`${rounds} rounds of ${groupCount} groups created and deleted in ${seconds} s`)
  const latencies = JSON.parse(scraped) as Record<string, number[]>
  for (const t of targets) {
    const v = (latencies[t.name] ?? []).sort((a, b) => a - b)
    const over = v.filter((ms) => ms > 1000).length
    let line = `${t.name.padEnd(8)} scrapes=${v.length} p50=${percentile(v, 50).toFixed(1)}ms p99=${percentile(v, 99).toFixed(1)}ms max=${(v[v.length - 1] ?? Number.NaN).toFixed(0)}ms over-1s=${over}`
    if (t.name !== 'control') {
      const delay = JSON.parse(await readFile(join(work, `${t.name}.json`), 'utf8')) as Record<string, number>
      line += `  event-loop delay p50=${delay.p50?.toFixed(1)}ms p99=${delay.p99?.toFixed(0)}ms max=${delay.max?.toFixed(0)}ms`
      // Start-up (module loading) blocks too; only what happens once scrapes run counts.
      const stalls = (delay.stalls as unknown as { at: number; ms: number }[]).filter(
        (s) => s.at >= scrapeStart,
      )
      line += ` stalls over 100 ms=${stalls.filter((s) => s.ms > 100).length} (longest ${Math.max(0, ...stalls.map((s) => s.ms))} ms)`
      if (cpuProfDir) await writeFile(resolve(cpuProfDir, `${t.name}.stalls.json`), JSON.stringify(delay))
    }
    console.log(line)
  }
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  await rm(work, { recursive: true, force: true })
  await cluster.teardown()
}
