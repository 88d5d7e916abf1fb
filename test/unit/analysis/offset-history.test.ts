import { describe, expect, it } from 'vitest'
import {
  appendTime,
  MAX_POINTS,
  type OffsetPoint,
  recordPoint,
} from '../../../src/analysis/offset-history.js'

/** Folds observations (offset, time) into a history, as one poll after another would. */
function build(observations: readonly (readonly [offset: number, time: number])[], maxPoints?: number) {
  let history: OffsetPoint[] = []
  for (const [offset, time] of observations) history = recordPoint(history, { offset, time }, maxPoints)
  return history
}

const pts = (...list: [offset: number, time: number][]): OffsetPoint[] =>
  list.map(([offset, time]) => ({ offset, time }))

describe('recordPoint', () => {
  it.each<{ name: string; observations: [number, number][]; expected: OffsetPoint[] }>([
    { name: 'first point starts the history', observations: [[100, 0]], expected: pts([100, 0]) },
    {
      name: 'growth appends a point',
      observations: [
        [100, 0],
        [150, 15_000],
        [175, 30_000],
      ],
      expected: pts([100, 0], [150, 15_000], [175, 30_000]),
    },
    {
      name: 'two observations at the same offset are both kept (start and end of the plateau)',
      observations: [
        [100, 0],
        [100, 15_000],
      ],
      expected: pts([100, 0], [100, 15_000]),
    },
    {
      name: 'a plateau keeps its first point and moves its last point forward',
      observations: [
        [100, 0],
        [100, 15_000],
        [100, 30_000],
      ],
      expected: pts([100, 0], [100, 30_000]),
    },
    {
      name: 'a long plateau after growth is still two points',
      observations: [
        [0, 0],
        [100, 15_000],
        [100, 30_000],
        [100, 45_000],
        [100, 60_000],
      ],
      expected: pts([0, 0], [100, 15_000], [100, 60_000]),
    },
    {
      name: 'growth after a plateau keeps both ends of the plateau',
      observations: [
        [100, 0],
        [100, 15_000],
        [100, 600_000],
        [110, 615_000],
      ],
      expected: pts([100, 0], [100, 600_000], [110, 615_000]),
    },
    {
      name: 'a watermark going back (truncation, recreated topic) drops the old history',
      observations: [
        [100, 0],
        [200, 15_000],
        [50, 30_000],
      ],
      expected: pts([50, 30_000]),
    },
    {
      name: 'an observation at the same time as the last one is ignored',
      observations: [
        [100, 0],
        [200, 15_000],
        [250, 15_000],
      ],
      expected: pts([100, 0], [200, 15_000]),
    },
    {
      name: 'an observation older than the last one is ignored',
      observations: [
        [100, 0],
        [200, 15_000],
        [250, 10_000],
      ],
      expected: pts([100, 0], [200, 15_000]),
    },
  ])('$name', ({ observations, expected }) => {
    expect(build(observations)).toEqual(expected)
  })

  it('does not modify the history it is given', () => {
    const history = pts([100, 0], [100, 15_000])
    const copy = structuredClone(history)
    recordPoint(history, { offset: 100, time: 30_000 })
    recordPoint(history, { offset: 200, time: 45_000 })
    recordPoint(history, { offset: 10, time: 60_000 })
    expect(history).toEqual(copy)
  })

  describe('thinning', () => {
    it.each<{ name: string; observations: [number, number][]; maxPoints: number; expected: OffsetPoint[] }>([
      {
        // Interior candidates: (10,50) is 20 ms off the line (0,0)-(20,60); (20,60) lies on (10,50)-(30,70);
        // (30,70) is 60 ms off (20,60)-(40,200). (20,60) is the one interpolation does not need.
        name: 'drops the interior point that interpolation can best do without',
        observations: [
          [0, 0],
          [10, 50],
          [20, 60],
          [30, 70],
          [40, 200],
        ],
        maxPoints: 4,
        expected: pts([0, 0], [10, 50], [30, 70], [40, 200]),
      },
      {
        // (100,15000) is the end of fast growth and (100,600000) the start of the next: both carry information,
        // while (50,7500) is exactly halfway on the line from (0,0) to (100,15000).
        name: 'keeps both ends of a plateau and drops a point on a straight line',
        observations: [
          [0, 0],
          [50, 7_500],
          [100, 15_000],
          [100, 600_000],
          [110, 615_000],
        ],
        maxPoints: 4,
        expected: pts([0, 0], [100, 15_000], [100, 600_000], [110, 615_000]),
      },
    ])('$name', ({ observations, maxPoints, expected }) => {
      expect(build(observations, maxPoints)).toEqual(expected)
    })

    it.each<{ name: string; polls: number; rate: (i: number) => number }>([
      { name: 'steady rate', polls: 500, rate: () => 150 },
      { name: 'rate changing every 20 polls', polls: 500, rate: (i) => 10 + ((i / 20) | 0) * 7 },
      { name: 'alternating bursts and silence', polls: 500, rate: (i) => (i % 10 < 3 ? 1000 : 0) },
    ])('$name: stays at MAX_POINTS and keeps the first and last observations', ({ polls, rate }) => {
      const observations: [number, number][] = []
      let offset = 0
      for (let i = 0; i < polls; i++) {
        observations.push([offset, i * 15_000])
        offset += rate(i)
      }
      const history = build(observations)
      expect(history.length).toBeLessThanOrEqual(MAX_POINTS)
      expect(history[0]).toEqual({ offset: 0, time: 0 })
      const last = observations[observations.length - 1] as [number, number]
      expect(history[history.length - 1]).toEqual({ offset: last[0], time: last[1] })
      // Still ordered, so interpolation stays meaningful.
      for (let i = 1; i < history.length; i++) {
        const prev = history[i - 1] as OffsetPoint
        const cur = history[i] as OffsetPoint
        expect(cur.time).toBeGreaterThan(prev.time)
        expect(cur.offset).toBeGreaterThanOrEqual(prev.offset)
      }
    })

    // The module's promise: "Plateaus keep their first and last points, so an offset appended after hours of silence
    // is dated to the poll that first saw it". It must hold when the history is already full, too.
    it.each<{ name: string; maxPoints: number; bursts: number }>([
      { name: 'tiny history (4 points)', maxPoints: 4, bursts: 1 },
      { name: 'MAX_POINTS history full of older bursts', maxPoints: MAX_POINTS, bursts: 40 },
    ])(
      '$name: a plateau that starts when the history is full keeps its first point',
      ({ maxPoints, bursts }) => {
        // `bursts` bursts of 1000 records, each seen by one poll and followed by 10 idle minutes.
        const observations: [number, number][] = [[0, 0]]
        const poll = (offset: number) => {
          const last = observations[observations.length - 1] as [number, number]
          observations.push([offset, last[1] + 15_000])
          return last[1] + 15_000
        }
        let offset = 0
        for (let b = 0; b < bursts; b++) {
          offset += 1_000
          for (let i = 0; i <= 40; i++) poll(offset)
        }
        // Then 10 records, first seen by the poll at `seenAt`, and an hour of silence.
        offset += 10
        const seenAt = poll(offset)
        for (let i = 0; i < 240; i++) poll(offset)
        const history = build(observations, maxPoints)

        // The last of the 10 records was appended after the poll before `seenAt` and by `seenAt`.
        const dated = appendTime(history, offset - 1) as number
        expect(dated).toBeGreaterThan(seenAt - 15_000)
        expect(dated).toBeLessThanOrEqual(seenAt)
        expect(history).toContainEqual({ offset, time: seenAt })
      },
    )

    it('a steady rate series still dates offsets across the whole time span exactly', () => {
      // 150 messages per 15 s poll for 500 polls: offset o is appended when the HWM passes o + 1, i.e. at
      // (o + 1) / 150 * 15 s = (o + 1) * 100 ms.
      const observations: [number, number][] = []
      for (let i = 0; i < 500; i++) observations.push([i * 150, i * 15_000])
      const history = build(observations)
      expect(history).toHaveLength(MAX_POINTS)
      for (const offset of [0, 149, 1_000, 37_499, 50_000, 74_000, 74_849]) {
        expect(appendTime(history, offset)).toBeCloseTo((offset + 1) * 100, 6)
      }
    })
  })
})

