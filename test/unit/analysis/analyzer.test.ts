import { describe, expect, it } from 'vitest'
import {
  type AnalysisOptions,
  type AnalysisState,
  type AnalyzedGroup,
  type AnalyzedPartition,
  analyze,
  EMPTY_STATE,
} from '../../../src/analysis/analyzer.js'
import { unpackWindow, windowOf } from '../../../src/analysis/observation-window.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import type { MemberRecord } from '../../../src/kafka/types.js'
import { commits, group, member, partition, snapshot, topic } from '../../fakes/snapshot.js'
import { said } from './support/said.js'

const T0 = 1_700_000_000_000
const POLL = 15_000
const OPTS: AnalysisOptions = {
  // Trends need 80 % of the window observed: 30 s, i.e. from the third poll on, as these tables expect.
  statusWindowMs: 37_500,
  allowedLag: 0,
  inactiveGraceMs: 60_000,
  minObservations: 3,
}

interface Poll {
  /** High watermark of orders/0; null = unknown this poll. */
  readonly hwm: number | null
  /** Committed offset of group app on orders/0. */
  readonly committed: number
  /** Timestamp of the record at the committed offset. */
  readonly ts?: number
  /** Members of app; default none. null = could not be described. */
  readonly members?: MemberRecord[] | null
  readonly up?: boolean
}

/** Poll i at T0 + i × 15 s: one topic "orders" with one partition, one group "app". */
function at(i: number, p: Poll): Snapshot {
  return snapshot({
    startedAt: T0 + i * POLL,
    up: p.up ?? true,
    topics: [topic('orders', [partition(0, { earliest: 0, latest: p.hwm })])],
    groups: [
      group('app', {
        members: p.members === undefined ? [] : p.members,
        offsets: commits(p.ts === undefined ? ['orders', 0, p.committed] : ['orders', 0, p.committed, p.ts]),
      }),
    ],
  })
}

/** Analyses the polls in order (null: no poll in that 15 s slot), returning group "app" after each. */
function run(polls: readonly (Poll | null)[], opts: AnalysisOptions = OPTS) {
  let state: AnalysisState = EMPTY_STATE
  const groups: AnalyzedGroup[] = []
  const states: AnalysisState[] = []
  polls.forEach((p, i) => {
    if (p === null) return
    const result = analyze(state, at(i, p), opts)
    state = result.state
    states.push(state)
    groups.push(app(result.groups))
  })
  return { groups, states }
}

function app(groups: readonly AnalyzedGroup[]): AnalyzedGroup {
  const g = groups.find((x) => x.group.groupId === 'app')
  if (!g) throw new Error('group app not analysed')
  return g
}

function only(g: AnalyzedGroup): AnalyzedPartition {
  expect(g.topics).toHaveLength(1)
  expect(g.topics[0]?.partitions).toHaveLength(1)
  return g.topics[0]?.partitions[0] as AnalyzedPartition
}

const assigned = [member('m1', [['orders', 0]])]

describe('analyze: status over polls', () => {
  it.each<{ name: string; polls: Poll[]; statuses: (string | null)[] }>([
    {
      name: 'stopped while the offset stays and nobody is a member, ok again once commits catch up',
      polls: [
        { hwm: 110, committed: 100 },
        { hwm: 120, committed: 100 },
        { hwm: 130, committed: 100 },
        { hwm: 140, committed: 100 },
        { hwm: 150, committed: 150 },
        { hwm: 160, committed: 160 },
      ],
      // Grace is long here so that being memberless does not hide the verdict.
      statuses: ['unknown', 'unknown', 'stopped', 'stopped', 'ok', 'ok'],
    },
    {
      name: 'stopped, then ok once commits resume and lag falls without catching up',
      polls: [
        { hwm: 110, committed: 100 },
        { hwm: 120, committed: 100 },
        { hwm: 130, committed: 100 },
        { hwm: 140, committed: 135 },
        { hwm: 150, committed: 147 },
      ],
      // One commit in the window is no trend yet ("unknown"); two that bring lag down are ok.
      statuses: ['unknown', 'unknown', 'stopped', 'unknown', 'ok'],
    },
    {
      name: 'stalled while a member is assigned but does not commit',
      polls: [
        { hwm: 110, committed: 100, members: assigned },
        { hwm: 120, committed: 100, members: assigned },
        { hwm: 130, committed: 100, members: assigned },
        { hwm: 130, committed: 130, members: assigned },
      ],
      statuses: ['unknown', 'unknown', 'stalled', 'ok'],
    },
    {
      name: 'rewound while the reset is in the window',
      polls: [
        { hwm: 100, committed: 100, members: assigned },
        { hwm: 100, committed: 0, members: assigned },
        { hwm: 100, committed: 100, members: assigned },
      ],
      statuses: ['ok', 'rewound', 'rewound'],
    },
  ])('$name', ({ polls, statuses }) => {
    const { groups } = run(polls, { ...OPTS, inactiveGraceMs: 3_600_000 })
    expect(groups.map((g) => g.verdict?.status ?? null)).toEqual(statuses)
  })

  it('says which partition is stopped and for how long', () => {
    const { groups } = run(
      [
        { hwm: 110, committed: 100 },
        { hwm: 120, committed: 100 },
        { hwm: 130, committed: 100 },
      ],
      { ...OPTS, inactiveGraceMs: 3_600_000 },
    )
    expect(said(groups[2]?.verdict)).toEqual({
      status: 'stopped',
      reason:
        'orders/0: no member consumes it and the committed offset stayed at 100 for 30s while 30 messages wait',
    })
  })

  it('the status window forgets observations older than statusWindowMs', () => {
    // Rewound between poll 0 and poll 1; with a 30 s window, poll 3 (45 s after poll 0) no longer sees poll 0.
    const { groups } = run(
      [
        { hwm: 100, committed: 100, members: assigned },
        { hwm: 100, committed: 0, members: assigned },
        { hwm: 100, committed: 50, members: assigned },
        { hwm: 100, committed: 100, members: assigned },
        { hwm: 100, committed: 100, members: assigned },
      ],
      { ...OPTS, statusWindowMs: 30_000 },
    )
    expect(groups.map((g) => g.verdict?.status)).toEqual(['ok', 'rewound', 'rewound', 'ok', 'ok'])
  })
})

