import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nameFilter } from '../../src/collect/filters.js'
import { pollOnce } from '../../src/collect/poll.js'
import { RecordTimestampCache } from '../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../src/collect/topic-configs.js'
import { KafkaClient } from '../../src/kafka/client.js'
import { type KafkaCluster, startKafkaCluster } from '../harness/kafka/cluster.js'
import type { GroupOffsetRow } from '../harness/kafka/consumer-groups.js'
import { olderThan } from '../harness/kafka/metadata.js'
import { type RunningExporter, startExporter } from '../support/exporter.js'
import { select } from '../support/exposition.js'

/**
 * kafkascope against Kafka 2.8 in KRaft mode (early access in 2.8; the oldest broker whose jars start in KRaft with
 * this harness), which has neither OffsetFetch v8 (3.0) nor Fetch by topic id (v13, 3.1): committed offsets come one
 * group per OffsetFetch and record timestamps from Fetch v12 by topic name. Data is written with Kafka 2.8's own
 * tools (TopicCommand, ProducerPerformance, ConsumerGroupCommand --reset-offsets), whose --describe is the oracle
 * for lag. Requests are kafkascope's own count (kafkascope_poll_requests, counted as each request is sent): 2.8's
 * KRaft mode ignores advertised.listeners, so the counting proxy of request-budget.test.ts (which checks that
 * count against the wire on current Kafka) cannot be put in the brokers' path here.
 */
const VERSION = process.env.KAFKASCOPE_OLD_KAFKA_VERSION ?? '2.8.2'
/** 3.0 has OffsetFetch v8 (one request per coordinator) but still no Fetch by topic id. */
const SINGLE_GROUP = olderThan(VERSION, 3, 0)
const TOPIC_A = 'old-orders'
const TOPIC_B = 'old-payments'
const RECORDS_A = 20
const RECORDS_B = 30
/** Group i has committed 4i on every partition of TOPIC_A; group 0 also 0 on TOPIC_B. */
const GROUPS = Array.from({ length: 5 }, (_, i) => `old-group-${i}`)

let cluster: KafkaCluster
let plaintext: string
let client: KafkaClient
let exporter: RunningExporter | undefined
let oracle: GroupOffsetRow[]

async function tool(mainClass: string, args: string[]): Promise<string> {
  const r = await cluster.runTool(mainClass, args, { timeoutMs: 90_000 })
  if (r.code !== 0)
    throw new Error(`${mainClass} ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

beforeAll(async () => {
  cluster = await startKafkaCluster({ nodes: 1, version: VERSION })
  const node = cluster.nodes[0]
  if (!node) throw new Error('no node')
  plaintext = `${node.host}:${node.port}`
  client = new KafkaClient({ bootstrap: [plaintext], requestTimeoutMs: 5000 })

  for (const [topic, partitions] of [
    [TOPIC_A, 1],
    [TOPIC_B, 2],
  ] as const) {
    await tool('kafka.admin.TopicCommand', [
      '--bootstrap-server',
      plaintext,
      '--create',
      '--topic',
      topic,
      '--partitions',
      String(partitions),
      '--replication-factor',
      '1',
    ])
  }
  for (const [topic, records] of [
    [TOPIC_A, RECORDS_A],
    [TOPIC_B, RECORDS_B],
  ] as const) {
    await tool('org.apache.kafka.tools.ProducerPerformance', [
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${plaintext}`,
      'acks=all',
    ])
  }
  const reset = (group: string, topic: string, offset: number) =>
    tool('kafka.admin.ConsumerGroupCommand', [
      '--bootstrap-server',
      plaintext,
      '--group',
      group,
      '--topic',
      topic,
      '--reset-offsets',
      '--to-offset',
      String(offset),
      '--execute',
    ])
  for (const [i, group] of GROUPS.entries()) await reset(group, TOPIC_A, 4 * i)
  await reset(GROUPS[0] as string, TOPIC_B, 0)
  oracle = await cluster.describeGroups(GROUPS)
}, 300_000)

afterAll(async () => {
  await exporter?.stop()
  await client?.close()
  await cluster?.teardown()
})

const configs = new TopicConfigCache(300_000)
const timestamps = new RecordTimestampCache(1 << 20)
let previous: Snapshot | null = null

const sent = (s: Snapshot) => Object.fromEntries(Object.entries(s.requests).filter(([, n]) => n > 0))

