import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeLogDirs } from '../../src/commands/describe-log-dirs.js'
import { KafkaClient } from '../../src/kafka/client.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { createTopic, produce } from '../harness/kafka/traffic.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `logdirs-${run}`
/** Messages per partition: a known volume, written before anything is compared and not added to after. */
const COUNTS = [200, 300, 400]
let exporter: RunningExporter

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 3, replicas: 3 })
  await produce(cluster.bootstrap, TOPIC, COUNTS)
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=500ms',
    '--log-dirs.refresh-interval=1s',
    `--topic.filter=${run}`,
  ])
})

afterAll(async () => {
  await exporter?.stop()
})

/** `kafka-log-dirs --describe` for the topic: size of each replica's log by broker/partition, and each broker's dirs. */
async function kafkaLogDirs(): Promise<{
  sizes: Record<string, number>
  dirs: { broker: number; logDir: string; error: string | null }[]
}> {
  const args = ['--bootstrap-server', cluster.bootstrap, '--describe', '--topic-list', TOPIC]
  const result = await cluster.runTool('org.apache.kafka.tools.LogDirsCommand', args)
  if (result.code !== 0) throw new Error(`LogDirsCommand failed (exit ${result.code}): ${result.stderr}`)
  const json = result.stdout.split('\n').find((l) => l.startsWith('{'))
  if (!json) throw new Error(`LogDirsCommand printed no JSON: ${result.stdout}`)
  const answer = JSON.parse(json) as {
    brokers: {
      broker: number
      logDirs: {
        logDir: string
        error: string | null
        partitions: { partition: string; size: number; isFuture: boolean }[]
      }[]
    }[]
  }
  const sizes: Record<string, number> = {}
  const dirs: { broker: number; logDir: string; error: string | null }[] = []
  for (const b of answer.brokers) {
    for (const d of b.logDirs) {
      dirs.push({ broker: b.broker, logDir: d.logDir, error: d.error })
      for (const p of d.partitions) {
        if (p.isFuture) continue
        // "topic-partition", as TopicPartition.toString() writes it.
        const partition = p.partition.slice(p.partition.lastIndexOf('-') + 1)
        sizes[`${b.broker}/${partition}`] = p.size
      }
    }
  }
  return { sizes, dirs }
}

/** kafkascope's replica sizes of the topic by broker/partition. */
function replicaSizes(s: Sample[]): Record<string, number> {
  return Object.fromEntries(
    select(s, 'kafka_topic_partition_log_size_bytes', { topic: TOPIC }).map((x) => [
      `${x.labels.broker_id}/${x.labels.partition}`,
      x.value,
    ]),
  )
}

