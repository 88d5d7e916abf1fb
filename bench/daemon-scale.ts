// The cost of built daemons on a big real cluster, side by side in the same run (A/B):
//   npm run build && flock /tmp/kafkascope-cluster.lock npx tsx bench/daemon-scale.ts \
//     [topics=1000] [partitions=16] [groups=1375] [seconds=300] [records=4] [--scrape-ms=1000] [--no-delay-probe]
//     [name=path/to/cli.js ...]
//     [-- daemon flags]
// Starts a 3-broker cluster (test harness) of topics × partitions (RF 1), groups each committed on one topic, then
// runs each daemon (default: this checkout's dist/cli.js) against it with --poll.interval=15s while a separate
// process scrapes every target as Prometheus does (gzip, OpenMetrics Accept) once a second (--scrape-ms). Reported
// per daemon, after two polls of warm-up: RSS (median and maximum over the run: VmHWM), CPU per poll (all threads, from
// /proc/<pid>/stat, and split into the main thread, the poll worker and the rest), poll wall time
// (kafkascope_poll_duration_seconds), scrape latency and the main thread's
// event-loop delay, series and body size, and where the RSS is at the end; beside them a static control server
// answering the first daemon's gzipped body, scraped likewise, to read the scrape latencies against the machine's.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startKafkaCluster } from '../test/harness/kafka/cluster.js'
import { freePorts } from '../test/harness/kafka/ports.js'
import { shapeCluster } from './cluster-shape.js'
import {
  CONTROL_SERVER,
  cpuSplit,
  DELAY_PROBE,
  daemonsToRun,
  gzippedBody,
  percentile,
  residentBreakdown,
  scraperScript,
  threadTicks,
  waitForReady,
} from './daemon-probes.js'

const dash = process.argv.indexOf('--')
const args = dash < 0 ? process.argv.slice(2) : process.argv.slice(2, dash)
const extraFlags = dash < 0 ? [] : process.argv.slice(dash + 1)
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number)
const [topics = 1000, partitions = 16, groups = 1375, seconds = 300, records = 4] = numbers
// --scrape-ms=N: the scraper's pause between rounds (default 1000). At the poll interval (15000) the CPU figures are
// what a daemon costs under one Prometheus at the usual 15 s; at 1000 the scrape latencies have samples enough.
const scrapeMs = Number(args.find((a) => a.startsWith('--scrape-ms='))?.slice('--scrape-ms='.length) ?? 1000)
// --no-delay-probe: no event-loop probe in the daemons (its two 100 Hz timers cost the main thread ~0.05 s per poll),
// for CPU figures that are the daemon's alone; the event-loop column then reads n/a.
const delayProbe = !args.includes('--no-delay-probe')
const daemons = daemonsToRun(args.filter((a) => !a.startsWith('--')))
const POLL_INTERVAL_S = 15
const CLOCK_TICKS = 100

interface Sample {
  at: number
  rssKiB: number
  hwmKiB: number
  cpuTicks: number
  polls: number | null
  pollSeconds: number | null
  /** Per thread, on the samples that read the poll count (the first and last of them split the CPU). */
  threads?: Map<number, number>
}

async function procSample(pid: number): Promise<Omit<Sample, 'polls' | 'pollSeconds'>> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN)
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    at: Date.now(),
    rssKiB: kib('VmRSS'),
    hwmKiB: kib('VmHWM'),
    cpuTicks: Number(f[11]) + Number(f[12]),
  }
}

/** kafkascope_polls_total and kafkascope_poll_duration_seconds, read from a plain scrape's first lines. */
async function pollFigures(
  port: number,
): Promise<{ polls: number | null; pollSeconds: number | null; body?: string }> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
    (r) => r.text(),
    () => '',
  )
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)
    return m ? Number(m[1]) : null
  }
  return {
    polls: value('kafkascope_polls_total'),
    pollSeconds: value('kafkascope_poll_duration_seconds'),
    body: text,
  }
}

/** Both threads' heap and the external memory at the last scrape: where the RSS goes (the rest is V8 and malloc). */
function heapFigures(body: string): string {
  const mib = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(body)
    return m ? `${(Number(m[1]) / 1024 / 1024).toFixed(0)}MiB` : '?'
  }
  return `heap used=${mib('nodejs_heap_size_used_bytes')} total=${mib('nodejs_heap_size_total_bytes')} external=${mib('nodejs_external_memory_bytes')}`
}

