import { describe, expect, it } from 'vitest'
import { nameFilter } from '../../../src/collect/filters.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import type { ShareStartOffset } from '../../../src/kafka/types.js'
import {
  type FakeClusterSpec,
  FakeKafkaSource,
  type FakeShareGroup,
  fakeCluster,
} from '../../fakes/kafka-source.js'
import { pollFake as poll } from '../../fakes/poll.js'

const start = (
  topic: string,
  partition: number,
  startOffset: number,
  lag: number | null,
): ShareStartOffset => ({
  topic,
  partition,
  startOffset,
  leaderEpoch: 0,
  lag,
})

/** `count` share groups coordinated by brokers 1 and 2 only, each with a start offset on topic-000/0. */
function withShareGroups(count: number, more: Partial<FakeClusterSpec> = {}): FakeClusterSpec {
  const shareGroups: FakeShareGroup[] = Array.from({ length: count }, (_, i) => ({
    groupId: `share-${String(i).padStart(2, '0')}`,
    coordinator: (i % 2) + 1,
    offsets: [start('topic-000', 0, 40, 7)],
  }))
  return { ...fakeCluster({ brokers: 3, topics: 4, partitions: 2, groups: 9 }), shareGroups, ...more }
}

const result = (s: Snapshot, name: string) => s.collectors.find((c) => c.name === name)

describe('share groups collector', () => {
  it.each([4, 40])(
    'with %i share groups on 2 coordinators: 2 ShareGroupDescribe + 2 DescribeShareGroupOffsets, no more',
    async (count) => {
      const source = new FakeKafkaSource(withShareGroups(count))
      const s = await poll(source)
      expect(s.requests.ShareGroupDescribe).toBe(2)
      expect(s.requests.DescribeShareGroupOffsets).toBe(2)
      // Listed by the consumer groups' ListGroups: no ListGroups more than one per broker.
      expect(s.requests.ListGroups).toBe(3)
      expect(s.shareGroups.map((g) => g.groupId)).toHaveLength(count)
      expect(s.shareGroups.every((g) => g.members !== null && g.offsets?.length === 1)).toBe(true)
      // Never asked as consumer groups, never in the consumer groups.
      const askedAsConsumers = [...source.calls('OffsetFetch'), ...source.calls('DescribeGroups')].flatMap(
        (c) => c.ids ?? [],
      )
      expect(askedAsConsumers.filter((id) => id.startsWith('share-'))).toEqual([])
      expect(s.groups.filter((g) => g.groupId.startsWith('share-'))).toEqual([])
      // Each coordinator is asked only for its own.
      for (const call of [
        ...source.calls('ShareGroupDescribe'),
        ...source.calls('DescribeShareGroupOffsets'),
      ]) {
        const mine = withShareGroups(count).shareGroups?.filter((g) => g.coordinator === call.broker)
        expect([...(call.ids ?? [])].sort()).toEqual(mine?.map((g) => g.groupId).sort())
      }
      expect(result(s, 'share_groups')?.success).toBe(true)
      expect(result(s, 'share_group_offsets')?.success).toBe(true)
    },
  )

  it('is skipped, not failed, where the brokers lack ShareGroupDescribe (Kafka 3.9)', async () => {
    const source = new FakeKafkaSource(withShareGroups(0, { unsupported: ['ShareGroupDescribe'] }))
    const s = await poll(source)
    expect(result(s, 'share_groups')).toBeUndefined()
    expect(result(s, 'share_group_offsets')).toBeUndefined()
    expect(s.collectors.every((c) => c.success)).toBe(true)
    expect(s.groups).toHaveLength(9)
    expect(source.calls('ShareGroupDescribe')).toEqual([])
  })

  it('reports success without a request where the brokers have the APIs but no share groups', async () => {
    const source = new FakeKafkaSource(withShareGroups(0))
    const s = await poll(source)
    expect(result(s, 'share_groups')?.success).toBe(true)
    expect(result(s, 'share_group_offsets')).toBeUndefined()
    expect(s.requests.ShareGroupDescribe + s.requests.DescribeShareGroupOffsets).toBe(0)
  })

  it('drops a group deleted since the listing, and reports other describe errors', async () => {
    const spec = withShareGroups(4)
    const shareGroups = (spec.shareGroups ?? []).map((g, i) =>
      i === 0 ? { ...g, describeErrorCode: 69 } : i === 1 ? { ...g, describeErrorCode: 30 } : g,
    )
    const s = await poll(new FakeKafkaSource({ ...spec, shareGroups }))
    expect(s.shareGroups.map((g) => g.groupId)).toEqual(['share-01', 'share-02', 'share-03'])
    // Described with an error: still listed, members unknown.
    expect(s.shareGroups[0]?.members).toBeNull()
    expect(result(s, 'share_groups')).toMatchObject({
      success: false,
      errors: ['describe share group share-01: GROUP_AUTHORIZATION_FAILED (30)'],
    })
  })

  it('keeps the last known start offsets when they cannot be fetched, and groups of a coordinator that cannot list', async () => {
    const source = new FakeKafkaSource(withShareGroups(4))
    const first = await poll(source)
    source.faults = [{ api: 'DescribeShareGroupOffsets', broker: 1, kind: 'fail' }]
    const second = await poll(source, { previous: first })
    expect(second.shareGroups.map((g) => g.offsets)).toEqual(first.shareGroups.map((g) => g.offsets))
    expect(result(second, 'share_group_offsets')?.success).toBe(false)
    source.faults = [{ api: 'ListGroups', broker: 2, kind: 'fail' }]
    const third = await poll(source, { previous: second })
    expect(third.shareGroups.map((g) => g.groupId)).toEqual(first.shareGroups.map((g) => g.groupId))
    expect(third.shareGroups.filter((g) => g.coordinator === 2)).toEqual(
      second.shareGroups.filter((g) => g.coordinator === 2),
    )
  })

  it('applies the group filter to share groups and the topic filter to their start offsets', async () => {
    const spec = withShareGroups(4)
    const shareGroups = (spec.shareGroups ?? []).map((g) => ({
      ...g,
      offsets: [start('topic-000', 0, 40, 7), start('topic-001', 1, 3, null)],
    }))
    const s = await poll(new FakeKafkaSource({ ...spec, shareGroups }), {
      groupFilter: nameFilter('^share-0[01]$', '^$'),
      topicFilter: nameFilter('^topic-001$', '^$'),
    })
    expect(s.shareGroups.map((g) => [g.groupId, g.offsets?.map((o) => o.topic)])).toEqual([
      ['share-00', ['topic-001']],
      ['share-01', ['topic-001']],
    ])
  })
})
