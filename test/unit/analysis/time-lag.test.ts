import { describe, expect, it } from 'vitest'
import type { OffsetPoint } from '../../../src/analysis/offset-history.js'
import { type TimeLag, type TimeLagInput, timeLag } from '../../../src/analysis/time-lag.js'

const NOW = 1_700_000_000_000
const pts = (...list: [offset: number, time: number][]): OffsetPoint[] =>
  list.map(([offset, time]) => ({ offset, time }))

// HWM 100 two minutes ago, 200 one minute ago, 300 now.
const covering = pts([100, NOW - 120_000], [200, NOW - 60_000], [300, NOW])

function input(fields: Partial<TimeLagInput>): TimeLagInput {
  return { now: NOW, committed: 150, highWatermark: 300, recordTimestamp: null, history: covering, ...fields }
}

describe('timeLag', () => {
  it.each<{ name: string; input: Partial<TimeLagInput>; expected: TimeLag }>([
    {
      name: 'unknown high watermark',
      input: { highWatermark: null, recordTimestamp: NOW - 5_000 },
      expected: { seconds: null, source: 'unknown' },
    },
    {
      name: 'caught up: committed equals the high watermark',
      input: { committed: 300, recordTimestamp: NOW - 5_000 },
      expected: { seconds: 0, source: 'caught_up' },
    },
    {
      name: 'caught up: committed above the high watermark',
      input: { committed: 310, recordTimestamp: NOW - 5_000 },
      expected: { seconds: 0, source: 'caught_up' },
    },
    {
      name: 'caught up on an empty partition with no history',
      input: { committed: 0, highWatermark: 0, history: [] },
      expected: { seconds: 0, source: 'caught_up' },
    },
    {
      name: 'record timestamp gives the exact age',
      input: { recordTimestamp: NOW - 42_500 },
      expected: { seconds: 42.5, source: 'record' },
    },
    {
      name: 'record timestamp wins over history',
      // History alone would say 150 was appended 89.4 s ago.
      input: { recordTimestamp: NOW - 3_600_000 },
      expected: { seconds: 3_600, source: 'record' },
    },
    {
      name: 'record timestamp with no history at all',
      input: { recordTimestamp: NOW - 1_000, history: [] },
      expected: { seconds: 1, source: 'record' },
    },
    {
      name: 'record timestamp in the future (producer clock ahead) is 0, never negative',
      input: { recordTimestamp: NOW + 30_000 },
      expected: { seconds: 0, source: 'record' },
    },
    {
      name: 'record timestamp equal to now',
      input: { recordTimestamp: NOW },
      expected: { seconds: 0, source: 'record' },
    },
  ])('$name', ({ input: fields, expected }) => {
    expect(timeLag(input(fields))).toEqual(expected)
  })

  it.each<{ name: string; committed: number; history: OffsetPoint[]; seconds: number }>([
    // Record o is appended when the HWM reaches o + 1. 100 → 200 over the minute from NOW-120s to NOW-60s:
    // 151 is reached 51/100 of the way, at NOW - 120 s + 30.6 s = NOW - 89.4 s.
    { name: 'committed inside the older segment', committed: 150, history: covering, seconds: 89.4 },
    // 200 → 300 over the last minute: 250 is reached at NOW - 60 s + 30 s.
    { name: 'committed inside the newest segment', committed: 249, history: covering, seconds: 30 },
    // 101 is reached 1/100 of the way into the first minute.
    { name: 'committed at the oldest known watermark', committed: 100, history: covering, seconds: 119.4 },
    {
      name: 'record after a long silence is dated by the poll that saw it',
      committed: 500,
      // Idle at 500 for an hour, then one record seen by the poll 15 s ago.
      history: pts([500, NOW - 3_615_000], [500, NOW - 15_000], [501, NOW]),
      seconds: 0,
    },
  ])('no record timestamp, history covers: $name', ({ committed, history, seconds }) => {
    const hwm = (history[history.length - 1] as OffsetPoint).offset
    const lag = timeLag(input({ committed, history, highWatermark: hwm }))
    expect(lag.source).toBe('history')
    expect(lag.seconds).toBeCloseTo(seconds, 6)
  })

  it.each<{ name: string; committed: number; highWatermark: number; history: OffsetPoint[] }>([
    {
      // The exporter has watched the topic for an hour but nothing was appended: 100 is older than what it saw.
      name: 'idle topic: the waiting records are older than the history',
      committed: 90,
      highWatermark: 100,
      history: pts([100, NOW - 3_600_000], [100, NOW]),
    },
    {
      name: 'stopped consumer far behind the oldest known watermark',
      committed: 10,
      highWatermark: 300,
      history: covering,
    },
    { name: 'fresh exporter: no history yet', committed: 10, highWatermark: 300, history: [] },
    {
      name: 'fresh exporter: a single observation',
      committed: 10,
      highWatermark: 300,
      history: pts([300, NOW]),
    },
  ])(
    'no record timestamp, history does not cover: $name → unknown',
    ({ committed, highWatermark, history }) => {
      expect(timeLag(input({ committed, highWatermark, history }))).toEqual({
        seconds: null,
        source: 'unknown',
      })
    },
  )
})

describe('timeLag for an idle exactly-once consumer', () => {
  it('is caught up when only transaction markers follow the committed offset', () => {
    expect(
      timeLag({
        now: 10_000,
        committed: 41,
        highWatermark: 42,
        recordTimestamp: null,
        history: [],
        markersOnly: true,
      }),
    ).toEqual({ seconds: 0, source: 'caught_up' })
  })
})
