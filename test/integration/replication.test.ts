import { Admin } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { createTopic } from '../harness/kafka/traffic.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const STRICT = `repl-minisr3-${run}` // RF 3, min.insync.replicas 3: any broker down breaks acks=all
const RELAXED = `repl-minisr2-${run}` // RF 3, min.insync.replicas 2: one broker down is only under-replicated
const SINGLE = `repl-rf1-${run}` // RF 1, partition p on broker p+1: its broker down means offline
const STOPPED = 2
let exporter: RunningExporter

beforeAll(async () => {
  await createTopic(cluster.bootstrap, STRICT, {
    partitions: 3,
    replicas: 3,
    configs: { 'min.insync.replicas': '3' },
  })
  await createTopic(cluster.bootstrap, RELAXED, {
    partitions: 3,
    replicas: 3,
    configs: { 'min.insync.replicas': '2' },
  })
  const admin = new Admin({ clientId: 'test-replication', bootstrapBrokers: cluster.bootstrap.split(',') })
  try {
    await admin.createTopics({
      topics: [SINGLE],
      partitions: -1,
      replicas: -1,
      assignments: [0, 1, 2].map((p) => ({ partition: p, brokers: [p + 1] })),
    })
  } finally {
    await admin.close()
  }
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=500ms',
    `--topic.filter=${run}`,
  ])
})

afterAll(async () => {
  await exporter?.stop()
  const state = await cluster.state()
  for (const node of state.nodes) if (!node.running) await cluster.startNode(node.id)
  await cluster.waitForBrokers(state.nodes.length)
})

/** `kafka-topics --describe --under-min-isr-partitions`, as topic/partition, for the given topics. */
async function underMinIsrByKafkaTopics(topics: string[]): Promise<string[]> {
  const args = ['--bootstrap-server', cluster.bootstrap, '--describe', '--under-min-isr-partitions']
  const result = await cluster.runTool('org.apache.kafka.tools.TopicCommand', args)
  if (result.code !== 0) throw new Error(`TopicCommand failed (exit ${result.code}): ${result.stderr}`)
  const rows = [...result.stdout.matchAll(/Topic:\s*(\S+)\s+Partition:\s*(\d+)/g)]
  return rows.filter((m) => topics.includes(m[1] as string)).map((m) => `${m[1]}/${m[2]}`)
}

function partitionValues(s: Sample[], name: string, topic: string): number[] {
  return select(s, name, { topic })
    .sort((a, b) => Number(a.labels.partition) - Number(b.labels.partition))
    .map((x) => x.value)
}

const PER_TOPIC_COUNTS = [
  ['kafka_topic_under_replicated_partitions', 'kafka_topic_partition_under_replicated_partition'],
  ['kafka_topic_under_min_isr_partitions', 'kafka_topic_partition_under_min_isr'],
  ['kafka_topic_offline_partitions', 'kafka_topic_partition_offline'],
] as const

function healthy(s: Sample[]): boolean {
  return [STRICT, RELAXED, SINGLE].every(
    (t) =>
      partitionValues(s, 'kafka_topic_partition_under_replicated_partition', t).join() === '0,0,0' &&
      partitionValues(s, 'kafka_topic_partition_under_min_isr', t).join() === '0,0,0' &&
      partitionValues(s, 'kafka_topic_partition_offline', t).join() === '0,0,0',
  )
}

