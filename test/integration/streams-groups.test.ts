import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pollUntil } from '../harness/kafka/metadata.js'
import { connectCluster } from '../harness/kafka/remote.js'
import {
  describeStreamsMembers,
  describeStreamsOffsets,
  inactiveStreamsOffsets,
  type StreamsApp,
  type StreamsMemberRow,
  type StreamsOffsetRow,
  startStreamsApp,
} from '../harness/kafka/streams-groups.js'
import { createTopic, produce } from '../harness/kafka/traffic.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

/**
 * Kafka Streams groups (KIP-1071) on the real cluster, against Kafka's own kafka-streams-groups
 * (StreamsGroupCommand): two instances of a real Streams app (one stream thread each, group.protocol=streams) copy a
 * topic, then stop while more records arrive. On 3.9 (no StreamsGroupDescribe) the collector must be skipped cleanly
 * while everything else is served.
 */
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const SOURCE = `streams-in-${run}`
const SINK = `streams-out-${run}`
const APP = `streams-app-${run}`
const hasStreamsGroups = Number(cluster.version.split('.')[0]) >= 4
let exporter: RunningExporter
const apps: StreamsApp[] = []

/** Kafka's tools and kafkascope converge within a few polls; a probe that throws is asked again until the deadline. */
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000) =>
  pollUntil(what, probe, { timeoutMs })

beforeAll(async () => {
  await createTopic(cluster.bootstrap, SOURCE, { partitions: 3, replicas: 3 })
  await createTopic(cluster.bootstrap, SINK, { partitions: 3, replicas: 3 })
  await produce(cluster.bootstrap, SOURCE, [10, 20, 30])
  if (hasStreamsGroups) {
    const { libDir } = await cluster.state()
    for (let i = 0; i < 2; i++)
      apps.push(
        await startStreamsApp({
          libDir,
          version: cluster.version,
          bootstrap: cluster.bootstrap,
          applicationId: APP,
          source: SOURCE,
          sink: SINK,
        }),
      )
  }
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=500ms',
    `--topic.filter=${run}`,
    `--group.filter=${run}`,
  ])
})

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()))
  await exporter?.stop()
})

interface ApiGroup {
  state: string
  protocol: string
  members: number
  memberDetails: { memberId: string; clientId: string; assignments: { topic: string; partition: number }[] }[]
  streams: {
    topologyEpoch: number | null
    subtopologies: number | null
    members: { memberId: string; processId: string; topologyEpoch: number; activeTasks: number }[]
  } | null
}

/** kafkascope's committed offset and lag of the row's partition equal the tool's. */
function sameAs(samples: Sample[], r: StreamsOffsetRow): boolean {
  const at = { consumergroup: APP, topic: SOURCE, partition: String(r.partition) }
  return (
    sampleValue(samples, 'kafka_consumergroup_lag', at) === r.lag &&
    sampleValue(samples, 'kafka_consumergroup_current_offset', at) === r.currentOffset
  )
}

const memberKey = (m: { memberId: string; processId: string; topologyEpoch: number; activeTasks: number }) =>
  `${m.memberId} ${m.processId} ${m.topologyEpoch} ${m.activeTasks}`