describe('log directories from DescribeLogDirs, on a real 3-broker cluster', () => {
  it('reports each replica at the size kafka-log-dirs --describe gives, once the followers caught up', async () => {
    // All 9 replicas read and equal per partition: the followers have fetched everything the leader has.
    const settled = (s: Sample[]) => {
      const sizes = replicaSizes(s)
      if (Object.keys(sizes).length !== 9) return undefined
      for (const p of [0, 1, 2]) {
        const of = [1, 2, 3].map((b) => sizes[`${b}/${p}`])
        if (!of.every((v) => v !== undefined && v > 0 && v === of[0])) return undefined
      }
      return sizes
    }
    const before = await exporter.waitFor('replica sizes of the topic, equal on every broker', settled)
    const tool = await kafkaLogDirs()
    // A refresh later (1 s), read again: nothing was written in between, so all three reads must agree exactly.
    await new Promise((r) => setTimeout(r, 1500))
    const after = await exporter.waitFor('a second read', settled)
    expect(tool.sizes).toEqual(before)
    expect(after).toEqual(before)

    // The known volume: each record holds at least its value's bytes, and a larger partition is a larger log.
    for (const [p, count] of COUNTS.entries()) {
      expect(before[`1/${p}`]).toBeGreaterThan(count * `${TOPIC}-${p}-0`.length)
    }
    expect(before['1/0']).toBeLessThan(before['1/1'] as number)
    expect(before['1/1']).toBeLessThan(before['1/2'] as number)

    // Per topic: all replicas summed, and each partition once (its leader's log), as the broker directories say.
    const samples = await exporter.scrape()
    const sum = Object.values(tool.sizes).reduce((a, b) => a + b, 0)
    expect(sampleValue(samples, 'kafka_topic_log_size_bytes', { topic: TOPIC })).toBe(sum)
    const leaders = [0, 1, 2].map((p) =>
      sampleValue(samples, 'kafka_topic_partition_leader', { topic: TOPIC, partition: String(p) }),
    )
    const leaderSum = leaders.reduce<number>((n, l, p) => n + (tool.sizes[`${l}/${p}`] as number), 0)
    expect(sampleValue(samples, 'kafka_topic_leader_log_size_bytes', { topic: TOPIC })).toBe(leaderSum)
  })

  it("names each broker's directory as the broker does, online, with its volume's size and free space", async () => {
    const { dirs } = await kafkaLogDirs()
    const samples = await exporter.scrape()
    expect(dirs).toHaveLength(3)
    for (const d of dirs) {
      expect(d.error).toBeNull()
      const labels = { broker_id: String(d.broker), log_dir: d.logDir }
      expect(sampleValue(samples, 'kafka_log_dir_online', labels)).toBe(1)
      const total = sampleValue(samples, 'kafka_log_dir_total_bytes', labels) as number
      const usable = sampleValue(samples, 'kafka_log_dir_usable_bytes', labels) as number
      expect(total).toBeGreaterThan(0)
      expect(usable).toBeGreaterThan(0)
      expect(usable).toBeLessThanOrEqual(total)
      // Every log of the broker, the topic's among them.
      const size = sampleValue(samples, 'kafka_log_dir_size_bytes', labels) as number
      const topicOnBroker = select(samples, 'kafka_topic_partition_log_size_bytes', {
        topic: TOPIC,
        broker_id: String(d.broker),
      }).reduce((n, s) => n + s.value, 0)
      expect(size).toBeGreaterThanOrEqual(topicOnBroker)
      expect(sampleValue(samples, 'kafka_log_dir_future_replicas', labels)).toBe(0)
    }
    // Reported on the polls that read (every second here), absent on those in between (idle, as topic_configs).
    const success = await exporter.waitFor('a poll that read the log dirs', (x) =>
      sampleValue(x, 'kafkascope_collector_success', { collector: 'log_dirs' }),
    )
    expect(success).toBe(1)
  })

  it('serves the same facts in the JSON API', async () => {
    const samples = await exporter.scrape()
    const brokers = (await (await fetch(`${exporter.url}/api/v1/brokers`)).json()) as {
      id: number
      logDirs: { path: string; online: boolean; totalBytes: number; sizeBytes: number }[] | null
    }[]
    expect(brokers).toHaveLength(3)
    for (const b of brokers) {
      expect(b.logDirs).toHaveLength(1)
      const [dir] = b.logDirs ?? []
      expect(dir?.online).toBe(true)
      expect(dir?.totalBytes).toBe(
        sampleValue(samples, 'kafka_log_dir_total_bytes', {
          broker_id: String(b.id),
          log_dir: dir?.path ?? '',
        }),
      )
    }
    const topic = (await (await fetch(`${exporter.url}/api/v1/topics/${TOPIC}`)).json()) as {
      sizeBytes: number
      leaderSizeBytes: number
      partitionDetails: { partition: number; replicaLogs: { broker: number; sizeBytes: number }[] }[]
    }
    expect(topic.sizeBytes).toBe(sampleValue(samples, 'kafka_topic_log_size_bytes', { topic: TOPIC }))
    expect(topic.leaderSizeBytes).toBe(
      sampleValue(samples, 'kafka_topic_leader_log_size_bytes', { topic: TOPIC }),
    )
    const sizes = replicaSizes(samples)
    for (const p of topic.partitionDetails) {
      expect(p.replicaLogs.map((r) => r.broker).sort()).toEqual([1, 2, 3])
      for (const r of p.replicaLogs) expect(r.sizeBytes).toBe(sizes[`${r.broker}/${p.partition}`])
    }
  })

  it('kafkascope log-dirs prints the same sizes as kafka-log-dirs --describe', async () => {
    const tool = await kafkaLogDirs()
    const client = new KafkaClient({ bootstrap: cluster.bootstrap.split(',') })
    const poll = {
      timeoutMs: 10_000,
      topics: { include: run, exclude: '^$' },
      groups: { include: run, exclude: '^$' },
      configRefreshMs: 300_000,
      lagFetchMaxBytes: 0,
      logDirsRefreshMs: 60_000,
    }
    try {
      const json = await describeLogDirs({ poll }, client, 'json')
      expect(json.exitCode).toBe(0)
      expect(json.errors).toEqual([])
      const doc = JSON.parse(json.output) as {
        brokers: { id: number; logDirs: { path: string; online: boolean }[] }[]
        topics: { topic: string; partitions: number; sizeBytes: number }[]
      }
      expect(doc.topics).toEqual([
        {
          topic: TOPIC,
          partitions: 3,
          sizeBytes: Object.values(tool.sizes).reduce((a, b) => a + b, 0),
          leaderSizeBytes: expect.any(Number),
        },
      ])
      expect(doc.brokers.map((b) => [b.id, b.logDirs.map((d) => [d.path, d.online])])).toEqual(
        tool.dirs
          .map((d) => [d.broker, [[d.logDir, true]]])
          .sort((a, b) => (a[0] as number) - (b[0] as number)),
      )
      const table = await describeLogDirs({ poll }, client, 'table')
      const lines = table.output.split('\n')
      expect(lines[0]?.split(/\s+/)).toEqual([
        'BROKER',
        'LOG-DIR',
        'ONLINE',
        'SIZE',
        'TOTAL',
        'USABLE',
        'USED%',
        'FUTURE-REPLICAS',
      ])
      const topicRow = lines.find((l) => l.startsWith(TOPIC))?.split(/\s+/)
      expect(topicRow?.slice(0, 3)).toEqual([TOPIC, '3', String(doc.topics[0]?.sizeBytes)])
    } finally {
      await client.close()
    }
  })
})
