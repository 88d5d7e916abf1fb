import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pollUntil } from '../harness/kafka/metadata.js'
import { connectCluster } from '../harness/kafka/remote.js'
import {
  describeShareMembers,
  describeShareOffsets,
  readFromEarliest,
  type ShareConsumer,
  type ShareMemberRow,
  type ShareOffsetRow,
  startShareConsumer,
} from '../harness/kafka/share-groups.js'
import { createTopic, produce } from '../harness/kafka/traffic.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

/**
 * Share groups (KIP-932) on the real cluster, against Kafka's own kafka-share-groups (ShareGroupCommand): three
 * ConsoleShareConsumer members read a topic, then leave while more records arrive. On 3.9 (no share-group APIs)
 * the collector must be skipped cleanly while everything else is served.
 */
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `share-${run}`
const GROUP = `share-group-${run}`
const hasShareGroups = Number(cluster.version.split('.')[0]) >= 4
let exporter: RunningExporter
const members: ShareConsumer[] = []

/** Kafka's tools and kafkascope converge within a few polls; a probe that throws is asked again until the deadline. */
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000) =>
  pollUntil(what, probe, { timeoutMs })

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 3, replicas: 3 })
  await produce(cluster.bootstrap, TOPIC, [10, 20, 30])
  if (hasShareGroups) {
    await readFromEarliest(cluster, GROUP)
    const { libDir } = await cluster.state()
    for (const i of [1, 2, 3])
      members.push(startShareConsumer(libDir, cluster.bootstrap, GROUP, TOPIC, `${GROUP}-${i}`))
  }
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=500ms',
    `--topic.filter=${run}`,
    `--group.filter=${run}`,
  ])
})

afterAll(async () => {
  await Promise.all(members.map((m) => m.stop()))
  await exporter?.stop()
})

interface ApiMember {
  memberId: string
  clientId: string
  assignments: { topic: string; partition: number }[]
}

const key = (m: { memberId: string; clientId: string; assignment: { topic: string; partition: number }[] }) =>
  `${m.memberId} ${m.clientId} ${m.assignment
    .map((a) => `${a.topic}/${a.partition}`)
    .sort()
    .join(',')}`

