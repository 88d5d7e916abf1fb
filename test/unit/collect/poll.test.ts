import { describe, expect, it } from 'vitest'
import { nameFilter } from '../../../src/collect/filters.js'
import { LogDirsCache } from '../../../src/collect/log-dirs.js'
import type { CollectorName, Snapshot } from '../../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../../src/collect/topic-configs.js'
import {
  type FakeClusterSpec,
  type FakeGroup,
  FakeKafkaSource,
  fakeCluster,
} from '../../fakes/kafka-source.js'
import { pollFake as poll } from '../../fakes/poll.js'
import { analyzedGroups } from '../../fakes/snapshot.js'

function collector(s: Snapshot, name: CollectorName) {
  const c = s.collectors.find((x) => x.name === name)
  if (!c) throw new Error(`collector ${name} did not run`)
  return c
}

/** Partition → leader, from the fake cluster. */
function leaders(spec: FakeClusterSpec): Map<string, number> {
  return new Map(
    spec.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}/${p.partition}`, p.leader] as const)),
  )
}

function watermarksByKey(s: Snapshot) {
  return new Map(s.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}/${p.partition}`, p] as const)))
}

const BIG = { brokers: 3, topics: 40, partitions: 6, groups: 60 }

/** `count` share groups (KIP-932) spread over these coordinators, each with a start offset on topic-000/0. */
function withShareGroups(spec: FakeClusterSpec, count: number, coordinators: number[]): FakeClusterSpec {
  const shareGroups = Array.from({ length: count }, (_, i) => ({
    groupId: `share-${i}`,
    coordinator: coordinators[i % coordinators.length] as number,
    offsets: [{ topic: 'topic-000', partition: 0, startOffset: 1, leaderEpoch: 0, lag: 0 }],
  }))
  return { ...spec, shareGroups }
}

/** The first 3 groups of each of `coordinators` become Kafka Streams groups (the rest of theirs stay classic). */
function withStreamsGroups(spec: FakeClusterSpec, coordinators: readonly number[]): FakeClusterSpec {
  const seen = new Map<number, number>()
  return {
    ...spec,
    groups: spec.groups.map((g): FakeGroup => {
      const n = seen.get(g.coordinator) ?? 0
      seen.set(g.coordinator, n + 1)
      return coordinators.includes(g.coordinator) && n < 3 ? { ...g, type: 'streams' } : g
    }),
  }
}