describe('analyze: what the status learns across polls', () => {
  const WINDOW: AnalysisOptions = { ...OPTS, statusWindowMs: 600_000, inactiveGraceMs: 3_600_000 }

  it('a memberless group that commits between memberless polls (assign()) is not called stopped after 3 polls', () => {
    const { groups, states } = run(
      [
        { hwm: 110, committed: 100 },
        { hwm: 120, committed: 105 },
        { hwm: 130, committed: 105 },
        { hwm: 140, committed: 105 },
        { hwm: 150, committed: 105 },
      ],
      WINDOW,
    )
    expect(states[1]?.memberlessCommitAt?.get('app')).toBe(T0 + POLL)
    // Without that commit, the 3rd unmoved poll would be stopped; with it, the window must show it.
    expect(groups.map((g) => g.verdict?.status)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ])
  })

  it('the final commit of consumers leaving does not count as committing without members', () => {
    const { groups, states } = run(
      [
        { hwm: 110, committed: 100, members: assigned },
        { hwm: 120, committed: 110 },
        { hwm: 130, committed: 110 },
        { hwm: 140, committed: 110 },
      ],
      WINDOW,
    )
    expect(states[1]?.memberlessCommitAt?.has('app')).toBe(false)
    expect(groups[3]?.verdict?.status).toBe('stopped')
  })

  it('a clock stepped back restarts the window instead of judging across the step', () => {
    let state: AnalysisState = EMPTY_STATE
    const statuses: string[] = []
    for (const [i, p] of [
      [0, { hwm: 110, committed: 100 }],
      [1, { hwm: 120, committed: 100 }],
      [2, { hwm: 130, committed: 100 }],
      [-10, { hwm: 140, committed: 100 }],
    ] as const) {
      const result = analyze(state, at(i, p), WINDOW)
      state = result.state
      statuses.push(app(result.groups).verdict?.status ?? 'none')
    }
    expect(statuses).toEqual(['unknown', 'unknown', 'stopped', 'unknown'])
    expect(unpackWindow(windowOf(state.observations.get('app')?.get('orders'), 0))).toHaveLength(1)
  })
})

