// Optimizing compiles that repeat every poll, on the synthetic cluster: npx tsx bench/recompiles.ts [16k|100k] [polls=30]
//   [name=path/to/checkout ...]
// Runs bench/synthetic-scale.ts of each checkout (default: this one) under `node --trace-opt --print-opt-source`
// and counts the TurboFan compiles after the first 12 polls (steady state: every function hot by then), per poll and
// by source file and function. A closure made anew each poll loses its optimized code when the collection between
// polls frees its last instance, so its hot loop runs interpreted first and is compiled again every poll, on V8's
// background threads (bench/README.md, "Optimized code that outlives the poll"); this bench finds such code.
// Checkouts are run one after the other, alternated twice, so noise shows as the spread between their rounds.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const args = process.argv.slice(2)
const [shape = '16k', pollsArg = '30'] = args.filter((a) => !a.includes('='))
const checkouts = args
  .filter((a) => a.includes('='))
  .map((a) => ({ name: a.slice(0, a.indexOf('=')), dir: resolve(a.slice(a.indexOf('=') + 1)) }))
if (checkouts.length === 0) checkouts.push({ name: 'this', dir: resolve('.') })
const STEADY_FROM = 12
const TOP = 15

interface Count {
  compiles: number
  ms: number
}

interface Trace {
  readonly polls: number
  readonly total: Count
  /** By "file:function | first line of its source", top-level compiles only (not the functions inlined into them). */
  readonly bySource: Map<string, Count>
  readonly cpuLine: string
}

function run(dir: string): Promise<string> {
  // V8 prints its trace with C stdio, fully buffered into a pipe: line buffering (coreutils' stdbuf) keeps its lines
  // in order with the poll marks Node writes.
  const child = spawn(
    'stdbuf',
    [
      '-oL',
      process.execPath,
      '--trace-opt',
      '--print-opt-source',
      '--expose-gc',
      '--import',
      'tsx',
      'bench/synthetic-scale.ts',
      shape,
      pollsArg,
    ],
    { cwd: dir, env: { ...process.env, POLL_MARKS: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout.on('data', (d) => {
    out += String(d)
  })
  return new Promise((done, fail) => {
    child.on('error', fail)
    child.on('exit', (code) =>
      code === 0 ? done(out) : fail(new Error(`${dir}: synthetic-scale exited ${code}`)),
    )
  })
}

/** Reads V8's trace: "--- FUNCTION SOURCE (file:name) id{opt,-1}" opens a compile, "completed compiling … took a, b, c ms" ends it. */
function parseTrace(text: string, root: string): Trace {
  const lines = text.split('\n')
  const bySource = new Map<string, Count>()
  const total = { compiles: 0, ms: 0 }
  let poll = -1
  let first = -1
  let current: string | null = null
  let cpuLine = ''
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const mark = /^--- poll (\d+)/.exec(line)
    if (mark) {
      poll = Number(mark[1])
      if (poll >= STEADY_FROM && first < 0) first = poll
      continue
    }
    const source = /^--- FUNCTION SOURCE \((.*)\) id\{\d+,-1\} start\{\d+\} ---$/.exec(line)
    if (source) {
      const where = (source[1] as string).replace(`file://${root}/`, '')
      current = `${where} | ${(lines[i + 1] ?? '').trim().slice(0, 70)}`
      continue
    }
    const done = /completed compiling .* took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line)
    if (done && poll >= STEADY_FROM) {
      const ms = Number(done[1]) + Number(done[2]) + Number(done[3])
      total.compiles++
      total.ms += ms
      if (current !== null) {
        const c = bySource.get(current) ?? { compiles: 0, ms: 0 }
        c.compiles++
        c.ms += ms
        bySource.set(current, c)
      }
      continue
    }
    if (line.startsWith('cpu/poll')) cpuLine = line.split('  (')[0] as string
  }
  return { polls: first < 0 ? 0 : poll - first + 1, total, bySource, cpuLine }
}

const results = new Map<string, Trace[]>()
for (let round = 0; round < 2; round++) {
  for (const c of checkouts) {
    const trace = parseTrace(await run(c.dir), c.dir)
    results.set(c.name, [...(results.get(c.name) ?? []), trace])
    const per = (n: number) => (n / Math.max(1, trace.polls)).toFixed(1)
    console.log(
      `${c.name} round ${round + 1}: ${per(trace.total.compiles)} compiles and ${per(trace.total.ms)} ms of compiling per steady poll (${trace.polls} polls)  ${trace.cpuLine}`,
    )
  }
}
for (const [name, traces] of results) {
  const last = traces[traces.length - 1] as Trace
  console.log(
    `\n${name}: top ${TOP} steady compiles (last round; src/ only), ms and count over ${last.polls} polls`,
  )
  const own = [...last.bySource].filter(([k]) => k.startsWith('src/'))
  own.sort((a, b) => b[1].ms - a[1].ms)
  for (const [k, c] of own.slice(0, TOP))
    console.log(`${c.ms.toFixed(0).padStart(6)} ms ${String(c.compiles).padStart(3)}×  ${k}`)
}