describe('pollOnce request budget', () => {
  const classicOnly = (spec: FakeClusterSpec): FakeClusterSpec => ({
    ...spec,
    groups: spec.groups.map((g): FakeGroup => ({ ...g, type: 'classic' })),
  })

  it.each<{ name: string; spec: FakeClusterSpec; describesPerCoordinator: number }>([
    {
      name: 'classic and consumer groups on every coordinator',
      spec: fakeCluster(BIG),
      describesPerCoordinator: 2,
    },
    { name: 'classic groups only', spec: classicOnly(fakeCluster(BIG)), describesPerCoordinator: 1 },
    {
      name: 'share groups on 2 of the coordinators',
      spec: withShareGroups(classicOnly(fakeCluster(BIG)), 12, [1, 2]),
      describesPerCoordinator: 1,
    },
    {
      name: 'Kafka Streams groups on 2 of the coordinators',
      spec: withStreamsGroups(classicOnly(fakeCluster(BIG)), [1, 2]),
      describesPerCoordinator: 1,
    },
  ])(
    'with $name, sends 2 + 4B + C×(1 + $describesPerCoordinator) + K + 2S (+1 DescribeConfigs, +B DescribeLogDirs, + ≤ B Fetch for record timestamps)',
    async ({ spec, describesPerCoordinator }) => {
      const B = spec.brokers.length
      const C = new Set(spec.groups.map((g) => g.coordinator)).size
      // Coordinators with share groups: one ShareGroupDescribe and one DescribeShareGroupOffsets each.
      const S = new Set((spec.shareGroups ?? []).map((g) => g.coordinator)).size
      // Coordinators with Kafka Streams groups: one StreamsGroupDescribe each.
      const K = new Set(spec.groups.filter((g) => g.type === 'streams').map((g) => g.coordinator)).size
      expect(C).toBe(3)
      const source = new FakeKafkaSource(spec)
      const configs = new TopicConfigCache(300_000)
      const logDirs = new LogDirsCache(300_000)

      const first = await poll(source, { configs, logDirs })
      // At most one Fetch per leader for the timestamps of first unconsumed records (lag in seconds).
      expect(first.requests.Fetch).toBeGreaterThan(0)
      expect(first.requests.Fetch).toBeLessThanOrEqual(B)
      const { Fetch: fetches, ...rest } = first.requests
      expect(rest).toEqual({
        Metadata: 1,
        ListGroups: B,
        // Earliest, latest and last stable offsets: one ListOffsets each per leader.
        ListOffsets: 3 * B,
        OffsetFetch: C,
        DescribeGroups: C,
        ConsumerGroupDescribe: describesPerCoordinator === 2 ? C : 0,
        DescribeConfigs: 1,
        // One DescribeQuorum per poll, to any broker, whatever the cluster's size.
        DescribeQuorum: 1,
        // Due on the first poll: one per broker.
        DescribeLogDirs: B,
        ShareGroupDescribe: S,
        DescribeShareGroupOffsets: S,
        StreamsGroupDescribe: K,
      })
      const total = (s: Snapshot) => Object.values(s.requests).reduce((a, b) => a + b, 0)
      expect(total(first)).toBe(
        1 + 4 * B + (1 + describesPerCoordinator) * C + 1 + 1 + B + K + 2 * S + fetches,
      )
      // The counts are the requests actually sent.
      expect(source.calls()).toHaveLength(total(first))
      expect(source.countByApi()).toEqual(
        Object.fromEntries(Object.entries(first.requests).filter(([, n]) => n > 0)),
      )

      // Everything was collected, and nothing failed.
      expect(first.up).toBe(true)
      expect(first.collectors.filter((c) => !c.success)).toEqual([])
      expect(first.topics).toHaveLength(40)
      expect(
        first.topics.flatMap((t) => t.partitions).filter((p) => p.earliest === null || p.latest === null),
      ).toEqual([])
      expect(first.groups).toHaveLength(60)
      expect(first.groups.filter((g) => g.members === null || g.offsets?.length !== 1)).toEqual([])
      expect(first.topics.every((t) => t.minInsyncReplicas === 1 && t.retentionMs === 604_800_000)).toBe(true)

      // Topic configs are cached: the next poll within the refresh interval does not ask again.
      const second = await poll(source, { configs, logDirs, previous: first })
      expect(second.requests.DescribeConfigs).toBe(0)
      // Log dirs too, and their last answers are still served.
      expect(second.requests.DescribeLogDirs).toBe(0)
      expect(second.logDirs).toEqual(first.logDirs)
      expect(second.collectors.map((c) => c.name)).not.toContain('log_dirs')
      expect(second.requests.Fetch).toBeLessThanOrEqual(B)
      expect(total(second)).toBe(
        1 + 4 * B + (1 + describesPerCoordinator) * C + 1 + K + 2 * S + second.requests.Fetch,
      )
    },
  )

  it('asks each leader only for its partitions, and each coordinator only for its groups', async () => {
    const spec = fakeCluster(BIG)
    const source = new FakeKafkaSource(spec)
    await poll(source)
    const leader = leaders(spec)
    for (const call of source.calls('ListOffsets')) {
      expect((call.ids ?? []).filter((k) => leader.get(k) !== call.broker)).toEqual([])
    }
    expect(source.calls('ListOffsets').reduce((n, c) => n + (c.ids?.length ?? 0), 0)).toBe(3 * 40 * 6)
    const coordinator = new Map(spec.groups.map((g) => [g.groupId, g.coordinator]))
    for (const call of [
      ...source.calls('OffsetFetch'),
      ...source.calls('DescribeGroups'),
      ...source.calls('ConsumerGroupDescribe'),
    ]) {
      expect((call.ids ?? []).filter((id) => coordinator.get(id) !== call.broker)).toEqual([])
    }
    const described = [...source.calls('DescribeGroups'), ...source.calls('ConsumerGroupDescribe')].flatMap(
      (c) => c.ids,
    )
    expect(described.sort()).toEqual(spec.groups.map((g) => g.groupId).sort())
    for (const id of source.calls('ConsumerGroupDescribe').flatMap((c) => c.ids ?? [])) {
      expect(spec.groups.find((g) => g.groupId === id)?.type).toBe('consumer')
    }
  })
})

