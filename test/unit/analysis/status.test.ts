import { describe, expect, it } from 'vitest'
import {
  groupStatus,
  type Observation,
  type PartitionFacts,
  partitionStatus,
  type Status,
  type StatusRules,
  type Verdict,
} from '../../../src/analysis/status.js'

const RULES: StatusRules = { allowedLag: 10, minObservations: 3 }

/** Observations 15 s apart from t=0, as [committed, lag]. */
function polls(...list: [committed: number, lag: number | null][]): Observation[] {
  return list.map(([committed, lag], i) => ({ time: i * 15_000, committed, lag }))
}

function facts(observations: Observation[], fields: Partial<PartitionFacts> = {}): PartitionFacts {
  return { observations, lost: 0, assigned: true, ...fields }
}

describe('partitionStatus', () => {
  it.each<{ name: string; facts: PartitionFacts; status: Status }>([
    { name: 'no observations', facts: facts([]), status: 'no_offset' },
    { name: 'caught up', facts: facts(polls([100, 0], [110, 0], [120, 0])), status: 'ok' },
    { name: 'lag within the allowed lag', facts: facts(polls([100, 5], [100, 8], [100, 10])), status: 'ok' },
    {
      name: 'offset unchanged but lag within allowed, nobody assigned',
      facts: facts(polls([100, 2], [100, 4], [100, 6]), { assigned: false }),
      status: 'ok',
    },
    { name: 'one observation over the allowed lag', facts: facts(polls([100, 500])), status: 'ok' },
    {
      name: 'too few observations to judge a trend',
      facts: facts(polls([100, 50], [100, 80])),
      status: 'ok',
    },
    {
      name: 'stopped: offset unchanged, lag over allowed, not assigned',
      facts: facts(polls([100, 20], [100, 30], [100, 40]), { assigned: false }),
      status: 'stopped',
    },
    {
      name: 'stopped even when the lag does not grow (idle topic, nobody reading)',
      facts: facts(polls([100, 20], [100, 20], [100, 20]), { assigned: false }),
      status: 'stopped',
    },
    {
      name: 'stalled: offset unchanged, lag over allowed, assigned',
      facts: facts(polls([100, 20], [100, 30], [100, 40]), { assigned: true }),
      status: 'stalled',
    },
    {
      name: 'lagging: offset moves, lag never decreases and grows',
      facts: facts(polls([100, 20], [105, 25], [110, 25], [115, 40])),
      status: 'lagging',
    },
    {
      name: 'ok: offset moves and lag went down at some point',
      facts: facts(polls([100, 20], [105, 30], [120, 25], [125, 40])),
      status: 'ok',
    },
    {
      name: 'ok: offset moves and lag is steady over the allowed lag',
      facts: facts(polls([100, 20], [110, 20], [120, 20])),
      status: 'ok',
    },
    {
      name: 'ok: offset moves and lag goes down',
      facts: facts(polls([100, 50], [140, 30], [170, 20])),
      status: 'ok',
    },
    {
      name: 'lagging ignores polls whose lag was unknown',
      facts: facts(polls([100, 20], [105, null], [110, 30], [115, 40])),
      status: 'lagging',
    },
    {
      name: 'rewound at the last poll',
      facts: facts(polls([100, 0], [110, 0], [50, 60])),
      status: 'rewound',
    },
    {
      name: 'rewound earlier in the window, even though caught up now',
      facts: facts(polls([100, 0], [20, 80], [60, 40], [100, 0])),
      status: 'rewound',
    },
    {
      name: 'rewound with only two observations',
      facts: facts(polls([100, 0], [99, 1])),
      status: 'rewound',
    },
    {
      name: 'data lost wins over rewound',
      facts: facts(polls([100, 0], [50, 60]), { lost: 5 }),
      status: 'data_lost',
    },
    {
      name: 'data lost wins over stopped',
      facts: facts(polls([100, 20], [100, 30], [100, 40]), { lost: 7, assigned: false }),
      status: 'data_lost',
    },
    {
      name: 'data lost wins over ok and over too few observations',
      facts: facts(polls([100, 0]), { lost: 1 }),
      status: 'data_lost',
    },
    {
      name: 'lost unknown is not data lost',
      facts: facts(polls([100, 0], [110, 0], [120, 0]), { lost: null }),
      status: 'ok',
    },
    {
      name: 'lag unknown in this poll is ok',
      facts: facts(polls([100, 20], [100, 30], [100, null]), { assigned: false }),
      status: 'ok',
    },
  ])('$name → $status', ({ facts: f, status }) => {
    expect(partitionStatus(f, RULES).status).toBe(status)
  })

  it.each<{ name: string; facts: PartitionFacts; rules?: StatusRules; expected: Verdict }>([
    {
      name: 'no observations',
      facts: facts([]),
      expected: { status: 'no_offset', reason: 'no committed offset' },
    },
    {
      name: 'within the allowed lag',
      facts: facts(polls([100, 4])),
      expected: { status: 'ok', reason: 'lag 4 is within the allowed 10' },
    },
    {
      name: 'too few polls',
      facts: facts(polls([100, 50], [100, 80])),
      expected: { status: 'ok', reason: 'lag 80; too few polls yet (2) to judge its trend' },
    },
    {
      name: 'stopped for 30 s',
      facts: facts(polls([100, 20], [100, 30], [100, 40]), { assigned: false }),
      expected: {
        status: 'stopped',
        reason: 'no member consumes it and the committed offset stayed at 100 for 30s while 40 messages wait',
      },
    },
    {
      name: 'stalled for 10 minutes (spans of 2 minutes and more are in minutes)',
      facts: facts(
        [
          { time: 0, committed: 7, lag: 100 },
          { time: 300_000, committed: 7, lag: 200 },
          { time: 600_000, committed: 7, lag: 300 },
        ],
        { assigned: true },
      ),
      expected: {
        status: 'stalled',
        reason: 'a member is assigned but the committed offset stayed at 7 for 10m while 300 messages wait',
      },
    },
    {
      name: 'lagging',
      facts: facts(polls([100, 20], [105, 25], [110, 40])),
      expected: { status: 'lagging', reason: 'consuming, but lag grew from 20 to 40 over 30s' },
    },
    {
      name: 'rewound',
      facts: facts(polls([100, 0], [110, 0], [50, 60])),
      expected: { status: 'rewound', reason: 'committed offset went back from 110 to 50' },
    },
    {
      name: 'data lost',
      facts: facts(polls([100, 0]), { lost: 5 }),
      expected: {
        status: 'data_lost',
        reason: '5 messages were deleted by retention before the group read them',
      },
    },
    {
      name: 'lag unknown',
      facts: facts(polls([100, 20], [100, 30], [100, null])),
      expected: { status: 'ok', reason: 'lag unknown in this poll' },
    },
    {
      name: 'allowed lag and minimum observations come from the rules',
      facts: facts(polls([100, 20], [100, 30]), { assigned: false }),
      rules: { allowedLag: 0, minObservations: 2 },
      expected: {
        status: 'stopped',
        reason: 'no member consumes it and the committed offset stayed at 100 for 15s while 30 messages wait',
      },
    },
  ])('reason: $name', ({ facts: f, rules, expected }) => {
    expect(partitionStatus(f, rules ?? RULES)).toEqual(expected)
  })
})