describe('replication health on the real cluster', () => {
  it('starts healthy, with min ISR and replication factor from the topic configs', async () => {
    const s = await exporter.waitFor('healthy with configs', (s) =>
      healthy(s) && sampleValue(s, 'kafka_topic_min_insync_replicas', { topic: STRICT }) !== undefined
        ? s
        : undefined,
    )
    expect(sampleValue(s, 'kafka_topic_min_insync_replicas', { topic: STRICT })).toBe(3)
    expect(sampleValue(s, 'kafka_topic_min_insync_replicas', { topic: RELAXED })).toBe(2)
    expect(sampleValue(s, 'kafka_topic_replication_factor', { topic: STRICT })).toBe(3)
    expect(partitionValues(s, 'kafka_topic_partition_leader', SINGLE)).toEqual([1, 2, 3])
    expect(partitionValues(s, 'kafka_topic_partition_in_sync_replica', STRICT)).toEqual([3, 3, 3])
  })

  it('shows under-replicated, under-min-ISR and offline partitions while a broker is down, and recovery after', async () => {
    await cluster.stopNode(STOPPED, 'SIGTERM')
    // The controller shrinks ISRs and unregisters the broker in separate metadata updates; wait for both.
    const down = await exporter.waitFor('broker 2 gone from every ISR and from the brokers', (s) =>
      sampleValue(s, 'kafka_brokers') === 2 &&
      partitionValues(s, 'kafka_topic_partition_in_sync_replica', STRICT).join() === '2,2,2' &&
      partitionValues(s, 'kafka_topic_partition_offline', SINGLE).join() === '0,1,0'
        ? s
        : undefined,
    )
    expect(partitionValues(down, 'kafka_topic_partition_under_replicated_partition', STRICT)).toEqual([
      1, 1, 1,
    ])
    expect(partitionValues(down, 'kafka_topic_partition_under_min_isr', STRICT)).toEqual([1, 1, 1])
    expect(partitionValues(down, 'kafka_topic_partition_under_replicated_partition', RELAXED)).toEqual([
      1, 1, 1,
    ])
    expect(partitionValues(down, 'kafka_topic_partition_under_min_isr', RELAXED)).toEqual([0, 0, 0])
    // A leaderless partition is under min ISR whatever its ISR still lists, as Kafka's own tool counts it.
    expect(partitionValues(down, 'kafka_topic_partition_under_min_isr', SINGLE)).toEqual([0, 1, 0])
    const ours = [STRICT, RELAXED, SINGLE].flatMap((t) =>
      partitionValues(down, 'kafka_topic_partition_under_min_isr', t).flatMap((v, i) =>
        v === 1 ? [`${t}/${i}`] : [],
      ),
    )
    expect(ours.sort()).toEqual((await underMinIsrByKafkaTopics([STRICT, RELAXED, SINGLE])).sort())
    expect(partitionValues(down, 'kafka_topic_partition_leader', SINGLE)).toEqual([1, -1, 3])
    expect(partitionValues(down, 'kafka_topic_partition_offline', STRICT)).toEqual([0, 0, 0])
    // Offsets of the offline partition are unknown, not zero; the others are still served.
    expect(
      sampleValue(down, 'kafka_topic_partition_current_offset', { topic: SINGLE, partition: '1' }),
    ).toBeUndefined()
    expect(sampleValue(down, 'kafka_topic_partition_current_offset', { topic: SINGLE, partition: '0' })).toBe(
      0,
    )

    // The per-topic counts (kept at --metrics.topic-granularity=topic) say the same, per topic.
    for (const [family, perPartition] of PER_TOPIC_COUNTS) {
      for (const t of [STRICT, RELAXED, SINGLE]) {
        const sum = partitionValues(down, perPartition, t).reduce((a, b) => a + b, 0)
        expect(sampleValue(down, family, { topic: t }), `${family} ${t}`).toBe(sum)
      }
    }
    expect(sampleValue(down, 'kafka_topic_under_min_isr_partitions', { topic: STRICT })).toBe(3)
    expect(sampleValue(down, 'kafka_topic_offline_partitions', { topic: SINGLE })).toBe(1)
    // The watermark sum of a topic with an offline partition is left out rather than summed over the others.
    expect(sampleValue(down, 'kafka_topic_current_offset', { topic: SINGLE })).toBeUndefined()
    expect(sampleValue(down, 'kafka_topic_current_offset', { topic: STRICT })).toBe(0)

    await cluster.startNode(STOPPED)
    const back = await exporter.waitFor('all healthy again', (s) => (healthy(s) ? s : undefined), 120_000)
    for (const [family] of PER_TOPIC_COUNTS)
      for (const t of [STRICT, RELAXED, SINGLE]) expect(sampleValue(back, family, { topic: t })).toBe(0)
  })
})
