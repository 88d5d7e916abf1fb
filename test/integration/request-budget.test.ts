import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { nameFilter } from '../../src/collect/filters.js'
import { LogDirsCache } from '../../src/collect/log-dirs.js'
import { pollOnce } from '../../src/collect/poll.js'
import { RecordTimestampCache } from '../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../src/collect/topic-configs.js'
import { KafkaClient } from '../../src/kafka/client.js'
import { CountingProxy, totalCounts } from '../harness/counting-proxy.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { SHARE_GROUP_COMMAND } from '../harness/kafka/share-groups.js'
import { startStreamsApp } from '../harness/kafka/streams-groups.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPICS = 36
const GROUPS = 48
/** Share groups (Kafka 4 only): memberless, with start offsets set by kafka-share-groups. */
const SHARE_GROUPS = 6
const hasShareGroups = Number(cluster.version.split('.')[0]) >= 4
const proxies: CountingProxy[] = []
let client: KafkaClient
const configs = new TopicConfigCache(300_000)
const timestamps = new RecordTimestampCache(1 << 20)
// Read in the warm-up poll, then not due for 5 minutes: a steady poll sends no DescribeLogDirs.
let logDirs = new LogDirsCache(300_000)
let previous: Snapshot | null = null

function poll(timeoutMs = 10_000): Promise<Snapshot> {
  return pollOnce({
    source: client,
    timeoutMs,
    topicFilter: nameFilter(run, '^$'),
    groupFilter: nameFilter(run, '^$'),
    configs,
    timestamps,
    logDirs,
    previous,
  }).then((s) => {
    previous = s
    return s
  })
}