describe('groupStatus', () => {
  const v = (status: Status, reason = `${status} reason`): Verdict => ({ status, reason })

  it.each<{ name: string; partitions: { name: string; verdict: Verdict }[]; expected: Verdict }>([
    {
      name: 'no partitions',
      partitions: [],
      expected: { status: 'no_offset', reason: 'no committed offsets' },
    },
    {
      name: 'all ok',
      partitions: [
        { name: 't/0', verdict: v('ok') },
        { name: 't/1', verdict: v('ok') },
        { name: 'u/0', verdict: v('ok') },
      ],
      expected: { status: 'ok', reason: '3 committed partitions ok' },
    },
    {
      name: 'uncommitted partitions do not hide ok ones',
      partitions: [
        { name: 't', verdict: v('no_offset') },
        { name: 't/1', verdict: v('ok') },
        { name: 't', verdict: v('no_offset') },
      ],
      expected: { status: 'ok', reason: '1 committed partitions ok' },
    },
    {
      name: 'only uncommitted partitions',
      partitions: [
        { name: 't', verdict: v('no_offset', 'a partition has no committed offset') },
        { name: 't', verdict: v('no_offset', 'a partition has no committed offset') },
      ],
      expected: {
        status: 'no_offset',
        reason: 't: a partition has no committed offset (and 1 more partitions)',
      },
    },
    {
      name: 'the single worst partition',
      partitions: [
        { name: 't/0', verdict: v('ok') },
        { name: 't/1', verdict: v('lagging', 'lag grew') },
        { name: 't/2', verdict: v('ok') },
      ],
      expected: { status: 'lagging', reason: 't/1: lag grew' },
    },
    {
      name: 'the worst wins and counts the others with the same status',
      partitions: [
        { name: 't/0', verdict: v('lagging') },
        { name: 't/1', verdict: v('stopped', 'nobody reads t/1') },
        { name: 't/2', verdict: v('rewound') },
        { name: 't/3', verdict: v('stopped', 'nobody reads t/3') },
        { name: 'u/0', verdict: v('stopped', 'nobody reads u/0') },
      ],
      expected: { status: 'stopped', reason: 't/1: nobody reads t/1 (and 2 more partitions)' },
    },
    {
      name: 'data lost is worse than stopped',
      partitions: [
        { name: 't/0', verdict: v('stopped') },
        { name: 't/1', verdict: v('data_lost', '3 messages were deleted') },
      ],
      expected: { status: 'data_lost', reason: 't/1: 3 messages were deleted' },
    },
  ])('$name', ({ partitions, expected }) => {
    expect(groupStatus(partitions)).toEqual(expected)
  })

  // Severity, worst first: a group with one partition of each of two statuses takes the first.
  const ORDER: Status[] = ['data_lost', 'stopped', 'stalled', 'rewound', 'lagging', 'ok', 'no_offset']
  const pairs = ORDER.flatMap((worse, i) => ORDER.slice(i + 1).map((better) => ({ worse, better })))
  it.each(pairs)('$worse ranks above $better', ({ worse, better }) => {
    for (const order of [
      [better, worse],
      [worse, better],
    ]) {
      const status = groupStatus(order.map((s, i) => ({ name: `t/${i}`, verdict: v(s) }))).status
      expect(status).toBe(worse)
    }
  })
})