describe('pollOnce ordering', () => {
  it('reads every committed offset before any watermark, even when a coordinator is slow', async () => {
    const source = new FakeKafkaSource(fakeCluster(BIG))
    source.faults = [{ api: 'OffsetFetch', broker: 2, kind: 'delay', ms: 50 }]
    await poll(source)
    const lastCommitRead = source.events.findLastIndex((e) => e.api === 'OffsetFetch' && e.event === 'end')
    const firstWatermarkAsked = source.events.findIndex((e) => e.api === 'ListOffsets' && e.event === 'start')
    expect(lastCommitRead).toBeGreaterThan(-1)
    expect(firstWatermarkAsked).toBeGreaterThan(lastCommitRead)
  })

  it('returns a frozen snapshot with topics, partitions and groups sorted', async () => {
    const spec = fakeCluster({ brokers: 2, topics: 5, partitions: 3, groups: 6 })
    const shuffled: FakeClusterSpec = {
      ...spec,
      topics: [...spec.topics].reverse().map((t) => ({ ...t, partitions: [...t.partitions].reverse() })),
      groups: [...spec.groups].reverse(),
    }
    const s = await poll(new FakeKafkaSource(shuffled))
    expect(Object.isFrozen(s)).toBe(true)
    const names = s.topics.map((t) => t.name)
    expect(names).toEqual([...names].sort())
    expect(s.topics[0]?.partitions.map((p) => p.partition)).toEqual([0, 1, 2])
    const ids = s.groups.map((g) => g.groupId)
    expect(ids).toEqual([...ids].sort())
  })
})