describe('appendTime', () => {
  // HWM 100 at t=0, 200 at t=10 s, 300 at t=30 s.
  const history = pts([100, 0], [200, 10_000], [300, 30_000])

  it.each<{ name: string; history: OffsetPoint[]; offset: number; expected: number | null }>([
    // Record o is appended when the HWM reaches o + 1; the HWM grows linearly between observations.
    { name: 'offset inside the first segment', history, offset: 149, expected: 5_000 },
    { name: 'offset inside the second segment', history, offset: 249, expected: 20_000 },
    { name: 'offset equal to the first point', history, offset: 100, expected: 100 },
    { name: 'offset equal to an interior point', history, offset: 200, expected: 10_200 },
    { name: 'last offset of a segment is appended at its end', history, offset: 199, expected: 10_000 },
    { name: 'last offset of the history', history, offset: 299, expected: 30_000 },
    { name: 'offset older than the history', history, offset: 99, expected: null },
    { name: 'offset much older than the history', history, offset: 0, expected: null },
    { name: 'offset not yet appended (equal to the HWM)', history, offset: 300, expected: null },
    { name: 'offset beyond the HWM', history, offset: 1_000, expected: null },
    { name: 'empty history', history: [], offset: 0, expected: null },
    { name: 'single point', history: pts([100, 0]), offset: 100, expected: null },
    {
      name: 'plateau only: nothing appended during it',
      history: pts([100, 0], [100, 60_000]),
      offset: 100,
      expected: null,
    },
  ])('$name', ({ history: h, offset, expected }) => {
    const actual = appendTime(h, offset)
    if (expected === null) expect(actual).toBeNull()
    else expect(actual).toBeCloseTo(expected, 6)
  })

  describe('after an idle plateau', () => {
    // 100 records, then 10 minutes of silence (polls every 15 s), then 10 records seen by the poll at 615 s.
    const polls: [number, number][] = [[0, 0]]
    for (let t = 15_000; t <= 600_000; t += 15_000) polls.push([100, t])
    polls.push([110, 615_000])
    const h = build(polls)

    it.each<{ name: string; offset: number }>([
      { name: 'first record after the silence', offset: 100 },
      { name: 'middle record after the silence', offset: 105 },
      { name: 'last record after the silence', offset: 109 },
    ])('$name is dated within the last poll interval, not in the silence', ({ offset }) => {
      const t = appendTime(h, offset)
      expect(t).not.toBeNull()
      expect(t as number).toBeGreaterThan(600_000)
      expect(t as number).toBeLessThanOrEqual(615_000)
    })

    it('the last record after the silence is dated to the poll that first saw it', () => {
      expect(appendTime(h, 109)).toBe(615_000)
    })

    it('a record of the first burst is still dated inside the first poll interval', () => {
      const t = appendTime(h, 50) as number
      expect(t).toBeGreaterThan(0)
      expect(t).toBeLessThanOrEqual(15_000)
    })
  })
})
