import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProduceAcks, Producer } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nameFilter } from '../../src/collect/filters.js'
import { LogDirsCache } from '../../src/collect/log-dirs.js'
import { pollOnce } from '../../src/collect/poll.js'
import { RecordTimestampCache } from '../../src/collect/record-timestamps.js'
import { TopicConfigCache } from '../../src/collect/topic-configs.js'
import { KafkaClient } from '../../src/kafka/client.js'
import { type KafkaCluster, startKafkaCluster } from '../harness/kafka/cluster.js'
import { pollUntil } from '../harness/kafka/metadata.js'
import { createTopic } from '../harness/kafka/traffic.js'

/**
 * A replica being moved between two log directories of one broker (a "future" log), which needs a broker with two
 * log.dirs (JBOD; KRaft supports it from 3.7): the shared 3-node cluster has one each, so this file starts its own
 * one-node cluster. The move is throttled to 1 byte/s (--replica-alter-log-dirs-throttle), so the future log stays
 * behind while it is observed. Then the second directory is broken (replaced by a file while the broker is down):
 * the broker starts with it offline.
 */
const TOPIC = 'moving'
let dir: string
let cluster: KafkaCluster
let client: KafkaClient

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-jbod-'))
  cluster = await startKafkaCluster({
    nodes: 1,
    brokerProps: { 'log.dirs': `${join(dir, 'a')},${join(dir, 'b')}` },
  })
  client = new KafkaClient({ bootstrap: cluster.bootstrap.split(',') })
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 1, replicas: 1 })
  // 4 MiB in 1 KiB records: more than one replica fetch (1 MiB), so the throttled copy cannot finish at once.
  const producer = new Producer({ clientId: 'moving', bootstrapBrokers: cluster.bootstrap.split(',') })
  try {
    for (let b = 0; b < 16; b++) {
      const messages = Array.from({ length: 256 }, () => ({
        topic: TOPIC,
        partition: 0,
        value: Buffer.alloc(1024, b),
      }))
      await producer.send({ messages, acks: ProduceAcks.ALL })
    }
  } finally {
    await producer.close()
  }
}, 240_000)

afterAll(async () => {
  await client?.close()
  await cluster?.teardown()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function poll() {
  const all = nameFilter('.*', '^$')
  return pollOnce({
    source: client,
    timeoutMs: 10_000,
    topicFilter: all,
    groupFilter: all,
    configs: new TopicConfigCache(300_000),
    timestamps: new RecordTimestampCache(0),
    logDirs: new LogDirsCache(60_000),
    previous: null,
  })
}

describe('a replica moving between log directories', () => {
  it('shows as a future log in the target directory, as kafka-log-dirs --describe says', async () => {
    const before = await poll()
    const dirs = before.logDirs?.brokers[0]?.dirs ?? []
    expect(dirs.map((d) => d.path).sort()).toEqual([join(dir, 'a'), join(dir, 'b')])
    const from = dirs.find((d) => d.replicas.some((r) => r.topic === TOPIC))
    const to = dirs.find((d) => d !== from)
    expect(from?.replicas.find((r) => r.topic === TOPIC)?.sizeBytes).toBeGreaterThan(4 * 1024 * 1024)

    const plan = join(dir, 'move.json')
    await writeFile(
      plan,
      JSON.stringify({
        version: 1,
        partitions: [{ topic: TOPIC, partition: 0, replicas: [1], log_dirs: [to?.path] }],
      }),
    )
    const args = ['--bootstrap-server', cluster.bootstrap, '--reassignment-json-file', plan, '--execute']
    const moved = await cluster.runTool('org.apache.kafka.tools.reassign.ReassignPartitionsCommand', [
      ...args,
      '--replica-alter-log-dirs-throttle',
      '1',
    ])
    expect(moved.code, moved.stdout + moved.stderr).toBe(0)

    const during = await pollUntil(
      'a future log in the target directory',
      async () => {
        const s = await poll()
        const target = s.logDirs?.brokers[0]?.dirs.find((d) => d.path === to?.path)
        return target && target.futureReplicas === 1 ? s : undefined
      },
      { timeoutMs: 30_000 },
    )
    const target = during.logDirs?.brokers[0]?.dirs.find((d) => d.path === to?.path)
    const source = during.logDirs?.brokers[0]?.dirs.find((d) => d.path === from?.path)
    const future = target?.replicas.find((r) => r.topic === TOPIC)
    expect(future?.future).toBe(true)
    // The current log stays where it was until the copy has caught up; the copy is behind it.
    expect(source?.replicas.find((r) => r.topic === TOPIC)?.future).toBe(false)
    expect(target?.futureOffsetLag).toBeGreaterThan(0)
    expect(target?.futureOffsetLag).toBe(future?.offsetLag)

    const tool = await cluster.runTool('org.apache.kafka.tools.LogDirsCommand', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
      '--topic-list',
      TOPIC,
    ])
    const json = JSON.parse(tool.stdout.split('\n').find((l) => l.startsWith('{')) ?? '{}') as {
      brokers: { logDirs: { logDir: string; partitions: { isFuture: boolean; offsetLag: number }[] }[] }[]
    }
    const toolTarget = json.brokers[0]?.logDirs.find((d) => d.logDir === to?.path)
    expect(toolTarget?.partitions.map((p) => p.isFuture)).toEqual([true])
    // Throttled to 1 byte/s: the copy has not moved between the two reads.
    expect(toolTarget?.partitions[0]?.offsetLag).toBe(future?.offsetLag)
  }, 120_000)

  it('reports a directory the broker could not open as offline, as kafka-log-dirs --describe does', async () => {
    // The metadata log lives in the first directory, so only the second can fail without stopping the broker.
    const broken = join(dir, 'b')
    await cluster.stopNode(1)
    await rm(broken, { recursive: true, force: true })
    await writeFile(broken, 'not a directory')
    await cluster.startNode(1)
    const s = await pollUntil(
      'both log dirs in the answer',
      async () => {
        const x = await poll()
        return x.logDirs?.brokers[0]?.dirs.length === 2 ? x : undefined
      },
      { timeoutMs: 60_000 },
    )
    const dirs = s.logDirs?.brokers[0]?.dirs ?? []
    expect(dirs.map((d) => [d.path, d.online, d.errorCode]).sort()).toEqual([
      [join(dir, 'a'), true, 0],
      [broken, false, 56],
    ])
    // An offline directory is data, not a failed collection.
    expect(s.collectors.find((c) => c.name === 'log_dirs')?.success).toBe(true)
    const tool = await cluster.runTool('org.apache.kafka.tools.LogDirsCommand', [
      '--bootstrap-server',
      cluster.bootstrap,
      '--describe',
    ])
    const json = JSON.parse(tool.stdout.split('\n').find((l) => l.startsWith('{')) ?? '{}') as {
      brokers: { logDirs: { logDir: string; error: string | null }[] }[]
    }
    const errors = Object.fromEntries((json.brokers[0]?.logDirs ?? []).map((d) => [d.logDir, d.error]))
    expect(errors).toEqual({
      [join(dir, 'a')]: null,
      [broken]: 'org.apache.kafka.common.errors.KafkaStorageException',
    })
  }, 180_000)
})