describe('pollOnce partial failures', () => {
  it("keeps the other brokers' offsets when one broker's ListOffsets fails", async () => {
    const spec = fakeCluster(BIG)
    const source = new FakeKafkaSource(spec)
    source.faults = [{ api: 'ListOffsets', broker: 2, kind: 'fail', message: 'connection reset' }]
    const s = await poll(source)
    expect(s.up).toBe(true)
    const leader = leaders(spec)
    for (const [key, p] of watermarksByKey(s)) {
      if (leader.get(key) === 2) expect([key, p.earliest, p.latest]).toEqual([key, null, null])
      else expect([key, p.earliest, p.latest]).toEqual([key, 10, expect.any(Number)])
    }
    const offsets = collector(s, 'partition_offsets')
    expect(offsets.success).toBe(false)
    expect([...offsets.errors].sort()).toEqual([
      'list earliest offsets on broker 2: connection reset',
      'list last stable offsets on broker 2: connection reset',
      'list latest offsets on broker 2: connection reset',
    ])
    expect(s.collectors.filter((c) => !c.success).map((c) => c.name)).toEqual(['partition_offsets'])
  })

  it('does not ask for offsets of offline partitions and does not count them as failures', async () => {
    const spec = fakeCluster({ brokers: 3, topics: 1, partitions: 3, groups: 0 })
    const topic = spec.topics[0] as FakeClusterSpec['topics'][number]
    const offline: FakeClusterSpec = {
      ...spec,
      topics: [
        {
          ...topic,
          partitions: topic.partitions.map((p) => (p.partition === 1 ? { ...p, leader: -1, isr: [] } : p)),
        },
      ],
    }
    const source = new FakeKafkaSource(offline)
    const s = await poll(source)
    expect(source.calls('ListOffsets').flatMap((c) => c.ids)).not.toContain(`${topic.name}/1`)
    expect(s.topics[0]?.partitions[1]).toMatchObject({ leader: -1, earliest: null, latest: null })
    expect(s.topics[0]?.partitions[0]?.latest).not.toBeNull()
    expect(collector(s, 'partition_offsets').success).toBe(true)
  })

  it.each([
    ['without a previous snapshot', false],
    ['carrying over the previous snapshot', true],
  ])('reports up=false when metadata fails, %s', async (_, withPrevious) => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 3, topics: 4, partitions: 2, groups: 5 }))
    const previous = withPrevious ? await poll(source) : null
    expect(previous?.up ?? true).toBe(true)
    source.faults = [{ api: 'Metadata', kind: 'fail', message: 'connect ECONNREFUSED' }]
    const before = source.calls().length
    const s = await poll(source, { previous })
    expect(s.up).toBe(false)
    expect(s.lastSuccessAt).toBe(previous ? previous.startedAt : null)
    expect(s.startedAt).toBeGreaterThanOrEqual(previous?.startedAt ?? 0)
    expect(s.cluster).toBe(previous?.cluster ?? null)
    expect(s.topics).toHaveLength(previous ? 4 : 0)
    expect(s.groups).toHaveLength(previous ? 5 : 0)
    if (previous) {
      expect(s.topics).toBe(previous.topics)
      expect(s.groups).toBe(previous.groups)
    }
    expect(collector(s, 'metadata')).toMatchObject({
      success: false,
      errors: ['read cluster metadata: connect ECONNREFUSED'],
    })
    // Nothing else can be asked without metadata.
    expect(source.calls().length - before).toBe(1)
    expect(Object.values(s.requests).reduce((a, b) => a + b, 0)).toBe(1)
    expect(s.requests.Metadata).toBe(1)
  })
})

describe('pollOnce clock', () => {
  it('takes startedAt and lastSuccessAt from the injected clock, and still collects', async () => {
    const s = await poll(
      new FakeKafkaSource(fakeCluster({ brokers: 1, topics: 1, partitions: 1, groups: 1 })),
      {
        now: () => 1_000,
      },
    )
    expect(s.collectors.filter((c) => !c.success)).toEqual([])
    expect(s).toMatchObject({ up: true, startedAt: 1_000, lastSuccessAt: 1_000 })
  })
})

describe('pollOnce deadline', () => {
  const TIMEOUT = 200

  async function timed(source: FakeKafkaSource) {
    const start = performance.now()
    const s = await poll(source, { timeoutMs: TIMEOUT })
    return { s, elapsed: performance.now() - start }
  }

  it('ends near the deadline when a leader never answers ListOffsets, keeping the rest', async () => {
    const spec = fakeCluster(BIG)
    const source = new FakeKafkaSource(spec)
    source.faults = [{ api: 'ListOffsets', broker: 3, kind: 'hang' }]
    const { s, elapsed } = await timed(source)
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT - 20)
    expect(elapsed).toBeLessThan(TIMEOUT + 1000)
    expect(s.up).toBe(true)
    const leader = leaders(spec)
    for (const [key, p] of watermarksByKey(s))
      expect([key, p.latest === null]).toEqual([key, leader.get(key) === 3])
    expect(s.groups.every((g) => g.offsets !== null && g.members !== null)).toBe(true)
    const offsets = collector(s, 'partition_offsets')
    expect(offsets.success).toBe(false)
    expect(offsets.errors.every((e) => e.includes('on broker 3') && e.includes('no answer within'))).toBe(
      true,
    )
  })

  it('ends near the deadline when a broker never answers anything, keeping what the others answered', async () => {
    const spec = fakeCluster(BIG)
    const source = new FakeKafkaSource(spec)
    source.faults = [{ broker: 3, kind: 'hang' }]
    const { s, elapsed } = await timed(source)
    expect(elapsed).toBeLessThan(TIMEOUT + 1000)
    expect(s.up).toBe(true)
    // Partitions led by the healthy brokers have watermarks; groups they coordinate have offsets and members.
    const leader = leaders(spec)
    const missing = [...watermarksByKey(s)].filter(([key, p]) => leader.get(key) !== 3 && p.latest === null)
    expect(missing.map(([key]) => key)).toEqual([])
    const coordinated = s.groups.filter((g) => g.coordinator !== 3)
    expect(coordinated.length).toBe(40)
    expect(coordinated.filter((g) => g.offsets === null || g.members === null).map((g) => g.groupId)).toEqual(
      [],
    )
    expect(collector(s, 'groups').errors.some((e) => e.includes('broker 3'))).toBe(true)
  })
})