describe.runIf(hasStreamsGroups)(
  'Kafka Streams groups match kafka-streams-groups on the real cluster',
  () => {
    it('shows the members, their processes and tasks exactly as --describe --members', async () => {
      let tool: StreamsMemberRow[] = []
      let ours: ApiGroup | undefined
      await until('kafkascope and kafka-streams-groups to agree on two members with tasks', async () => {
        tool = await describeStreamsMembers(cluster, APP).catch(() => [])
        const res = await fetch(`${exporter.url}/api/v1/groups/${APP}`)
        ours = res.ok ? ((await res.json()) as ApiGroup) : undefined
        const mine = (ours?.streams?.members ?? []).map(memberKey).sort()
        return tool.length === 2 &&
          tool.every((m) => m.activeTasks > 0) &&
          JSON.stringify(tool.map(memberKey).sort()) === JSON.stringify(mine)
          ? true
          : undefined
      }).catch((err: Error) => {
        throw new Error(`${err.message}\ntool: ${JSON.stringify(tool)}\nkafkascope: ${JSON.stringify(ours)}`)
      })
      expect(ours).toMatchObject({ protocol: 'streams', state: 'STABLE', members: 2 })
      // Two instances, three input partitions: three active tasks between them, and each member's assignment is its
      // tasks' input partitions.
      expect(new Set(ours?.streams?.members.map((m) => m.processId)).size).toBe(2)
      const assigned = (ours?.memberDetails ?? []).flatMap((m) =>
        m.assignments.map((a) => `${a.topic}/${a.partition}`),
      )
      expect(assigned.sort()).toEqual([0, 1, 2].map((p) => `${SOURCE}/${p}`))
      expect(ours?.streams?.subtopologies).toBe(1)
      const samples = await exporter.scrape()
      const g = { consumergroup: APP }
      expect(sampleValue(samples, 'kafka_streamsgroup_processes', g)).toBe(2)
      expect(sampleValue(samples, 'kafka_streamsgroup_tasks', { ...g, kind: 'active' })).toBe(3)
      expect(sampleValue(samples, 'kafka_streamsgroup_outdated_members', g)).toBe(0)
      expect(sampleValue(samples, 'kafka_streamsgroup_topology_epoch', g)).toBe(ours?.streams?.topologyEpoch)
      expect(sampleValue(samples, 'kafka_consumergroup_members', g)).toBe(2)
      expect(
        select(samples, 'kafka_consumergroup_info', { ...g, protocol: 'streams', state: 'STABLE' }),
      ).toHaveLength(1)
      expect(sampleValue(samples, 'kafkascope_collector_success', { collector: 'streams_groups' })).toBe(1)
    })

    it("reports committed offsets and lag as Kafka's tools do, running and once the app stops and records arrive", {
      timeout: 240_000,
    }, async () => {
      // While it runs, kafka-streams-groups --describe --offsets is the oracle: offsets and lag as the tool sees them.
      let running: StreamsOffsetRow[] = []
      await until(
        'the app to have consumed every record, as the tool and kafkascope both see it',
        async () => {
          running = await describeStreamsOffsets(cluster, APP).catch(() => [])
          const samples = await exporter.scrape()
          return running.length === 3 &&
            running.every((r) => r.lag === 0) &&
            running.every((r) => sameAs(samples, r))
            ? true
            : undefined
        },
      ).catch((err: Error) => {
        throw new Error(`${err.message}\ntool: ${JSON.stringify(running)}`)
      })
      expect(running.map((r) => [r.partition, r.currentOffset]).sort()).toEqual([
        [0, 10],
        [1, 20],
        [2, 30],
      ])
      await Promise.all(apps.map((a) => a.stop()))
      await produce(cluster.bootstrap, SOURCE, [3, 5, 7])
      let tool: StreamsOffsetRow[] = []
      let samples: Sample[] = []
      const agree = () => tool.length === 3 && tool.every((r) => sameAs(samples, r))
      await until("kafkascope and Kafka's tools to agree on offsets and lag", async () => {
        // Without members the tool's --offsets view is empty ("has no active members"): the inactive group's
        // offsets come from a dry-run reset, the log end offsets from GetOffsetShell.
        tool = await inactiveStreamsOffsets(cluster, APP, SOURCE)
        samples = await exporter.scrape()
        const gone = sampleValue(samples, 'kafka_consumergroup_members', { consumergroup: APP }) === 0
        return gone && agree() ? true : undefined
      }).catch((err: Error) => {
        const ours = samples.filter((s) => s.labels.consumergroup === APP)
        throw new Error(`${err.message}\ntool: ${JSON.stringify(tool)}\nkafkascope: ${JSON.stringify(ours)}`)
      })
      expect(tool.map((r) => [r.partition, r.lag]).sort()).toEqual([
        [0, 3],
        [1, 5],
        [2, 7],
      ])
      expect(sampleValue(samples, 'kafka_consumergroup_lag_sum', { consumergroup: APP, topic: SOURCE })).toBe(
        15,
      )
      expect(sampleValue(samples, 'kafka_streamsgroup_tasks', { consumergroup: APP, kind: 'active' })).toBe(0)
      expect(sampleValue(samples, 'kafka_streamsgroup_processes', { consumergroup: APP })).toBe(0)
    })
  },
)

describe.runIf(!hasStreamsGroups)('without StreamsGroupDescribe (Kafka 3.x)', () => {
  it('skips the streams-group collector cleanly and serves everything else', async () => {
    const samples = await exporter.waitFor('three polls with topics', (s) =>
      (sampleValue(s, 'kafkascope_polls_total') ?? 0) >= 3 &&
      sampleValue(s, 'kafka_topic_partitions', { topic: SOURCE }) === 3
        ? s
        : undefined,
    )
    expect(sampleValue(samples, 'kafkascope_up')).toBe(1)
    // Absent, not 0: the collector neither ran nor failed.
    expect(select(samples, 'kafkascope_collector_success', { collector: 'streams_groups' })).toEqual([])
    expect(samples.filter((s) => s.name.startsWith('kafka_streamsgroup_'))).toEqual([])
    const collectors = select(samples, 'kafkascope_collector_success')
    expect(collectors.every((s) => s.value === 1)).toBe(true)
    expect(sampleValue(samples, 'kafkascope_poll_requests', { api: 'StreamsGroupDescribe' })).toBe(0)
    const lines = exporter.logs.filter((l) => l.includes('StreamsGroupDescribe'))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'debug',
      collector: 'streams_groups',
      msg: 'collector skipped',
    })
  })
})
