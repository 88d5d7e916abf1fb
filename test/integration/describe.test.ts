import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
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
    const [header, ...lines] = stdout.trim().split('\n')
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
        STATUS: 'ok',
      })
      // Produced two minutes ago: a lagging partition's first unconsumed record is about 120 s old.
      const seconds = Number(row?.['LAG-SECONDS'])
      if (o.lag === 0) expect(seconds).toBe(0)
      else expect(Math.abs(seconds - 120)).toBeLessThan(12)
    }
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