describe('pollOnce filters', () => {
  it('exports only topics and groups that match include and not exclude', async () => {
    const source = new FakeKafkaSource(fakeCluster(BIG))
    const s = await poll(source, {
      topicFilter: nameFilter('^topic-00', 'topic-003'),
      groupFilter: nameFilter('^group-0[01]', '-005$'),
    })
    const topics = ['000', '001', '002', '004', '005', '006', '007', '008', '009'].map((n) => `topic-${n}`)
    expect(s.topics.map((t) => t.name)).toEqual(topics)
    const groups = Array.from({ length: 20 }, (_, i) => `group-${String(i).padStart(3, '0')}`).filter(
      (g) => g !== 'group-005',
    )
    expect(s.groups.map((g) => g.groupId)).toEqual(groups)

    // Filtered-out names are not even asked about.
    const askedTopics = new Set(
      source.calls('ListOffsets').flatMap((c) => (c.ids ?? []).map((k) => k.split('/')[0])),
    )
    expect([...askedTopics].sort()).toEqual(topics)
    expect(source.calls('DescribeConfigs').flatMap((c) => c.ids)).toEqual(topics)
    const askedGroups = source.calls('OffsetFetch').flatMap((c) => c.ids ?? [])
    expect(askedGroups.sort()).toEqual(groups)

    // A kept group's commits on filtered-out topics are dropped.
    const byId = new Map(s.groups.map((g) => [g.groupId, g]))
    expect(byId.get('group-001')?.offsets).toEqual([
      { topic: 'topic-001', partition: 0, offset: 50, recordTimestamp: null, markersOnly: false },
    ])
    expect(byId.get('group-003')?.offsets).toEqual([])
    expect(byId.get('group-012')?.offsets).toEqual([])
  })
})

describe('pollOnce group errors', () => {
  const spec: FakeClusterSpec = {
    brokers: [
      { id: 1, host: 'k1', port: 9092, rack: null },
      { id: 2, host: 'k2', port: 9092, rack: null },
    ],
    topics: [],
    groups: [
      { groupId: 'alive', coordinator: 1, type: 'classic' },
      { groupId: 'alive-848', coordinator: 2, type: 'consumer' },
      // Deleted between ListGroups and the describe.
      { groupId: 'deleted', coordinator: 1, type: 'classic', describeErrorCode: 69 },
      { groupId: 'deleted-848', coordinator: 2, type: 'consumer', describeErrorCode: 69 },
    ],
  }

  it('lets a group answered GROUP_ID_NOT_FOUND (69) disappear without failing the collector', async () => {
    const s = await poll(new FakeKafkaSource(spec))
    expect(collector(s, 'group_members')).toMatchObject({ success: true, errors: [] })
    expect(collector(s, 'group_offsets').success).toBe(true)
    expect(s.groups.map((g) => g.groupId)).toEqual(['alive', 'alive-848'])
  })

  it('fails the collector for other describe errors, naming the group and the error', async () => {
    const denied: FakeClusterSpec = {
      ...spec,
      groups: [...spec.groups, { groupId: 'secret', coordinator: 2, type: 'classic', describeErrorCode: 30 }],
    }
    const s = await poll(new FakeKafkaSource(denied))
    expect(collector(s, 'group_members')).toMatchObject({
      success: false,
      errors: ['describe group secret: GROUP_AUTHORIZATION_FAILED (30)'],
    })
    expect(s.up).toBe(true)
  })

  it("keeps a group's listing when its coordinator's describe request fails", async () => {
    const source = new FakeKafkaSource(spec)
    source.faults = [{ api: 'DescribeGroups', broker: 1, kind: 'fail', message: 'timeout' }]
    const s = await poll(source)
    const alive = s.groups.find((g) => g.groupId === 'alive')
    expect(alive).toMatchObject({ state: 'STABLE', members: null, offsets: [] })
    expect(collector(s, 'group_members').errors).toEqual(['describe groups on broker 1: timeout'])
  })
})