describe('analyze: a slow member serving two partitions in turn', () => {
  it('is lagging, not stalled, and the topic sum tells how fast it falls behind', () => {
    // 20 messages/poll arrive on each partition; the member commits 30 on one partition per poll, alternating.
    const member2 = [
      member('m1', [
        ['orders', 0],
        ['orders', 1],
      ]),
    ]
    let state: AnalysisState = EMPTY_STATE
    let last: AnalyzedGroup | undefined
    const committed = [0, 0]
    for (let i = 0; i < 48; i++) {
      if (i % 8 < 4) committed[0] = (committed[0] as number) + (i % 8 === 0 ? 120 : 0)
      else committed[1] = (committed[1] as number) + (i % 8 === 4 ? 120 : 0)
      const hwm = 20 * (i + 1)
      const result = analyze(
        state,
        snapshot({
          startedAt: T0 + i * POLL,
          topics: [
            topic('orders', [
              partition(0, { earliest: 0, latest: hwm }),
              partition(1, { earliest: 0, latest: hwm }),
            ]),
          ],
          groups: [
            group('app', {
              members: member2,
              offsets: commits(['orders', 0, committed[0] as number], ['orders', 1, committed[1] as number]),
            }),
          ],
        }),
        { ...OPTS, statusWindowMs: 600_000 },
      )
      state = result.state
      last = app(result.groups)
    }
    expect(last?.verdict?.status).toBe('lagging')
    expect(last?.verdict?.reason).toMatch(/over the topic's committed partitions, lag grew \d+ messages/)
    // 120 per 8 polls (2 min) on each of 2 partitions consumed; 20 per 15 s on each arrive.
    expect(last?.verdict?.reason).toMatch(/; consuming 2\/s while 2\.7\/s arrive \(and 1 more partitions\)$/)
  })
})

describe('analyze: lag in seconds', () => {
  it.each<{ name: string; polls: Poll[]; seconds: (number | null)[]; sources: string[] }>([
    {
      name: 'from the record timestamp, from the first poll',
      polls: [
        { hwm: 100, committed: 90, ts: T0 - 42_000 },
        { hwm: 110, committed: 90, ts: T0 - 42_000 },
      ],
      seconds: [42, 57],
      sources: ['record', 'record'],
    },
    {
      name: 'caught up is 0 whatever the timestamp',
      polls: [{ hwm: 100, committed: 100, ts: T0 - 42_000 }],
      seconds: [0],
      sources: ['caught_up'],
    },
    {
      // Poll 0 and 1 see HWM 100 (caught up, idle). Poll 2 at +30 s sees 130: record 100 made the HWM 101, 1/30
      // of the way from +15 s to +30 s, i.e. at +15.5 s; 14.5 s before poll 2.
      name: 'from the watermark history on the 3rd poll, without record timestamps',
      polls: [
        { hwm: 100, committed: 100 },
        { hwm: 100, committed: 100 },
        { hwm: 130, committed: 100 },
      ],
      seconds: [0, 0, 14.5],
      sources: ['caught_up', 'caught_up', 'history'],
    },
    {
      // Record 110 made the HWM 111: 11/20 of the way from poll 0 (HWM 100) to poll 1 (HWM 120) = +8.25 s.
      name: 'from history, the committed record dated once and ageing with each poll',
      polls: [
        { hwm: 100, committed: 100 },
        { hwm: 120, committed: 110 },
        { hwm: 140, committed: 110 },
        { hwm: 140, committed: 110 },
      ],
      seconds: [0, 6.75, 21.75, 36.75],
      sources: ['caught_up', 'history', 'history', 'history'],
    },
    {
      name: 'unknown while the committed record is older than the history',
      polls: [
        { hwm: 100, committed: 50 },
        { hwm: 110, committed: 50 },
        { hwm: 120, committed: 50 },
      ],
      seconds: [null, null, null],
      sources: ['unknown', 'unknown', 'unknown'],
    },
    {
      name: 'unknown while the high watermark is unknown; history kept across it',
      polls: [
        { hwm: 100, committed: 100 },
        { hwm: null, committed: 100 },
        // Record 100 made the HWM 101 at 1/20 of poll 0 → poll 2 (30 s) = +1.5 s.
        { hwm: 120, committed: 100 },
      ],
      seconds: [0, null, 28.5],
      sources: ['caught_up', 'unknown', 'history'],
    },
  ])('$name', ({ polls, seconds, sources }) => {
    const { groups } = run(polls)
    const lags = groups.map((g) => only(g).timeLag)
    expect(lags.map((l) => l.source)).toEqual(sources)
    lags.forEach((l, i) => {
      const expected = seconds[i]
      if (expected === null || expected === undefined) expect(l.seconds).toBeNull()
      else expect(l.seconds).toBeCloseTo(expected, 6)
    })
  })
})

describe('analyze: memberless groups', () => {
  it('keeps the verdict for inactiveGraceMs, then drops it while its lag stays', () => {
    // Grace 60 s; memberless from poll 0 (T0). Poll 4 is exactly 60 s later, poll 5 is past the grace.
    const { groups } = run(
      Array.from({ length: 6 }, (_, i) => ({ hwm: 100 + i, committed: 90 })),
      { ...OPTS, inactiveGraceMs: 60_000 },
    )
    expect(groups.map((g) => g.inactiveSince)).toEqual(Array(6).fill(T0))
    expect(groups.map((g) => g.verdict === null)).toEqual([false, false, false, false, false, true])
    expect(groups.map((g) => g.maxLag)).toEqual([10, 11, 12, 13, 14, 15])
  })

  it('a memberless group that keeps committing (assign(): Flink, Spark) stays active until its offsets stop', () => {
    // Commits on polls 0-6, then stops; grace 45 s = 3 polls after the last commit.
    const polls: Poll[] = Array.from({ length: 12 }, (_, i) => ({
      hwm: 200 + 10 * i,
      committed: 100 + 10 * Math.min(i, 6),
    }))
    const { groups } = run(polls, { ...OPTS, inactiveGraceMs: 45_000 })
    expect(groups.map((g) => g.inactiveSince)).toEqual([
      T0,
      ...Array.from({ length: 6 }, (_, i) => T0 + (i + 1) * POLL),
      ...Array(5).fill(T0 + 6 * POLL),
    ])
    // The verdict stays while it commits and for the grace after, then goes.
    expect(groups.map((g) => g.verdict === null)).toEqual([...Array(10).fill(false), true, true])
  })

  it('a group that regains members is active again, and its timer restarts if it loses them later', () => {
    const polls: Poll[] = [
      { hwm: 100, committed: 90 },
      { hwm: 100, committed: 90 },
      { hwm: 100, committed: 90 },
      { hwm: 100, committed: 90 },
      { hwm: 100, committed: 90 },
      { hwm: 100, committed: 90, members: assigned },
      { hwm: 100, committed: 95 },
    ]
    const { groups, states } = run(polls, { ...OPTS, inactiveGraceMs: 45_000 })
    expect(groups.map((g) => g.inactiveSince)).toEqual([T0, T0, T0, T0, T0, null, T0 + 6 * POLL])
    expect(groups.map((g) => g.verdict === null)).toEqual([false, false, false, false, true, false, false])
    expect(states[5]?.inactiveSince.has('app')).toBe(false)
  })
})

describe('analyze: failed polls', () => {
  const good: Poll[] = [
    { hwm: 100, committed: 100 },
    { hwm: 120, committed: 105 },
    { hwm: 140, committed: 105 },
  ]

  it('returns the state it was given when the poll failed', () => {
    const { states } = run(good)
    const before = states[2] as AnalysisState
    const failed = analyze(before, at(3, { hwm: 999, committed: 0, up: false }), OPTS)
    expect(failed.state).toBe(before)
  })

  it('a failed poll in the middle changes nothing that later polls see', () => {
    const next: Poll = { hwm: 160, committed: 105 }
    const without = run([...good, null, next])
    // A failed poll whose (stale or partial) data would have rewound offsets and reset the history.
    const withFailure = run([...good, { hwm: 5, committed: 0, up: false, members: assigned }, next])
    const last = (r: ReturnType<typeof run>) => r.states[r.states.length - 1] as AnalysisState
    expect(last(withFailure)).toEqual(last(without))
    expect(withFailure.groups[4]).toEqual(without.groups[3])
  })
})

describe('analyze: maxima', () => {
  const snap = snapshot({
    startedAt: T0,
    topics: [
      topic('orders', [
        partition(0, { latest: 100 }),
        partition(1, { latest: 200 }),
        partition(2, { latest: null }),
      ]),
      topic('payments', [partition(0, { latest: 50 }), partition(1, { latest: 60 })]),
      topic('audit', [partition(0, { latest: 10 })]),
    ],
    groups: [
      group('app', {
        offsets: commits(
          ['orders', 0, 90, T0 - 30_000], // lag 10, 30 s
          ['orders', 1, 150, T0 - 5_000], // lag 50, 5 s
          ['orders', 2, 10, T0 - 999_000], // lag unknown: seconds unknown too
          ['payments', 0, 20, T0 - 120_000], // lag 30, 120 s
          ['payments', 1, 60], // caught up, 0 s
          ['audit', 0, 3], // lag 7, no timestamp and no history: seconds unknown
        ),
      }),
    ],
  })
  const g = app(analyze(EMPTY_STATE, snap, OPTS).groups)
  const topicMax = (name: string) => {
    const t = g.topics.find((x) => x.topic === name)
    if (!t) throw new Error(`topic ${name} not analysed`)
    return t.maxLagSeconds
  }

  it.each<{ name: string; actual: () => number | null; expected: number | null }>([
    { name: 'group maxLag is the largest known partition lag', actual: () => g.maxLag, expected: 50 },
    { name: 'group maxLagSeconds is the oldest known wait', actual: () => g.maxLagSeconds, expected: 120 },
    { name: 'orders maxLagSeconds', actual: () => topicMax('orders'), expected: 30 },
    { name: 'payments maxLagSeconds', actual: () => topicMax('payments'), expected: 120 },
    { name: 'audit maxLagSeconds (all unknown)', actual: () => topicMax('audit'), expected: null },
  ])('$name', ({ actual, expected }) => {
    expect(actual()).toBe(expected)
  })

  it('a group with no known lag has null maxima', () => {
    const s = snapshot({
      startedAt: T0,
      topics: [topic('orders', [partition(0, { latest: null })])],
      groups: [group('app', { offsets: commits(['orders', 0, 5]) })],
    })
    const a = app(analyze(EMPTY_STATE, s, OPTS).groups)
    expect([a.maxLag, a.maxLagSeconds]).toEqual([null, null])
  })
})
