import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const slowReader = fileURLToPath(new URL('../support/slow-reader.mjs', import.meta.url))
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `describe-${run}`
const GROUP = `describe-group-${run}`

async function kafkascope(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args])
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += String(d)
  })
  child.stderr.on('data', (d) => {
    stderr += String(d)
  })
  const [code] = await once(child, 'exit')
  return { code: code as number, stdout, stderr }
}

const servers = () => cluster.bootstrap.split(',').map((b) => `--kafka.server=${b}`)

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 3, replicas: 3 })
  await produce(cluster.bootstrap, TOPIC, [4, 6, 8], { timestamp: () => Date.now() - 120_000 })
  await commitOffsets(cluster.bootstrap, GROUP, [
    { topic: TOPIC, partition: 0, offset: 1 },
    { topic: TOPIC, partition: 1, offset: 6 },
    { topic: TOPIC, partition: 2, offset: 0 },
  ])
})

describe('kafkascope describe', () => {
  it('prints what kafka-consumer-groups --describe prints, with lag in seconds and status added', async () => {
    const { code, stdout, stderr } = await kafkascope(['describe', ...servers(), `--group.filter=${GROUP}`])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const [groupTable, quorum] = stdout.trim().split('\n\n')
    const [header, ...lines] = (groupTable as string).split('\n')
    const columns = (header as string).split(/\s{2,}/)
    expect(columns).toEqual([
      'GROUP',
      'TOPIC',
      'PARTITION',
      'CURRENT-OFFSET',
      'LOG-END-OFFSET',
      'LAG',
      'LAG-SECONDS',
      'STATUS',
      'CONSUMER-ID',
      'HOST',
      'CLIENT-ID',
    ])
    const rows = lines.map((l) => Object.fromEntries(l.split(/\s{2,}/).map((v, i) => [columns[i], v])))
    const oracle = await cluster.describeGroups([GROUP])
    expect(rows).toHaveLength(oracle.length)
    for (const o of oracle) {
      const row = rows.find((r) => r.TOPIC === o.topic && Number(r.PARTITION) === o.partition)
      expect(row, `${o.topic}/${o.partition}`).toMatchObject({
        GROUP,
        'CURRENT-OFFSET': String(o.currentOffset),
        'LOG-END-OFFSET': String(o.logEndOffset),
        LAG: String(o.lag),
        // One poll cannot judge a trend; nobody is a member, but the waiting record (120 s) is younger than W (10m).
        STATUS: o.lag === 0 ? 'ok' : 'unknown',
      })
      // Produced two minutes ago: a lagging partition's first unconsumed record is about 120 s old.
      const seconds = Number(row?.['LAG-SECONDS'])
      if (o.lag === 0) expect(seconds).toBe(0)
      else expect(Math.abs(seconds - 120)).toBeLessThan(12)
    }
    // Then the KRaft quorum, as kafka-metadata-quorum --replication lists it: every node votes, one leads.
    const [title, quorumHeader, ...replicas] = (quorum as string).split('\n')
    expect(title).toMatch(/^KRaft quorum: leader [123], epoch \d+, high watermark \d+$/)
    expect(quorumHeader?.split(/\s{2,}/)).toEqual([
      'NODE-ID',
      'STATUS',
      'LOG-END-OFFSET',
      'LAG',
      'LAST-FETCH-SECONDS',
      'LAST-CAUGHT-UP-SECONDS',
    ])
    const nodes = replicas.map((l) => l.split(/\s+/))
    expect(nodes.map((c) => c[0])).toEqual(['1', '2', '3'])
    const leader = nodes.filter((c) => c[1] === 'Leader')
    expect(leader).toHaveLength(1)
    expect(title).toContain(`leader ${leader[0]?.[0]},`)
    expect(nodes.filter((c) => c[1] === 'Follower')).toHaveLength(2)
  })

  it('says stopped at once when nobody is a member and the waiting record is older than the window', async () => {
    const { code, stdout } = await kafkascope([
      'describe',
      ...servers(),
      `--group.filter=${GROUP}`,
      '--status.window=1m',
    ])
    expect(code).toBe(0)
    const statuses = (stdout.trim().split('\n\n')[0] as string)
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s{2,}/))
      .map((c) => `${c[2]}:${c[7]}`)
      .sort()
    expect(statuses).toEqual(['0:stopped', '1:ok', '2:stopped'])
  })

  it('prints JSON with --output json, and exits 1 naming the broker when Kafka is unreachable', async () => {
    const json = await kafkascope(['describe', ...servers(), `--group.filter=${GROUP}`, '--output=json'])
    expect(json.code).toBe(0)
    const groups = JSON.parse(json.stdout) as {
      groupId: string
      lag: number
      topics: { partitions: unknown[] }[]
    }[]
    expect(groups.map((g) => g.groupId)).toEqual([GROUP])
    expect(groups[0]?.lag).toBe(3 + 0 + 8)

    const down = await kafkascope(['describe', '--kafka.server=127.0.0.1:1', '--poll.timeout=2s'])
    expect(down.code).toBe(1)
    expect(down.stdout).toBe('')
    expect(down.stderr).toContain('127.0.0.1:1')
    expect(down.stderr).toContain('ECONNREFUSED')
  })
})