describe('pollOnce with a topic deleted mid-poll', () => {
  it('drops its offsets without failing the collector', async () => {
    const spec = fakeCluster({ brokers: 3, topics: 2, partitions: 2, groups: 0 })
    const source = new FakeKafkaSource(spec)
    const doomed = spec.topics[0]?.name as string
    // The metadata still lists the topic; by the time its leader is asked, it is gone.
    const listOffsets = source.listOffsets.bind(source)
    source.listOffsets = async (broker, partitions, which) =>
      (await listOffsets(broker, partitions, which)).map((r) =>
        r.topic === doomed ? { ...r, offset: null, errorCode: 3 } : r,
      )
    const s = await poll(source)
    expect(collector(s, 'partition_offsets').success).toBe(true)
    const gone = s.topics.find((t) => t.name === doomed)
    expect(gone?.partitions.every((p) => p.latest === null && p.earliest === null)).toBe(true)
    const kept = s.topics.find((t) => t.name !== doomed)
    expect(kept?.partitions.every((p) => p.latest !== null)).toBe(true)
  })
})

describe('pollOnce when a coordinator answers only part of the way', () => {
  it('keeps the groups of a broker whose ListGroups failed, as the last poll knew them', async () => {
    const spec = fakeCluster({ brokers: 3, topics: 4, partitions: 3, groups: 9 })
    const source = new FakeKafkaSource(spec)
    const first = await poll(source)
    const onBroker2 = first.groups.filter((g) => g.coordinator === 2)
    expect(onBroker2.length).toBeGreaterThan(0)
    source.faults = [{ api: 'ListGroups', broker: 2, kind: 'fail', message: 'COORDINATOR_LOAD_IN_PROGRESS' }]
    const second = await poll(source, { previous: first })
    expect(collector(second, 'groups').success).toBe(false)
    expect(second.groups.map((g) => g.groupId)).toEqual(first.groups.map((g) => g.groupId))
    for (const g of onBroker2) expect(second.groups.find((x) => x.groupId === g.groupId)).toEqual(g)
  })

  it("keeps a group's last committed offsets when OffsetFetch fails, instead of reporting nothing committed", async () => {
    const spec = fakeCluster({ brokers: 3, topics: 4, partitions: 3, groups: 9 })
    const source = new FakeKafkaSource(spec)
    const first = await poll(source)
    source.faults = [{ api: 'OffsetFetch', kind: 'fail', message: 'timeout' }]
    const second = await poll(source, { previous: first })
    expect(collector(second, 'group_offsets').success).toBe(false)
    for (const g of second.groups) {
      expect(g.offsets).toEqual(first.groups.find((x) => x.groupId === g.groupId)?.offsets)
    }
  })

  it('leaves offsets unknown (null) when they were never known, and the group gets no status', async () => {
    const spec = fakeCluster({ brokers: 3, topics: 4, partitions: 3, groups: 9 })
    const source = new FakeKafkaSource(spec)
    source.faults = [{ api: 'OffsetFetch', kind: 'fail', message: 'timeout' }]
    const s = await poll(source)
    expect(s.groups.every((g) => g.offsets === null)).toBe(true)
    const analyzed = analyzedGroups(s)
    expect(analyzed.every((g) => g.verdict === null && g.topics.length === 0)).toBe(true)
  })
})
