import { describe, expect, it } from 'vitest'
import { carryOver } from '../../../src/collect/carry-over.js'
import type { GroupState, Snapshot } from '../../../src/collect/snapshot.js'
import {
  broker,
  cluster,
  collector,
  commits,
  group,
  member,
  partition,
  snapshot,
  topic,
} from '../../fakes/snapshot.js'

const T0 = 1_700_000_000_000
const T1 = T0 + 30_000

/** The previous poll: two coordinators, each with one group that had members and commits. */
const previous = snapshot({
  startedAt: T0,
  lastSuccessAt: T0,
  topics: [topic('orders', [partition(0, { latest: 100 })])],
  groups: [
    group('on-1', { coordinator: 1, members: [member('a')], offsets: commits(['orders', 0, 40]) }),
    group('on-2', { coordinator: 2, members: [member('b')], offsets: commits(['orders', 0, 60]) }),
  ],
})
const prev = (id: string) => previous.groups.find((g) => g.groupId === id) as GroupState

/** This poll as read: nothing carried over. */
function fresh(groups: GroupState[], fields: Partial<Snapshot> = {}): Snapshot {
  return snapshot({
    startedAt: T1,
    lastSuccessAt: T1,
    groups,
    collectors: [collector('metadata')],
    ...fields,
  })
}
const metadataFailed = fresh([], {
  up: false,
  lastSuccessAt: null,
  cluster: null,
  topics: [],
  collectors: [collector('metadata', ['read cluster metadata: ECONNREFUSED'])],
})

describe('carryOver', () => {
  it.each<{
    name: string
    previous: Snapshot | null
    current: Snapshot
    unlisted?: number[]
    groups: readonly GroupState[]
  }>([
    {
      name: 'nothing missing: this poll as read',
      previous,
      current: fresh([group('on-1', { offsets: commits(['orders', 0, 45]) })]),
      groups: [group('on-1', { offsets: commits(['orders', 0, 45]) })],
    },
    {
      name: 'offsets not fetched: the last known ones, and the last members when not described either',
      previous,
      current: fresh([group('on-1', { members: null, offsets: null })]),
      groups: [group('on-1', { members: [member('a')], offsets: commits(['orders', 0, 40]) })],
    },
    {
      name: 'offsets not fetched but described: the last offsets with the new members',
      previous,
      current: fresh([group('on-1', { members: [member('c')], offsets: null })]),
      groups: [group('on-1', { members: [member('c')], offsets: commits(['orders', 0, 40]) })],
    },
    {
      name: 'offsets not fetched and never known: still unknown',
      previous: null,
      current: fresh([group('on-1', { members: null, offsets: null })]),
      groups: [group('on-1', { members: null, offsets: null })],
    },
    {
      name: 'offsets not fetched, the group is new: still unknown',
      previous,
      current: fresh([group('new', { offsets: null })]),
      groups: [group('new', { offsets: null })],
    },
    {
      name: 'not described but offsets fetched: members stay unknown (they are not carried alone)',
      previous,
      current: fresh([group('on-1', { members: null, offsets: commits(['orders', 0, 45]) })]),
      groups: [group('on-1', { members: null, offsets: commits(['orders', 0, 45]) })],
    },
    {
      name: "a coordinator's ListGroups failed: its groups as the last poll knew them, in order",
      previous,
      current: fresh([group('on-1', { coordinator: 1 }), group('z-new', { coordinator: 1 })]),
      unlisted: [2],
      groups: [group('on-1', { coordinator: 1 }), prev('on-2'), group('z-new', { coordinator: 1 })],
    },
    {
      name: 'a group gone from a coordinator that listed fine: gone',
      previous,
      current: fresh([group('on-1', { coordinator: 1 })]),
      groups: [group('on-1', { coordinator: 1 })],
    },
    {
      name: 'a group moved away from a coordinator that failed to list: only its new place',
      previous,
      current: fresh([group('on-2', { coordinator: 3, offsets: commits(['orders', 0, 61]) })]),
      unlisted: [2],
      groups: [group('on-2', { coordinator: 3, offsets: commits(['orders', 0, 61]) })],
    },
    {
      name: 'ListGroups failed and no previous poll: nothing to carry',
      previous: null,
      current: fresh([]),
      unlisted: [1, 2],
      groups: [],
    },
  ])('$name', ({ previous: p, current, unlisted, groups }) => {
    const s = carryOver(p, { snapshot: current, unlistedCoordinators: unlisted ?? [] })
    expect(s.groups).toEqual(groups)
    // What this poll read otherwise stands as it is.
    expect({ ...s, groups: [] }).toEqual({ ...current, groups: [] })
    expect(Object.isFrozen(s)).toBe(true)
  })

  it('keeps the previous objects themselves, not copies', () => {
    const s = carryOver(previous, {
      snapshot: fresh([group('on-1', { members: null, offsets: null })]),
      unlistedCoordinators: [2],
    })
    expect(s.groups[0]?.offsets).toBe(prev('on-1').offsets)
    expect(s.groups[1]).toBe(prev('on-2'))
  })

  it.each([
    ['with a previous snapshot', previous],
    ['without one', null],
  ])(
    'metadata failed, %s: serves what the last good poll collected, with this poll’s own results',
    (_, p) => {
      const s = carryOver(p, { snapshot: metadataFailed, unlistedCoordinators: [] })
      expect(s).toEqual({
        ...metadataFailed,
        lastSuccessAt: p?.lastSuccessAt ?? null,
        cluster: p?.cluster ?? null,
        topics: p?.topics ?? [],
        groups: p?.groups ?? [],
      })
      if (p) {
        expect(s.cluster).toBe(p.cluster)
        expect(s.topics).toBe(p.topics)
        expect(s.groups).toBe(p.groups)
      }
      expect(s).toMatchObject({ up: false, startedAt: T1, collectors: metadataFailed.collectors })
    },
  )

  it('metadata failed twice: the last success stays the one before both', () => {
    const first = carryOver(previous, { snapshot: metadataFailed, unlistedCoordinators: [] })
    const second = carryOver(first, {
      snapshot: { ...metadataFailed, startedAt: T1 + 30_000 },
      unlistedCoordinators: [],
    })
    expect(second.lastSuccessAt).toBe(T0)
    expect(second.groups).toBe(previous.groups)
  })

  it('changes neither argument', () => {
    const current = fresh([group('on-1', { members: null, offsets: null })])
    const before = structuredClone({ previous, current })
    carryOver(previous, { snapshot: current, unlistedCoordinators: [2] })
    expect({ previous, current }).toEqual(before)
  })

  it('uses the cluster of this poll when metadata succeeded', () => {
    const moved = cluster([broker(1), broker(4)])
    const s = carryOver(previous, { snapshot: fresh([], { cluster: moved }), unlistedCoordinators: [] })
    expect(s.cluster).toBe(moved)
  })
})
