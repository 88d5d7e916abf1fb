import { describe, expect, it } from 'vitest'
import {
  ObservationWindow,
  packWindow,
  unpackWindow,
  windowed,
} from '../../../src/analysis/observation-window.js'
import { advanceTopicTrend, markOwnersProgressing, topicObservation } from '../../../src/analysis/progress.js'
import type { Observation } from '../../../src/analysis/status.js'

/** Committed offsets at polls 15 s apart (lag 10 each). */
const at = (...committed: number[]): ObservationWindow =>
  ObservationWindow.of(committed.map((c, i) => ({ time: i * 15_000, committed: c, lag: 10 })))

describe('markOwnersProgressing', () => {
  it.each<{ name: string; partitions: { owner: string; obs: ObservationWindow }[]; expected: boolean[] }>([
    {
      name: 'a member serving its partitions in turn: the held one sees the other move after it',
      partitions: [
        { owner: 'm1', obs: at(0, 5, 5, 5) },
        { owner: 'm1', obs: at(0, 0, 5, 9) },
      ],
      expected: [true, false],
    },
    {
      name: 'a member that stopped entirely: nothing moved after either',
      partitions: [
        { owner: 'm1', obs: at(0, 5, 5, 5) },
        { owner: 'm1', obs: at(0, 5, 5, 5) },
      ],
      expected: [false, false],
    },
    {
      name: 'another member moving says nothing about this one',
      partitions: [
        { owner: 'm1', obs: at(3, 3, 3, 3) },
        { owner: 'm2', obs: at(0, 4, 8, 12) },
      ],
      expected: [false, false],
    },
    {
      name: 'never moved in the window, its owner moved another: progressing',
      partitions: [
        { owner: '', obs: at(7, 7, 7, 7) },
        { owner: '', obs: at(0, 1, 2, 3) },
      ],
      expected: [true, false],
    },
  ])('$name', ({ partitions, expected }) => {
    const windows = partitions.map((p) => ({ ...p, progressing: false }))
    markOwnersProgressing([windows])
    expect(windows.map((w) => w.progressing)).toEqual(expected)
  })
})

describe('markOwnersProgressing across topics', () => {
  it('a member moving on one topic is progressing for its held partition of another', () => {
    const held = { owner: 'm1', obs: at(4, 4, 4, 4), progressing: false }
    const moving = { owner: 'm1', obs: at(0, 2, 4, 6), progressing: false }
    const otherMember = { owner: 'm2', obs: at(9, 9, 9, 9), progressing: false }
    markOwnersProgressing([[held, otherMember], [moving]])
    expect([held.progressing, moving.progressing, otherMember.progressing]).toEqual([true, false, false])
  })
})

describe('topic trend', () => {
  it('sums committed and lag, takes the largest lag in seconds, and is unknown while a lag is', () => {
    const partitions: Observation[] = [
      { time: 5, committed: 10, lag: 3, lagSeconds: 2 },
      { time: 5, committed: 20, lag: 4, lagSeconds: 9 },
    ]
    // Each partition's window ends with this poll's observation; only that one counts.
    const earlier: Observation = { time: 0, committed: 1, lag: 100, lagSeconds: 50 }
    const windows = partitions.map((o) => ObservationWindow.of([earlier, o]))
    expect(topicObservation(5, windows)).toEqual({ time: 5, committed: 30, lag: 7, lagSeconds: 9 })
    const unknown = ObservationWindow.of([{ time: 5, committed: 1, lag: null }])
    expect(topicObservation(5, [...windows, unknown]).lag).toBeNull()
  })

  it('restarts when the set of committed partitions changes (the sums would jump)', () => {
    const o = (time: number): Observation => ({ time, committed: time, lag: 1, lagSeconds: null })
    let trend = advanceTopicTrend(undefined, 2, o(1), 60_000)
    trend = advanceTopicTrend(trend, 2, o(2), 60_000)
    expect(unpackWindow(trend.observations)).toEqual([o(1), o(2)])
    trend = advanceTopicTrend(trend, 3, o(3), 60_000)
    expect(unpackWindow(trend.observations)).toEqual([o(3)])
  })

  it('windowed drops what is older than the window and restarts on a clock stepped back', () => {
    const o = (time: number): Observation => ({ time, committed: time * 2, lag: time % 7, lagSeconds: null })
    const old = packWindow([o(0), o(10), o(20)])
    expect(unpackWindow(windowed(old, o(30), 15))).toEqual([o(20), o(30)])
    expect(unpackWindow(windowed(old, o(5), 15))).toEqual([o(5)])
    expect(unpackWindow(windowed(old, o(20), 15))).toEqual([o(20)])
    expect(unpackWindow(windowed(undefined, o(1), 15))).toEqual([o(1)])
    expect(unpackWindow(old)).toEqual([o(0), o(10), o(20)])
  })
})