async function poll(): Promise<Snapshot> {
  previous = await pollOnce({
    source: client,
    timeoutMs: 10_000,
    topicFilter: nameFilter('^old-', '^$'),
    groupFilter: nameFilter('^old-', '^$'),
    configs,
    timestamps,
    previous,
  })
  return previous
}

describe(`Kafka ${VERSION} (${SINGLE_GROUP ? 'no OffsetFetch v8, ' : ''}no Fetch by topic id)`, () => {
  it('the oracle saw what the tools wrote', () => {
    expect(
      oracle.filter((r) => r.topic === TOPIC_A).map((r) => [r.group, r.currentOffset, r.logEndOffset]),
    ).toEqual(GROUPS.map((g, i) => [g, 4 * i, RECORDS_A]))
    expect(oracle.filter((r) => r.topic === TOPIC_B).reduce((n, r) => n + (r.logEndOffset ?? 0), 0)).toBe(
      RECORDS_B,
    )
  })

  it(`the broker ${SINGLE_GROUP ? 'lacks' : 'has'} OffsetFetch v8: kafkascope asks ${SINGLE_GROUP ? 'one group' : 'all groups'} per OffsetFetch`, async () => {
    const broker = (await client.metadata()).brokers[0]
    if (!broker) throw new Error('no broker in the metadata')
    expect(await client.groupsPerOffsetFetch(broker)).toBe(SINGLE_GROUP ? 1 : Number.POSITIVE_INFINITY)
  })

  it('first poll: one OffsetFetch per group, one Fetch by name for the record timestamps, all collectors succeed', async () => {
    const s = await poll()
    expect(s.collectors.filter((c) => !c.success)).toEqual([])
    expect(s.groups.map((g) => g.groupId).sort()).toEqual(GROUPS)
    // B = 1 broker, C = 1 coordinator, G = 5 groups: OffsetFetch is G where Kafka 3.0+ needs C.
    expect(sent(s)).toEqual({
      Metadata: 1,
      ListGroups: 1,
      OffsetFetch: SINGLE_GROUP ? GROUPS.length : 1,
      DescribeGroups: 1,
      ListOffsets: 3,
      DescribeConfigs: 1,
      Fetch: 1,
    })
    expect(s.groups.find((g) => g.groupId === GROUPS[1])?.offsets).toMatchObject([
      { topic: TOPIC_A, partition: 0, offset: 4 },
    ])
  })

  it('steady state: 1 + 4B + C + G requests (no Fetch: timestamps cached)', async () => {
    const s = await poll()
    expect(s.collectors.filter((c) => !c.success)).toEqual([])
    expect(sent(s)).toEqual({
      Metadata: 1,
      ListGroups: 1,
      OffsetFetch: SINGLE_GROUP ? GROUPS.length : 1,
      DescribeGroups: 1,
      ListOffsets: 3,
    })
  })

  it('lag per partition as Kafka 2.8 ConsumerGroupCommand reports it, and lag in seconds from Fetch v12', async () => {
    exporter = await startExporter([
      '--poll.interval=1s',
      `--kafka.server=${plaintext}`,
      '--group.filter=^old-',
    ])
    const e = exporter
    const samples = await e.waitFor('lag of every committed partition', (s) => {
      const lag = select(s, 'kafka_consumergroup_lag')
      return lag.length === oracle.length ? s : undefined
    })
    const lag = (row: GroupOffsetRow) =>
      select(samples, 'kafka_consumergroup_lag', {
        consumergroup: row.group,
        topic: row.topic,
        partition: String(row.partition),
      })[0]?.value
    expect(oracle.map((r) => [r.group, r.topic, r.partition, lag(r)])).toEqual(
      oracle.map((r) => [r.group, r.topic, r.partition, r.lag]),
    )
    // Lag in seconds needs the timestamp of the first unconsumed record: read with Fetch by name.
    const seconds = await e.waitFor('lag in seconds of lagging partitions', (s) => {
      const found = select(s, 'kafka_consumergroup_lag_seconds', { consumergroup: GROUPS[0] as string })
      return found.length === oracle.filter((r) => r.group === GROUPS[0]).length ? found : undefined
    })
    for (const sample of seconds) {
      expect(sample.value).toBeGreaterThanOrEqual(0)
      expect(sample.value).toBeLessThan(3600)
    }
  })
})