beforeAll(async () => {
  const topics = Array.from({ length: TOPICS }, (_, i) => `budget-${run}-${i}`)
  for (const t of topics) await createTopic(cluster.bootstrap, t, { partitions: 3, replicas: 2 })
  await produce(cluster.bootstrap, topics[0] as string, [5, 5, 5])
  for (let g = 0; g < GROUPS; g++) {
    const topic = topics[g % TOPICS] as string
    await commitOffsets(
      cluster.bootstrap,
      `budget-${run}-group-${g}`,
      [0, 1, 2].map((partition) => ({ topic, partition, offset: 0 })),
    )
  }
  if (hasShareGroups) {
    // One group per run of the tool: it resets the first --group only.
    for (let g = 0; g < SHARE_GROUPS; g++) {
      const group = ['--group', `budget-${run}-share-${g}`]
      const reset = ['--reset-offsets', '--topic', topics[0] as string, '--to-offset', '0', '--execute']
      const r = await cluster.runTool(SHARE_GROUP_COMMAND, [
        '--bootstrap-server',
        cluster.bootstrap,
        ...group,
        ...reset,
      ])
      if (r.code !== 0 || /error/i.test(r.stdout + r.stderr))
        throw new Error(`kafka-share-groups --reset-offsets failed: ${r.stdout}${r.stderr}`)
    }
  }
  const state = await cluster.state()
  if (hasShareGroups) {
    // A Kafka Streams group (KIP-1071, Kafka 4 too): its app runs until it has joined and committed, then stops;
    // the memberless group stays listed with its offsets.
    const app = await startStreamsApp({
      libDir: state.libDir,
      version: cluster.version,
      bootstrap: cluster.bootstrap,
      applicationId: `budget-${run}-streams`,
      source: topics[0] as string,
      sink: topics[1] as string,
    })
    const deadline = Date.now() + 120_000
    while (app.state() !== 'RUNNING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500))
    // A commit interval (500 ms) and then some after RUNNING: its offsets are committed.
    await new Promise((r) => setTimeout(r, 3000))
    await app.stop()
  }
  const ports = inject('kafkaProxyPorts')
  for (const node of state.nodes) {
    proxies.push(
      await CountingProxy.start(ports[node.id] as number, {
        host: node.host,
        port: node.extraPorts.PROXIED as number,
      }),
    )
  }
  client = new KafkaClient({
    bootstrap: state.nodes.map((n) => `127.0.0.1:${ports[n.id]}`),
    requestTimeoutMs: 5000,
  })
  // Warm up: connections, ApiVersions and the first DescribeConfigs are not part of a steady-state poll.
  await poll()
})

afterAll(async () => {
  await client?.close()
  for (const p of proxies) await p.stop()
})

describe('requests per poll, counted on the wire', () => {
  // 20 requests with 3 brokers that are all coordinators: 1 Metadata + 3 ListGroups + 9 ListOffsets (earliest, latest and
  // last stable per leader; 6 before the last stable offset was read) + 3 OffsetFetch + 3 DescribeGroups + 1
  // DescribeQuorum (to one broker, which forwards it to the active controller). No Fetch: the record timestamps were
  // read in the warm-up poll, and no transaction is open. On Kafka 4, plus one ShareGroupDescribe and one
  // DescribeShareGroupOffsets per coordinator of share groups (S), and one StreamsGroupDescribe per coordinator of
  // Kafka Streams groups (K): listing them is free.
  it('stays within 2 + 4B + 2C + K + 2S whatever the number of topics and groups', async () => {
    for (const p of proxies) p.reset()
    const s = await poll()
    const wire = totalCounts(proxies)

    const brokers = s.cluster?.brokers.length ?? 0
    const coordinators = new Set(s.groups.map((g) => g.coordinator)).size
    const shareCoordinators = new Set(s.shareGroups.map((g) => g.coordinator)).size
    const streams = s.groups.filter((g) => g.type === 'streams')
    const streamsCoordinators = new Set(streams.map((g) => g.coordinator)).size
    expect(brokers).toBe(3)
    expect(s.topics).toHaveLength(TOPICS)
    expect(s.groups).toHaveLength(GROUPS + (hasShareGroups ? 1 : 0))
    expect(streams.map((g) => [g.groupId, g.state, g.members?.length, g.offsets?.length])).toEqual(
      hasShareGroups ? [[`budget-${run}-streams`, 'EMPTY', 0, 3]] : [],
    )
    expect(s.shareGroups).toHaveLength(hasShareGroups ? SHARE_GROUPS : 0)
    expect(s.shareGroups.every((g) => g.members?.length === 0 && g.offsets?.length === 3)).toBe(true)
    expect(s.collectors.every((c) => c.success)).toBe(true)

    const total = Object.values(wire).reduce((a, b) => a + b, 0)
    expect(total).toBeLessThanOrEqual(
      2 + 4 * brokers + 2 * coordinators + streamsCoordinators + 2 * shareCoordinators,
    )
    expect(wire).toEqual({
      Metadata: 1,
      DescribeQuorum: 1,
      ListGroups: brokers,
      ListOffsets: 3 * new Set(s.topics.flatMap((t) => t.partitions.map((p) => p.leader))).size,
      OffsetFetch: coordinators,
      DescribeGroups: coordinators,
      ...(hasShareGroups
        ? {
            ShareGroupDescribe: shareCoordinators,
            DescribeShareGroupOffsets: shareCoordinators,
            StreamsGroupDescribe: streamsCoordinators,
          }
        : {}),
    })
    // What the exporter reports about itself (kafkascope_poll_requests) is what went over the wire.
    const reported = Object.fromEntries(Object.entries(s.requests).filter(([, n]) => n > 0))
    expect(reported).toEqual(wire)
  })

  // The log directories' refresh adds exactly one DescribeLogDirs per broker to the poll where it is due, whatever
  // the number of topics and partitions (each answer holds every replica of its broker).
  it('adds exactly B DescribeLogDirs on a poll where the log dirs are due', async () => {
    logDirs = new LogDirsCache(300_000)
    for (const p of proxies) p.reset()
    const s = await poll()
    const wire = totalCounts(proxies)
    const brokers = s.cluster?.brokers.length ?? 0
    const coordinators = new Set(s.groups.map((g) => g.coordinator)).size
    const shareCoordinators = new Set(s.shareGroups.map((g) => g.coordinator)).size
    const streamsCoordinators = new Set(
      s.groups.filter((g) => g.type === 'streams').map((g) => g.coordinator),
    ).size
    expect(s.collectors.every((c) => c.success)).toBe(true)
    expect(wire).toEqual({
      Metadata: 1,
      DescribeQuorum: 1,
      ListGroups: brokers,
      ListOffsets: 3 * new Set(s.topics.flatMap((t) => t.partitions.map((p) => p.leader))).size,
      OffsetFetch: coordinators,
      DescribeGroups: coordinators,
      DescribeLogDirs: brokers,
      ...(hasShareGroups
        ? {
            ShareGroupDescribe: shareCoordinators,
            DescribeShareGroupOffsets: shareCoordinators,
            StreamsGroupDescribe: streamsCoordinators,
          }
        : {}),
    })
    const total = Object.values(wire).reduce((a, b) => a + b, 0)
    expect(total).toBeLessThanOrEqual(
      2 + 5 * brokers + 2 * coordinators + streamsCoordinators + 2 * shareCoordinators,
    )
    expect(s.logDirs?.brokers.map((b) => b.broker)).toEqual([1, 2, 3])
    // Every partition of the budget topics has its replicas' logs read (3 partitions × 2 replicas each).
    const replicas = s.logDirs?.brokers.flatMap((b) => b.dirs.flatMap((d) => d.replicas)) ?? []
    expect(replicas.filter((r) => !r.future)).toHaveLength(TOPICS * 3 * 2)
    const reported = Object.fromEntries(Object.entries(s.requests).filter(([, n]) => n > 0))
    expect(reported).toEqual(wire)
  })

  it('serves what the healthy brokers answered when one broker stalls', async () => {
    const stalled = proxies[2] as CountingProxy
    stalled.stalled = true
    try {
      const s = await poll(3000)
      expect(s.up).toBe(true)
      const stalledId = 3
      for (const t of s.topics) {
        for (const p of t.partitions) {
          // Partitions led by the stalled broker have no watermarks this poll; all others do.
          expect(p.latest === null, `${t.name}/${p.partition} led by ${p.leader}`).toBe(
            p.leader === stalledId,
          )
        }
      }
      const healthyGroups = s.groups.filter((g) => g.coordinator !== stalledId)
      expect(healthyGroups.length).toBeGreaterThan(0)
      expect(healthyGroups.every((g) => g.offsets !== null && g.members !== null)).toBe(true)
      const offsets = s.collectors.find((c) => c.name === 'partition_offsets')
      expect(offsets?.success).toBe(false)
      expect(offsets?.errors.join('\n')).toContain('on broker 3')
      expect(s.collectors.find((c) => c.name === 'groups')?.errors.join('\n')).toContain(
        'list groups on broker 3',
      )
    } finally {
      stalled.stalled = false
    }
  })
})