const cluster = await startKafkaCluster({ nodes: 3 })
const work = await mkdtemp(join(tmpdir(), 'kafkascope-scale-'))
const children: ChildProcess[] = []
try {
  const bootstrap = cluster.bootstrap.split(',')
  await shapeCluster(bootstrap, { topics, partitions, groups, records })
  const ports = await freePorts(daemons.length + 1)
  const probe = `data:text/javascript,${encodeURIComponent(DELAY_PROBE)}`
  const running = daemons.map((d, i) => {
    const port = ports[i] as number
    const child = spawn(
      process.execPath,
      [
        ...d.nodeOptions,
        '--import',
        probe,
        d.cli,
        ...bootstrap.map((b) => `--kafka.server=${b}`),
        `--poll.interval=${POLL_INTERVAL_S}s`,
        `--web.listen-address=127.0.0.1:${port}`,
        ...extraFlags,
      ],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          ...d.env,
          DELAY_OUT: join(work, `${d.name}.json`),
          ...(delayProbe ? {} : { DELAY_PROBE: 'off' }),
        },
      },
    )
    children.push(child)
    return { ...d, port, child, samples: [] as Sample[], body: '', resident: '' }
  })
  for (const d of running) await waitForReady(d.port, d.child, d.name)
  // Two polls of warm-up (caches filled, first analysis done) before anything counts.
  await new Promise((r) => setTimeout(r, 2 * POLL_INTERVAL_S * 1000))
  // The control server answers the first daemon's body as it was after warm-up, from a process that does nothing else.
  const controlBody = join(work, 'control.gz')
  await writeFile(controlBody, await gzippedBody(running[0]?.port as number))
  const control = { name: 'control', port: ports[daemons.length] as number }
  const controlChild = spawn(process.execPath, ['-e', CONTROL_SERVER, String(control.port), controlBody], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(controlChild)
  await once(controlChild.stdout, 'data')
  const targets = [...running.map(({ name, port }) => ({ name, port })), control]
  const scrapeStart = Number(process.hrtime.bigint() / 1000n)
  const scraper = spawn(process.execPath, ['-e', scraperScript(scrapeMs), JSON.stringify(targets)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(scraper)
  let scraped = ''
  scraper.stdout.on('data', (d) => {
    scraped += String(d)
  })
  const end = Date.now() + seconds * 1000
  for (let tick = 0; Date.now() < end; tick++) {
    for (const d of running) {
      const p = await procSample(d.child.pid as number)
      const figures = tick % 5 === 0 ? await pollFigures(d.port) : { polls: null, pollSeconds: null }
      const threads = figures.polls === null ? undefined : await threadTicks(d.child.pid as number)
      d.samples.push({
        ...p,
        polls: figures.polls,
        pollSeconds: figures.pollSeconds,
        ...(threads ? { threads } : {}),
      })
    }
    await new Promise((r) => setTimeout(r, 1000))
  }
  for (const d of running) {
    d.body = (await pollFigures(d.port)).body ?? ''
    d.resident = await residentBreakdown(d.child.pid as number)
  }
  scraper.kill('SIGTERM')
  await once(scraper, 'exit')
  for (const d of running) {
    d.child.kill('SIGTERM')
    await once(d.child, 'exit')
  }
  controlChild.kill('SIGTERM')
  const latencies = JSON.parse(scraped) as Record<string, number[]>
  console.log(
    `${topics * partitions} partitions, ${groups} groups, ${groups * partitions} group partitions; ${seconds} s measured`,
  )
  const c = (latencies.control ?? []).sort((a, b) => a - b)
  console.log(
    `control   scrape p50=${percentile(c, 50).toFixed(1)}ms p99=${percentile(c, 99).toFixed(1)}ms (${c.length}), a static server answering ${running[0]?.name}'s gzipped body`,
  )
  for (const d of running) {
    const s = d.samples
    const withPolls = s.filter((x) => x.polls !== null)
    const first = withPolls[0] as Sample
    const last = withPolls[withPolls.length - 1] as Sample
    const firstAt = s.indexOf(first)
    const lastAt = s.indexOf(last)
    const polls = (last.polls as number) - (first.polls as number)
    const cpuPerPoll =
      ((s[lastAt] as Sample).cpuTicks - (s[firstAt] as Sample).cpuTicks) / CLOCK_TICKS / polls
    const durations = new Map(withPolls.map((x) => [x.polls, x.pollSeconds as number]))
    const wall = [...durations.values()].sort((a, b) => a - b)
    const rss = s.map((x) => x.rssKiB / 1024).sort((a, b) => a - b)
    const v = (latencies[d.name] ?? []).sort((a, b) => a - b)
    const delay = JSON.parse(await readFile(join(work, `${d.name}.json`), 'utf8')) as {
      p99: number
      max: number
      stalls: { at: number; ms: number }[]
    } | null
    const stalls = delay?.stalls.filter((x) => x.at >= scrapeStart) ?? []
    const workerTid = await readFile(join(work, `${d.name}.json.worker-tid`), 'utf8').then(Number, () => null)
    const split = cpuSplit(
      d.child.pid as number,
      workerTid,
      first.threads ?? new Map(),
      last.threads ?? new Map(),
      polls,
      CLOCK_TICKS,
    )
    let series = 0
    for (let i = 0; i < d.body.length; i++)
      if (d.body.charCodeAt(i) === 10 && d.body.charCodeAt(i + 1) !== 35) series++
    console.log(
      [
        d.name.padEnd(8),
        `rss p50=${percentile(rss, 50).toFixed(0)}MiB max=${((s[s.length - 1]?.hwmKiB ?? 0) / 1024).toFixed(0)}MiB`,
        `cpu/poll=${cpuPerPoll.toFixed(3)}s over ${polls} polls (${split})`,
        `poll wall p50=${(percentile(wall, 50) * 1000).toFixed(0)}ms max=${((wall[wall.length - 1] ?? 0) * 1000).toFixed(0)}ms`,
        `scrape p50=${percentile(v, 50).toFixed(1)}ms p99=${percentile(v, 99).toFixed(1)}ms (${v.length})`,
        delay
          ? `event-loop p99=${delay.p99.toFixed(1)}ms max=${delay.max.toFixed(0)}ms stalls>50ms=${stalls.length}`
          : 'event-loop n/a (--no-delay-probe)',
        `series=${series} body=${(d.body.length / 1024 / 1024).toFixed(1)}MiB`,
        `at the end: ${heapFigures(d.body)} ${d.resident}`,
      ].join('  '),
    )
  }
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  await rm(work, { recursive: true, force: true })
  await cluster.teardown()
}
