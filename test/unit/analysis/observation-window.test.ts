import { describe, expect, it } from 'vitest'
import {
  lastCommitted,
  ObservationWindow,
  packWindow,
  unpackWindow,
  WindowPacker,
  windowOf,
} from '../../../src/analysis/observation-window.js'
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
    const topic = { packed, bounds: Int32Array.of(-1, -1, 0, packed.length) }
    expect(unpackWindow(windowOf(topic, 1))).toEqual(observations)
    expect(lastCommitted(topic, 1)).toBe(observations[observations.length - 1]?.committed)
  })

  it('reads an absent lag in seconds as unknown, as the status rules do', () => {
    expect(unpackWindow(packWindow([{ time: 1, committed: 2, lag: 3 }]))).toEqual([
      { time: 1, committed: 2, lag: 3, lagSeconds: null },
    ])
  })

  it('has nothing for a partition never observed', () => {
    expect(unpackWindow(undefined)).toEqual([])
    expect(lastCommitted(undefined, 0)).toBeUndefined()
    const topic = {
      packed: packWindow([{ time: 1, committed: 2, lag: 3 }]),
      bounds: Int32Array.of(-1, -1, 0, 4),
    }
    expect(windowOf(topic, 0)).toBeUndefined()
    expect(windowOf(topic, 7)).toBeUndefined()
    expect(lastCommitted(topic, 0)).toBeUndefined()
    expect(lastCommitted(topic, 1)).toBe(2)
  })
})

describe('windows advanced together in one buffer', () => {
  const o = (time: number, committed: number, lag: number | null = 1): Observation => ({
    time,
    committed,
    lag,
    lagSeconds: lag === null ? null : lag / 2,
  })

  it('gives each partition its own window, drops what left the window, and never changes the old ones', () => {
    // Partitions 0 and 2 have windows (2's first in the buffer), 1 has none: the old windows of a group topic.
    const zero = packWindow([o(0, 1), o(10, 2), o(20, 3)])
    const two = packWindow([o(10, 7, null), o(20, 8)])
    const packed = new Float64Array(zero.length + two.length)
    packed.set(two)
    packed.set(zero, two.length)
    const old = { packed, bounds: Int32Array.of(two.length, packed.length, -1, -1, 0, two.length) }
    const copy = { packed: old.packed.slice(), bounds: old.bounds.slice() }
    const packer = new WindowPacker(
      [0, 1, 2].reduce((n, p) => n + WindowPacker.room(old, p), 0),
      3,
    )
    const next = [0, 1, 2].map((p) =>
      packer.advance(old, p, 30, 10 + p, p === 1 ? null : 4, p === 1 ? null : 2, 15),
    )
    const expected = [[o(20, 3), o(30, 10, 4)], [o(30, 11, null)], [o(20, 8), o(30, 12, 4)]]
    expect(next.map(unpackWindow)).toEqual(expected)
    expect(old).toEqual(copy)
    // One buffer for the whole topic, read back by partition as the next poll reads it.
    const written = packer.windows()
    expect([0, 1, 2].map((p) => unpackWindow(windowOf(written, p)))).toEqual(expected)
    expect([0, 1, 2].map((p) => lastCommitted(written, p))).toEqual([10, 11, 12])
    // Sized for the old windows plus one observation each (8); those that left the window are not copied (5 written).
    expect(written.packed.length).toBe(4 * 8)
    expect(Math.max(...written.bounds)).toBe(4 * 5)
  })

  it('reads in place what unpacking reads', () => {
    const list = [o(0, 5), o(15, 5, null), o(30, 9, 0)]
    const w = ObservationWindow.of(list)
    expect(w.length).toBe(3)
    expect(Array.from({ length: w.length }, (_, i) => w.at(i))).toEqual(list)
    expect([w.time(2), w.committed(1), w.lag(1), w.lagSeconds(0)]).toEqual([30, 5, null, 0.5])
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