describe('partitionStatus needs most of the window before judging a trend', () => {
  const obs = (n: number, stepMs: number) =>
    Array.from({ length: n }, (_, i) => ({ time: i * stepMs, committed: 100, lag: 10 + i }))

  it.each([
    // A group committing every few minutes, seen for 45 s after kafkascope started: not stalled yet.
    { name: 'four polls over 45 s of a 10 m window', observations: obs(4, 15_000), status: 'ok' },
    { name: 'the whole 10 m window', observations: obs(41, 15_000), status: 'stalled' },
  ])('$name → $status', ({ observations, status }) => {
    const verdict = partitionStatus(
      { observations, lost: 0, assigned: true },
      { allowedLag: 0, minObservations: 3, minSpanMs: 480_000 },
    )
    expect(verdict.status).toBe(status)
  })

  it('says why it does not judge yet', () => {
    const verdict = partitionStatus(
      { observations: obs(4, 15_000), lost: 0, assigned: true },
      { allowedLag: 0, minObservations: 3, minSpanMs: 480_000 },
    )
    expect(verdict.reason).toBe('lag 13; only 45s observed yet, too little to judge its trend')
  })
})

describe('partitionStatus for an idle exactly-once consumer', () => {
  it('is ok, not stalled, when only transaction markers wait', () => {
    const observations = Array.from({ length: 41 }, (_, i) => ({ time: i * 15_000, committed: 41, lag: 1 }))
    const verdict = partitionStatus(
      { observations, lost: 0, assigned: true, markersOnly: true },
      { allowedLag: 0, minObservations: 3, minSpanMs: 480_000 },
    )
    expect(verdict).toEqual({
      status: 'ok',
      reason: 'caught up: only transaction markers follow the committed offset',
    })
  })
})
