import { describe, expect, it } from 'vitest'
import { groupViews } from '../../../src/analysis/groups.js'
import { commits, group, member, partition, topic } from '../../fakes/snapshot.js'

const orders = topic('orders', [
  partition(0, { earliest: 0, latest: 100 }),
  partition(1, { earliest: 50, latest: 200 }),
  partition(2, { earliest: 0, latest: null }),
])
const payments = topic('payments', [partition(0, { earliest: 0, latest: 10 }), partition(1, { latest: 20 })])
const topics = [orders, payments]

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1)
  return items[0] as T
}

describe('groupViews', () => {
  it('computes lag and lost per committed partition and sums only known lags', () => {
    const g = group('app', { offsets: commits(['orders', 0, 90], ['orders', 1, 20], ['orders', 2, 5]) })
    const view = only(groupViews([g], topics))
    expect(view.group).toBe(g)
    const t = only(view.topics)
    expect(t).toEqual({
      topic: 'orders',
      committedSum: 90 + 20 + 5,
      // partition 2 has no known high watermark: its lag is null and not part of the sum.
      lagSum: 10 + 180,
      uncommitted: 0,
      partitions: [
        { topic: 'orders', partition: 0, committed: 90, highWatermark: 100, lag: 10, lost: 0 },
        { topic: 'orders', partition: 1, committed: 20, highWatermark: 200, lag: 180, lost: 30 },
        { topic: 'orders', partition: 2, committed: 5, highWatermark: null, lag: null, lost: 0 },
      ],
    })
  })

  it('counts partitions without a commit as uncommitted and gives them no partition entry', () => {
    const g = group('app', { offsets: commits(['orders', 1, 200]) })
    const t = only(only(groupViews([g], topics)).topics)
    expect(t.uncommitted).toBe(2)
    expect(t.partitions.map((p) => p.partition)).toEqual([1])
    expect(t.lagSum).toBe(0)
  })

  it('includes topics a member is assigned but the group never committed', () => {
    const g = group('new-app', {
      offsets: commits(['orders', 0, 100]),
      members: [member('m1', [['payments', 0]]), member('m2', [['payments', 1]])],
    })
    const views = only(groupViews([g], topics)).topics
    expect(views.map((t) => t.topic)).toEqual(['orders', 'payments'])
    expect(views[1]).toEqual({
      topic: 'payments',
      committedSum: 0,
      lagSum: 0,
      uncommitted: 2,
      partitions: [],
    })
  })

  it('drops commits for topics that no longer exist (or are filtered out)', () => {
    const g = group('app', {
      offsets: commits(['deleted', 0, 5], ['orders', 0, 100]),
      members: [member('m1', [['also-deleted', 0]])],
    })
    expect(only(groupViews([g], topics)).topics.map((t) => t.topic)).toEqual(['orders'])
  })

  it('drops commits for partitions the topic does not have', () => {
    const g = group('app', { offsets: commits(['payments', 0, 4], ['payments', 7, 1]) })
    const t = only(only(groupViews([g], topics)).topics)
    expect(t.partitions.map((p) => p.partition)).toEqual([0])
    expect(t.committedSum).toBe(4)
  })

  it('keeps the lag of an empty group (no members)', () => {
    const g = group('stopped', { state: 'EMPTY', members: [], offsets: commits(['payments', 0, 4]) })
    const t = only(only(groupViews([g], topics)).topics)
    expect(t.lagSum).toBe(6)
    expect(t.uncommitted).toBe(1)
  })

  it('keeps the lag when the group could not be described (members null)', () => {
    const g = group('app', { members: null, offsets: commits(['payments', 1, 15]) })
    expect(only(only(groupViews([g], topics)).topics).lagSum).toBe(5)
  })

  it('yields no topics when committed offsets could not be fetched and no member is known', () => {
    expect(groupViews([group('app', { offsets: null, members: null })], topics)).toEqual([
      { group: expect.objectContaining({ groupId: 'app' }), topics: [] },
    ])
  })

  it('orders topics by name and keeps one view per group in input order', () => {
    const b = group('b', { offsets: commits(['payments', 0, 1], ['orders', 0, 1]) })
    const a = group('a', { offsets: commits(['orders', 0, 1]) })
    const views = groupViews([b, a], topics)
    expect(views.map((v) => v.group.groupId)).toEqual(['b', 'a'])
    expect(views[0]?.topics.map((t) => t.topic)).toEqual(['orders', 'payments'])
  })
})
