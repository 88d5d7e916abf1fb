import { describe, expect, it } from 'vitest'
import { analyze, EMPTY_STATE } from '../../../src/analysis/analyzer.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import type { StreamsMemberRecord } from '../../../src/kafka/types.js'
import { type FakeGroup, FakeKafkaSource, fakeCluster } from '../../fakes/kafka-source.js'
import { pollFake as poll } from '../../fakes/poll.js'

const T0 = 1_700_000_000_000

const member = (
  id: string,
  process: string,
  partitions: number[],
  topologyEpoch = 2,
): StreamsMemberRecord => ({
  memberId: id,
  instanceId: null,
  clientId: `${process}-StreamThread-${id}`,
  clientHost: '/10.0.0.1',
  memberEpoch: 7,
  processId: process,
  topologyEpoch,
  isClassic: false,
  tasks: { active: partitions.length, standby: 1, warmup: 0 },
  assignments: partitions.map((partition) => ({ topic: 'topic-000', partition })),
})

/** Two Streams apps (on coordinators 1 and 2) and two classic groups, all committed on topic-000. */
function cluster(streams: Partial<FakeGroup> = {}) {
  const spec = fakeCluster({ brokers: 3, topics: 1, partitions: 2, groups: 4 })
  const offsets = [0, 1].map((partition) => ({ topic: 'topic-000', partition, offset: 50 }))
  const groups: FakeGroup[] = [
    {
      groupId: 'app-a',
      coordinator: 1,
      type: 'streams',
      offsets,
      topologyEpoch: 2,
      streamsMembers: [member('m1', 'p1', [0], 2), member('m2', 'p1', [1], 1)],
      ...streams,
    },
    { groupId: 'app-b', coordinator: 2, type: 'streams', offsets, members: [], state: 'EMPTY' },
    { groupId: 'plain-1', coordinator: 1, type: 'classic', offsets },
    { groupId: 'plain-2', coordinator: 3, type: 'classic', offsets, members: [], state: 'EMPTY' },
  ]
  return new FakeKafkaSource({ ...spec, groups })
}

const result = (s: Snapshot, name: string) => s.collectors.find((c) => c.name === name)

