import { describe, expect, it } from 'vitest'
import { type AnalysisState, analyze, EMPTY_STATE } from '../../../src/analysis/analyzer.js'
import { EMPTY_HISTORY, packHistory } from '../../../src/analysis/offset-history.js'
import { historyOf, packTopicHistories } from '../../../src/analysis/topic-histories.js'
import { commits, group, partition, snapshot, topic } from '../../fakes/snapshot.js'

const h = (...pairs: [offset: number, time: number][]) =>
  packHistory(pairs.map(([offset, time]) => ({ offset, time })))

describe('topic histories', () => {
  it('packs each partition’s history into one buffer and reads each back as it was', () => {
    const zero = h([100, 0], [200, 15_000])
    const two = h([5, 0], [5, 15_000], [9, 30_000])
    const packed = packTopicHistories([2, 0, 3], [two, zero, EMPTY_HISTORY])
    expect([...historyOf(packed, 0)]).toEqual([...zero])
    expect([...historyOf(packed, 2)]).toEqual([...two])
    expect(historyOf(packed, 3)).toHaveLength(0)
    // Partitions without one, beyond the table, or no topic at all: the empty history.
    expect(historyOf(packed, 1)).toBe(EMPTY_HISTORY)
    expect(historyOf(packed, 9)).toBe(EMPTY_HISTORY)
    expect(historyOf(undefined, 0)).toBe(EMPTY_HISTORY)
    expect(packed.packed.length).toBe(zero.length + two.length)
    // A copy: changing what was packed changes nothing kept.
    zero[0] = -1
    expect(historyOf(packed, 0)[0]).toBe(100)
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
