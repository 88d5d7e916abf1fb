import { describe, expect, it } from 'vitest'
import { lastCommitted, packWindow, unpackWindow } from '../../../src/analysis/observation-window.js'
import {
  appendTime,
  EMPTY_HISTORY,
  historyPoints,
  packHistory,
  recordOffset,
} from '../../../src/analysis/offset-history.js'
import type { Observation } from '../../../src/analysis/status.js'

describe('packed observation windows', () => {
  it.each<[string, Observation[]]>([
    ['empty', []],
    [
      'known and unknown lag',
      [
        { time: 1_700_000_000_000, committed: 2 ** 40 + 7, lag: 0, lagSeconds: 0 },
        { time: 1_700_000_015_000, committed: 12, lag: null, lagSeconds: null },
        { time: 1_700_000_030_000, committed: 13, lag: 5, lagSeconds: 1.25 },
      ],
    ],
  ])('round-trips %s exactly (nulls stay null)', (_, observations) => {
    const packed = packWindow(observations)
    expect(unpackWindow(packed)).toEqual(observations)
    expect(lastCommitted(packed)).toBe(observations[observations.length - 1]?.committed)
  })

  it('reads an absent lag in seconds as unknown, as the status rules do', () => {
    expect(unpackWindow(packWindow([{ time: 1, committed: 2, lag: 3 }]))).toEqual([
      { time: 1, committed: 2, lag: 3, lagSeconds: null },
    ])
  })

  it('has nothing for a partition never observed', () => {
    expect(unpackWindow(undefined)).toEqual([])
    expect(lastCommitted(undefined)).toBeUndefined()
  })
})

describe('packed offset history', () => {
  it('round-trips points and dates offsets the same packed or not', () => {
    const points = [
      { offset: 100, time: 0 },
      { offset: 200, time: 15_000 },
      { offset: 200, time: 30_000 },
      { offset: 260, time: 45_000 },
    ]
    const packed = packHistory(points)
    expect(historyPoints(packed)).toEqual(points)
    for (const offset of [99, 100, 150, 199, 200, 230, 259, 260])
      expect(appendTime(packed, offset)).toBe(appendTime(points, offset))
  })

  it('never changes a history it was given (each poll makes a new one)', () => {
    let h = EMPTY_HISTORY
    const seen: Float64Array[] = []
    for (let t = 0; t < 200; t++) {
      const before = h.slice()
      const next = recordOffset(h, t * 3, t * 1000, 8)
      expect(h).toEqual(before)
      seen.push(next)
      h = next
    }
    expect(h.length / 2).toBe(8)
  })
})