describe('streams groups collector (KIP-1071, group.protocol=streams)', () => {
  it('asks one StreamsGroupDescribe per coordinator with streams groups, for its own, and never as classic groups', async () => {
    const source = cluster()
    const s = await poll(source)
    expect(s.requests.StreamsGroupDescribe).toBe(2)
    expect(source.calls('StreamsGroupDescribe').map((c) => [c.broker, c.ids])).toEqual(
      expect.arrayContaining([
        [1, ['app-a']],
        [2, ['app-b']],
      ]),
    )
    const described = [...source.calls('DescribeGroups'), ...source.calls('ConsumerGroupDescribe')]
    expect(described.flatMap((c) => c.ids ?? []).filter((id) => id.startsWith('app-'))).toEqual([])
    expect(result(s, 'streams_groups')).toMatchObject({ success: true, errors: [] })
    // Offsets as any group's; members, state and assignments from the streams description.
    const a = s.groups.find((g) => g.groupId === 'app-a')
    expect(a).toMatchObject({ type: 'streams', state: 'STABLE', assignor: 'sticky' })
    expect(a?.offsets?.map((o) => o.partition)).toEqual([0, 1])
    expect(a?.members?.map((m) => [m.memberId, m.assignments.map((p) => p.partition)])).toEqual([
      ['m1', [0]],
      ['m2', [1]],
    ])
    // Only MemberRecord's fields in the members (the streams facts are kept once, apart).
    expect(Object.keys(a?.members?.[0] ?? {}).sort()).toEqual(
      ['assignments', 'clientHost', 'clientId', 'instanceId', 'memberId'].sort(),
    )
    expect(a?.streams).toEqual({
      groupEpoch: 5,
      assignmentEpoch: 5,
      topologyEpoch: 2,
      subtopologies: 1,
      members: [
        {
          memberId: 'm1',
          processId: 'p1',
          topologyEpoch: 2,
          activeTasks: 1,
          standbyTasks: 1,
          warmupTasks: 0,
        },
        {
          memberId: 'm2',
          processId: 'p1',
          topologyEpoch: 1,
          activeTasks: 1,
          standbyTasks: 1,
          warmupTasks: 0,
        },
      ],
    })
    expect(s.groups.find((g) => g.groupId === 'app-b')).toMatchObject({ state: 'EMPTY', members: [] })
    expect(s.groups.find((g) => g.groupId === 'plain-1')?.streams).toBeUndefined()
  })

  it('sends nothing when no coordinator has streams groups', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 3, topics: 1, partitions: 1, groups: 3 }))
    const s = await poll(source)
    expect(s.requests.StreamsGroupDescribe).toBe(0)
    expect(result(s, 'streams_groups')).toMatchObject({ success: true })
  })

  it('a stopped Streams app (no members, offsets still) gets the verdict a stopped consumer group gets', async () => {
    const source = cluster({ streamsMembers: [], members: [], state: 'EMPTY' })
    const verdicts = await verdictsOver(source, 5)
    expect(verdicts.get('app-a')).toEqual(verdicts.get('plain-2'))
    expect(verdicts.get('app-a')).not.toBe('ok')
  })

  it('where the brokers lack StreamsGroupDescribe (Kafka 3.9) it is skipped: offsets read, members unknown, never "stopped"', async () => {
    const source = cluster({ streamsMembers: [], members: [], state: 'EMPTY' })
    source.cluster = { ...source.cluster, unsupported: ['StreamsGroupDescribe'] }
    const s = await poll(source)
    expect(source.calls('StreamsGroupDescribe')).toEqual([])
    expect(result(s, 'streams_groups')).toBeUndefined()
    expect(s.skipped?.map((k) => k.name)).toContain('streams_groups')
    const a = s.groups.find((g) => g.groupId === 'app-a')
    expect(a?.members).toBeNull()
    expect(a?.streams).toBeUndefined()
    expect(a?.offsets?.length).toBe(2)
    const verdicts = await verdictsOver(source, 5)
    expect(verdicts.get('app-a')).not.toBe('stopped')
  })

  it('a failed StreamsGroupDescribe fails only its collector; the groups keep their offsets, members unknown', async () => {
    const source = cluster()
    source.faults = [{ api: 'StreamsGroupDescribe', broker: 1, kind: 'fail', message: 'connection reset' }]
    const s = await poll(source)
    expect(result(s, 'streams_groups')).toMatchObject({ success: false })
    expect(result(s, 'streams_groups')?.errors.join()).toMatch(/describe streams groups on broker 1/)
    expect(result(s, 'groups')).toMatchObject({ success: true })
    const a = s.groups.find((g) => g.groupId === 'app-a')
    expect(a?.members).toBeNull()
    expect(a?.offsets?.length).toBe(2)
    // The other coordinator's answer is kept.
    expect(s.groups.find((g) => g.groupId === 'app-b')?.streams).toBeDefined()
  })

  it('a group deleted between ListGroups and describe (GROUP_ID_NOT_FOUND) vanishes without failing', async () => {
    const s = await poll(cluster({ describeErrorCode: 69 }))
    expect(s.groups.map((g) => g.groupId)).not.toContain('app-a')
    expect(result(s, 'streams_groups')).toMatchObject({ success: true })
  })

  it('any other error code fails the collector and names the group', async () => {
    const s = await poll(cluster({ describeErrorCode: 15 }))
    expect(result(s, 'streams_groups')?.errors.join()).toMatch(/app-a: COORDINATOR_NOT_AVAILABLE/)
    expect(s.groups.find((g) => g.groupId === 'app-a')?.members).toBeNull()
  })
})

async function verdictsOver(source: FakeKafkaSource, polls: number): Promise<Map<string, string>> {
  let previous: Snapshot | null = null
  let state = EMPTY_STATE
  const verdicts = new Map<string, string>()
  for (let i = 0; i < polls; i++) {
    previous = await poll(source, { previous, now: () => T0 + i * 15_000 })
    const analyzed = analyze(state, previous, {
      statusWindowMs: 600_000,
      allowedLag: 0,
      inactiveGraceMs: 1_800_000,
    })
    state = analyzed.state
    for (const g of analyzed.groups) verdicts.set(g.group.groupId, g.verdict?.status ?? 'unknown')
  }
  return verdicts
}