describe.runIf(hasShareGroups)('share groups match kafka-share-groups on the real cluster', () => {
  it('shows the members and their assignments exactly as --describe --members', async () => {
    await until('the members to read all 60 records', async () =>
      members.reduce((n, m) => n + m.received(), 0) >= 60 ? true : undefined,
    )
    // Members join one by one: compare once the tool and kafkascope agree, and fail with both views if never.
    let tool: ShareMemberRow[] = []
    let ours: ApiMember[] = []
    await until('kafkascope and kafka-share-groups to agree on the members', async () => {
      tool = await describeShareMembers(cluster, GROUP)
      const res = await fetch(`${exporter.url}/api/v1/sharegroups/${GROUP}`)
      ours = res.ok ? ((await res.json()) as { memberDetails: ApiMember[] }).memberDetails : []
      const mine = ours.map((m) => key({ ...m, assignment: m.assignments })).sort()
      return tool.length === 3 && JSON.stringify(tool.map(key).sort()) === JSON.stringify(mine)
        ? true
        : undefined
    }).catch((err: Error) => {
      throw new Error(`${err.message}\ntool: ${JSON.stringify(tool)}\nkafkascope: ${JSON.stringify(ours)}`)
    })
    expect(ours.map((m) => m.clientId).sort()).toEqual([1, 2, 3].map((i) => `${GROUP}-${i}`))
    // Every partition is read by some member.
    expect(new Set(ours.flatMap((m) => m.assignments.map((a) => a.partition)))).toEqual(new Set([0, 1, 2]))
    const samples = await exporter.scrape()
    expect(sampleValue(samples, 'kafka_sharegroup_members', { sharegroup: GROUP })).toBe(3)
    expect(select(samples, 'kafka_sharegroup_info', { sharegroup: GROUP, state: 'STABLE' })).toHaveLength(1)
    expect(sampleValue(samples, 'kafkascope_collector_success', { collector: 'share_groups' })).toBe(1)
    expect(sampleValue(samples, 'kafkascope_collector_success', { collector: 'share_group_offsets' })).toBe(1)
  })

  it('reports start offsets and lag exactly as --describe --offsets once members leave and records arrive', async () => {
    await Promise.all(members.map((m) => m.stop()))
    await produce(cluster.bootstrap, TOPIC, [3, 5, 7])
    let tool: ShareOffsetRow[] = []
    let samples: Sample[] = []
    const agree = () =>
      tool.length === 3 &&
      tool.every(
        (r) =>
          sampleValue(samples, 'kafka_sharegroup_lag', {
            sharegroup: GROUP,
            topic: TOPIC,
            partition: String(r.partition),
          }) === r.lag &&
          sampleValue(samples, 'kafka_sharegroup_start_offset', {
            sharegroup: GROUP,
            topic: TOPIC,
            partition: String(r.partition),
          }) === r.startOffset,
      )
    await until('kafkascope and kafka-share-groups to agree on start offsets and lag', async () => {
      tool = await describeShareOffsets(cluster, GROUP)
      samples = await exporter.scrape()
      const gone = sampleValue(samples, 'kafka_sharegroup_members', { sharegroup: GROUP }) === 0
      return gone && agree() ? true : undefined
    }).catch((err: Error) => {
      const ours = samples.filter((s) => s.name.startsWith('kafka_sharegroup_'))
      throw new Error(`${err.message}\ntool: ${JSON.stringify(tool)}\nkafkascope: ${JSON.stringify(ours)}`)
    })
    // The members acknowledged everything they read before leaving: what waits is what was produced since.
    expect(tool.map((r) => [r.partition, r.lag]).sort()).toEqual([
      [0, 3],
      [1, 5],
      [2, 7],
    ])
    expect(sampleValue(samples, 'kafka_sharegroup_topic_lag', { sharegroup: GROUP, topic: TOPIC })).toBe(15)
    expect(sampleValue(samples, 'kafka_sharegroup_max_lag', { sharegroup: GROUP })).toBe(7)
    const summary = (await (await fetch(`${exporter.url}/api/v1/sharegroups`)).json()) as {
      groupId: string
    }[]
    expect(summary).toEqual([
      expect.objectContaining({ groupId: GROUP, protocol: 'share', members: 0, lag: 15, maxLag: 7 }),
    ])
    // Share groups are not consumer groups: no consumer-group series or API entry for them.
    expect(select(samples, 'kafka_consumergroup_info', { consumergroup: GROUP })).toEqual([])
  })
})

describe.runIf(!hasShareGroups)('without share-group APIs (Kafka 3.x)', () => {
  it('skips the share-group collector cleanly and serves everything else', async () => {
    const samples = await exporter.waitFor('three polls with topics', (s) =>
      (sampleValue(s, 'kafkascope_polls_total') ?? 0) >= 3 &&
      sampleValue(s, 'kafka_topic_partitions', { topic: TOPIC }) === 3
        ? s
        : undefined,
    )
    expect(sampleValue(samples, 'kafkascope_up')).toBe(1)
    // Absent, not 0: the collector neither ran nor failed.
    expect(select(samples, 'kafkascope_collector_success', { collector: 'share_groups' })).toEqual([])
    expect(select(samples, 'kafkascope_collector_success', { collector: 'share_group_offsets' })).toEqual([])
    expect(samples.filter((s) => s.name.startsWith('kafka_sharegroup_'))).toEqual([])
    // Everything else reported, and succeeded.
    const collectors = select(samples, 'kafkascope_collector_success').map((s) => [
      s.labels.collector,
      s.value,
    ])
    expect(collectors).toEqual(
      expect.arrayContaining([
        ['metadata', 1],
        ['groups', 1],
        ['partition_offsets', 1],
      ]),
    )
    expect(collectors.every(([, v]) => v === 1)).toBe(true)
    expect(
      sampleValue(samples, 'kafka_topic_partition_current_offset', { topic: TOPIC, partition: '2' }),
    ).toBe(30)
    // No share-group request went out; one debug line said why, once (not every poll).
    expect(sampleValue(samples, 'kafkascope_poll_requests', { api: 'ShareGroupDescribe' })).toBe(0)
    expect(sampleValue(samples, 'kafkascope_poll_requests', { api: 'DescribeShareGroupOffsets' })).toBe(0)
    const lines = exporter.logs.filter((l) => l.includes('ShareGroupDescribe'))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'debug',
      collector: 'share_groups',
      msg: 'collector skipped',
    })
    expect(await (await fetch(`${exporter.url}/api/v1/sharegroups`)).json()).toEqual([])
  })
})