// Many groups: 20 groups × 100 committed partitions = 2,000 rows, several times the 64 KiB a pipe buffers, so
// output that is not drained before the process exits shows up as a cut.
const MANY_TOPIC = `describe-many-${run}`
const MANY_GROUPS = Array.from({ length: 20 }, (_, i) => `describe-many-${run}-${String(i).padStart(2, '0')}`)
const MANY_PARTITIONS = 100
const PIPE_BUFFER = 65_536

describe('kafkascope describe with output larger than a pipe buffer', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kafkascope-describe-'))
    await createTopic(cluster.bootstrap, MANY_TOPIC, { partitions: MANY_PARTITIONS, replicas: 1 })
    const offsets = Array.from({ length: MANY_PARTITIONS }, (_, partition) => ({
      topic: MANY_TOPIC,
      partition,
      offset: 0,
    }))
    await Promise.all(MANY_GROUPS.map((g) => commitOffsets(cluster.bootstrap, g, offsets)))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** Runs a shell pipeline `kafkascope describe ... <redirect>`; the exit code is kafkascope's (PIPESTATUS[0]). */
  async function shell(args: string[], redirect: string, name: string) {
    const out = join(dir, `${name}.out`)
    const err = join(dir, `${name}.err`)
    const command = `"$0" "$@" 2>${q(err)} ${redirect} >${q(out)}; echo "\${PIPESTATUS[0]}"`
    const child = spawn('bash', ['-c', command, process.execPath, cli, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let status = ''
    child.stdout.on('data', (d) => {
      status += String(d)
    })
    await once(child, 'exit')
    return { code: Number(status.trim()), stdout: await readFile(out), stderr: await readFile(err, 'utf8') }
  }
  const q = (path: string) => `'${path}'`
  const args = (output: string) => [
    'describe',
    ...servers(),
    `--group.filter=^describe-many-${run}-`,
    `--output=${output}`,
  ]

  it.each(['table', 'json'])(
    '%s output through a slow pipe is complete: the same bytes as written to a file',
    async (output) => {
      const file = await shell(args(output), '', `${output}-file`)
      const piped = await shell(args(output), `| ${q(process.execPath)} ${q(slowReader)}`, `${output}-pipe`)
      for (const r of [file, piped]) {
        expect(r.stderr).toBe('')
        expect(r.code).toBe(0)
      }
      expect(file.stdout.length).toBeGreaterThan(2 * PIPE_BUFFER)
      if (output === 'table') {
        const [fileGroups, fileQuorum] = file.stdout.toString().split('\n\n')
        const [pipedGroups, pipedQuorum] = piped.stdout.toString().split('\n\n')
        expect((fileGroups as string).split('\n')).toHaveLength(1 + MANY_GROUPS.length * MANY_PARTITIONS)
        expect(pipedGroups).toBe(fileGroups)
        // The quorum that follows moves between the two polls (end offsets, ages): whole in both, title, header and
        // one line per node, ending in a newline.
        for (const quorum of [fileQuorum, pipedQuorum]) {
          expect(quorum).toMatch(/^KRaft quorum: leader [123], /)
          expect(quorum?.endsWith('\n')).toBe(true)
          expect(quorum?.trimEnd().split('\n')).toHaveLength(2 + 3)
        }
      } else {
        // A group without members is inactive since the poll that saw it (one per run): the only bytes that differ.
        const times = /"inactiveSince": "\d{4}-\d\d-\d\dT[\d:.]+Z"/g
        const mask = (b: Buffer) => b.toString().replace(times, '"inactiveSince": "<poll time>"')
        expect(file.stdout.toString().match(times)).toHaveLength(MANY_GROUPS.length)
        expect(piped.stdout.length).toBe(file.stdout.length)
        expect(mask(piped.stdout)).toBe(mask(file.stdout))
        const groups = JSON.parse(piped.stdout.toString()) as {
          groupId: string
          topics: { partitions: unknown[] }[]
        }[]
        expect(groups.map((g) => g.groupId)).toEqual(MANY_GROUPS)
        expect(groups.flatMap((g) => g.topics.flatMap((t) => t.partitions))).toHaveLength(
          MANY_GROUPS.length * MANY_PARTITIONS,
        )
      }
    },
  )

  it.each(['table', 'json'])(
    '%s output into a reader that stops early (| head -c 100) ends quietly with exit 0',
    async (output) => {
      const file = await shell(args(output), '', `${output}-full`)
      const head = await shell(args(output), '| head -c 100', `${output}-head`)
      expect(head.stderr).toBe('')
      expect(head.code).toBe(0)
      expect(head.stdout.equals(file.stdout.subarray(0, 100))).toBe(true)
    },
  )
})
