import { describe, expect, it } from 'vitest'
import { type AnalysisState, analyze, EMPTY_STATE } from '../../../src/analysis/analyzer.js'
import {
  EMPTY_HISTORY,
  MAX_POINTS,
  type OffsetHistory,
  packHistory,
  recordOffset,
} from '../../../src/analysis/offset-history.js'
import { noRanges } from '../../../src/analysis/partition-ranges.js'
import {
  advanceTopicHistories,
  historyOf,
  type TopicHistories,
} from '../../../src/analysis/topic-histories.js'
import { commits, group, partition, snapshot, topic } from '../../fakes/snapshot.js'

const h = (...pairs: [offset: number, time: number][]) =>
  packHistory(pairs.map(([offset, time]) => ({ offset, time })))

/** Histories by partition, packed as the state keeps them (a test's own packing, not the code under test). */
function packed(...entries: [partition: number, history: OffsetHistory][]): TopicHistories {
  const all = new Float64Array(entries.reduce((n, [, x]) => n + x.length, 0))
  const bounds = noRanges(Math.max(...entries.map(([p]) => p)) + 1)
  let at = 0
  for (const [p, x] of entries) {
    all.set(x, at)
    bounds[2 * p] = at
    at += x.length
    bounds[2 * p + 1] = at
  }
  return { packed: all, bounds }
}

describe('topic histories', () => {
  it('writes each partition’s next history into one buffer, as recordOffset would make it', () => {
    const zero = h([100, 0], [200, 15_000])
    const two = h([5, 0], [5, 15_000], [9, 30_000])
    const three = h([7, 0], [7, 15_000])
    const old = advanceTopicHistories(undefined, [], 0)
    expect(old.packed).toHaveLength(0)
    // Partition 2's table entry beyond the old table, partition 1 has none: both start from the empty history.
    const first = advanceTopicHistories(
      packed([0, zero], [2, two], [3, three]),
      [
        { partition: 2, latest: 12 },
        { partition: 0, latest: 150 },
        { partition: 3, latest: 7 },
        { partition: 1, latest: 40 },
        { partition: 5, latest: null },
      ],
      45_000,
    )
    expect([...historyOf(first, 2)]).toEqual([...recordOffset(two, 12, 45_000)])
    // Going back (truncated, or the topic recreated): a new history.
    expect([...historyOf(first, 0)]).toEqual([150, 45_000])
    // A plateau moves its last point.
    expect([...historyOf(first, 3)]).toEqual([7, 0, 7, 45_000])
    expect([...historyOf(first, 1)]).toEqual([40, 45_000])
    // Unknown and never known: nothing.
    expect(historyOf(first, 5)).toHaveLength(0)
    expect(first.packed).toHaveLength(historyOf(first, 2).length + 2 + 4 + 2)
    // Not listed this poll: dropped.
    const second = advanceTopicHistories(first, [{ partition: 2, latest: null }], 60_000)
    expect([...historyOf(second, 2)]).toEqual([...historyOf(first, 2)])
    expect(historyOf(second, 0)).toBe(EMPTY_HISTORY)
    // Beyond the table, or no topic at all: the empty history.
    expect(historyOf(second, 9)).toBe(EMPTY_HISTORY)
    expect(historyOf(undefined, 0)).toBe(EMPTY_HISTORY)
  })

  it('keeps each partition’s history over many polls as recordOffset keeps it alone, thinned when full', () => {
    let alone = EMPTY_HISTORY
    let together = advanceTopicHistories(undefined, [], 0)
    let latest = 0
    for (let k = 0; k < 300; k++) {
      // Bursty traffic, so which point goes matters.
      latest += k % 7 === 0 ? 500 : 10
      const time = k * 15_000
      alone = recordOffset(alone, latest, time)
      together = advanceTopicHistories(
        together,
        [
          { partition: 0, latest },
          { partition: 1, latest: k },
        ],
        time,
      )
      expect([...historyOf(together, 0)]).toEqual([...alone])
    }
    expect(alone.length).toBe(2 * MAX_POINTS)
  })

  it('never changes the histories of the state a poll was given', () => {
    let state: AnalysisState = EMPTY_STATE
    for (let k = 0; k < 120; k++) {
      const before = [...state.history].map(([t, x]) => [t, [...x.packed], [...x.bounds]])
      const next = analyze(
        state,
        snapshot({
          startedAt: 1_700_000_000_000 + k * 15_000,
          topics: [
            topic('orders', [
              partition(0, { earliest: 0, latest: 1_000 + k * 7 }),
              // Idle for a while (a plateau), then moving; unknown every fifth poll (the leader down).
              partition(1, { earliest: 0, latest: k % 5 === 0 ? null : 50 + Math.max(0, k - 60) }),
            ]),
          ],
          groups: [group('app', { members: [], offsets: commits(['orders', 0, 900], ['orders', 1, 40]) })],
        }),
        { statusWindowMs: 600_000, allowedLag: 0, inactiveGraceMs: 1_800_000 },
      )
      expect([...state.history].map(([t, x]) => [t, [...x.packed], [...x.bounds]])).toEqual(before)
      state = next.state
    }
    // Bounded as before: at most 80 points per partition.
    expect(historyOf(state.history.get('orders'), 0).length).toBeLessThanOrEqual(160)
    expect(historyOf(state.history.get('orders'), 1).length).toBeGreaterThan(0)
  })
})
