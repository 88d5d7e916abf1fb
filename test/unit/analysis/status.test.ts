import { describe, expect, it } from 'vitest'
import { ObservationWindow } from '../../../src/analysis/observation-window.js'
import {
  groupStatus,
  type Judged,
  type Observation,
  type PartitionFacts,
  partitionStatus,
  type Status,
  type StatusRules,
  type Verdict,
} from '../../../src/analysis/status.js'
import { bursty, type ConsumerSim, simulate } from './support/consumer-sim.js'
import { said } from './support/said.js'

const RULES: StatusRules = { allowedLag: 10, windowMs: 600_000, minObservations: 3 }

/** Observations 15 s apart from t=0, as [committed, lag]. */
function polls(...list: [committed: number, lag: number | null][]): Observation[] {
  return list.map(([committed, lag], i) => ({ time: i * 15_000, committed, lag }))
}

/** `n` polls 15 s apart of a partition whose offset holds at 100 while lag grows. */
function still(n: number, lagSeconds: number | null = null): Observation[] {
  return Array.from({ length: n }, (_, i) => ({
    time: i * 15_000,
    committed: 100,
    lag: 20 + i,
    lagSeconds: lagSeconds === null ? null : lagSeconds + i * 15,
  }))
}

function facts(observations: Observation[], fields: Partial<PartitionFacts> = {}): PartitionFacts {
  return { observations: ObservationWindow.of(observations), lost: 0, assigned: true, ...fields }
}

describe('partitionStatus on single facts', () => {
  it.each<{ name: string; facts: PartitionFacts; status: Status }>([
    { name: 'no observations', facts: facts([]), status: 'no_offset' },
    { name: 'caught up', facts: facts(polls([100, 0], [110, 0], [120, 0])), status: 'ok' },
    { name: 'lag within the allowed lag', facts: facts(polls([100, 5], [100, 8], [100, 10])), status: 'ok' },
    {
      name: 'offset unchanged but lag within allowed, nobody assigned',
      facts: facts(polls([100, 2], [100, 4], [100, 6]), { assigned: false }),
      status: 'ok',
    },
    {
      name: 'one observation over the allowed lag is not judged',
      facts: facts(polls([100, 500])),
      status: 'unknown',
    },
    {
      name: 'consuming for 45 s is not judged',
      facts: facts(polls([100, 20], [105, 25], [110, 40], [115, 60])),
      status: 'unknown',
    },
    {
      name: 'stopped: memberless, unmoved for 3 polls',
      facts: facts(still(3), { assigned: false }),
      status: 'stopped',
    },
    {
      name: 'not yet stopped after 2 polls',
      facts: facts(still(2), { assigned: false }),
      status: 'unknown',
    },
    {
      name: 'stopped at once: memberless, the waiting record is older than the window',
      facts: facts(still(1, 3600), { assigned: false }),
      status: 'stopped',
    },
    {
      name: 'memberless but something commits without members: 3 polls are not enough',
      facts: facts(still(3), { assigned: false, commitsWithoutMembers: true }),
      status: 'unknown',
    },
    {
      name: 'memberless, commits without members, record older than the window, 3 polls',
      facts: facts(still(3, 3600), { assigned: false, commitsWithoutMembers: true }),
      status: 'stopped',
    },
    {
      name: 'memberless, commits without members, unmoved for the window',
      facts: facts(still(41), { assigned: false, commitsWithoutMembers: true }),
      status: 'stopped',
    },
    {
      name: 'assigned, unmoved for 3 polls, young record: not judged',
      facts: facts(still(3, 20)),
      status: 'unknown',
    },
    { name: 'stalled: assigned, unmoved for the window', facts: facts(still(41)), status: 'stalled' },
    {
      name: 'stalled: assigned, unmoved for 3 polls, record older than the window',
      facts: facts(still(3, 900)),
      status: 'stalled',
    },
    { name: 'assigned, old record, but only one poll', facts: facts(still(1, 900)), status: 'unknown' },
    {
      name: 'stopped even when the lag does not grow (idle topic, nobody reading)',
      facts: facts(polls([100, 20], [100, 20], [100, 20]), { assigned: false }),
      status: 'stopped',
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
    { name: 'rewound with only two observations', facts: facts(polls([100, 0], [99, 1])), status: 'rewound' },
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
      name: 'data lost wins over too few observations',
      facts: facts(polls([100, 0]), { lost: 1 }),
      status: 'data_lost',
    },
    {
      name: 'lost unknown is not data lost',
      facts: facts(polls([100, 0], [110, 0], [120, 0]), { lost: null }),
      status: 'ok',
    },
    {
      name: 'lag unknown in this poll is unknown',
      facts: facts(polls([100, 20], [100, 30], [100, null]), { assigned: false }),
      status: 'unknown',
    },
    {
      name: 'only markers or aborted records after the offset: ok at once',
      facts: facts(still(1), { markersOnly: true }),
      status: 'ok',
    },
  ])('$name → $status', ({ facts: f, status }) => {
    expect(partitionStatus(f, RULES).status).toBe(status)
  })
})

describe('partitionStatus reasons', () => {
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
      name: 'consuming, not judged yet',
      facts: facts(polls([100, 50], [110, 80])),
      expected: {
        status: 'unknown',
        reason: 'lag 80, consuming; judging its trend after 8m observed (15s so far)',
      },
    },
    {
      name: 'unmoved, not judged yet',
      facts: facts(still(3, 20)),
      expected: {
        status: 'unknown',
        reason: 'lag 22; the committed offset stayed at 100 for 30s, judging after 8m observed',
      },
    },
    {
      name: 'stopped within a few polls',
      facts: facts(still(3), { assigned: false }),
      expected: {
        status: 'stopped',
        reason:
          'no member consumes it and the committed offset stayed at 100 for 3 polls (30s) while 22 messages wait',
      },
    },
    {
      name: 'stopped at once',
      facts: facts(still(1, 3600), { assigned: false }),
      expected: {
        status: 'stopped',
        reason:
          'no member consumes it and the committed offset stayed at 100 while 20 messages wait; the next one has waited 60m, longer than the 10m window',
      },
    },
    {
      name: 'stalled by an old record',
      facts: facts(still(4, 900)),
      expected: {
        status: 'stalled',
        reason:
          'a member is assigned but the committed offset stayed at 100 for 45s while 23 messages wait; the next one has waited 16m, longer than the 10m window',
      },
    },
    {
      name: 'stalled for the window (spans of 2 minutes and more are in minutes)',
      facts: facts([
        { time: 0, committed: 7, lag: 100 },
        { time: 300_000, committed: 7, lag: 200 },
        { time: 600_000, committed: 7, lag: 300 },
      ]),
      expected: {
        status: 'stalled',
        reason: 'a member is assigned but the committed offset stayed at 7 for 10m while 300 messages wait',
      },
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
      expected: { status: 'unknown', reason: 'lag unknown in this poll (no high watermark)' },
    },
    {
      name: 'allowed lag and polls come from the rules',
      facts: facts(polls([100, 20], [100, 30]), { assigned: false }),
      rules: { allowedLag: 0, windowMs: 600_000, minObservations: 2 },
      expected: {
        status: 'stopped',
        reason:
          'no member consumes it and the committed offset stayed at 100 for 2 polls (15s) while 30 messages wait',
      },
    },
  ])('$name', ({ facts: f, rules, expected }) => {
    expect(said(partitionStatus(f, rules ?? RULES))).toEqual(expected)
  })
})

/** The status at the end of a simulated run, judged with a 10-minute window and no allowed lag. */
function judge(sim: ConsumerSim, fields: Partial<PartitionFacts> = {}): Verdict {
  return partitionStatus(facts(simulate(sim), fields), {
    allowedLag: 0,
    windowMs: 600_000,
    minObservations: 3,
  })
}

const steady = (rate: number) => () => rate

describe('partitionStatus on realistic series (10 m window, polls every 15 s)', () => {
  // The demo's "shipping": 33/s arrive, the consumer manages 10/s.
  it.each([5, 30, 60, 180])('falling behind with commits every %i s is lagging', (commitEverySec) => {
    for (const commitPhaseSec of [0, 7, 40, 100]) {
      if (commitPhaseSec >= commitEverySec) continue
      const v = judge({ produce: steady(33), capacity: 10, commitEverySec, commitPhaseSec, durationSec: 900 })
      expect(v.status, `phase ${commitPhaseSec}: ${v.reason}`).toBe('lagging')
      expect(v.reason).toMatch(
        /^lag grew \d+ messages \/ \d+ s over 10m; consuming 10\/s while 33\/s arrive$/,
      )
    }
  })

  it.each([5, 30, 60, 180])('keeping up with commits every %i s is ok (sawtooth)', (commitEverySec) => {
    for (const commitPhaseSec of [0, 7, 40, 100]) {
      if (commitPhaseSec >= commitEverySec) continue
      const sim = { commitEverySec, commitPhaseSec, durationSec: 900, latencySec: 1 }
      const v = judge({ ...sim, produce: steady(33), capacity: 100 })
      expect(v.status, `phase ${commitPhaseSec}: ${v.reason}`).toBe('ok')
      expect(v.reason).toMatch(/^consuming, keeping up: lag \d+; consuming 33\/s while 33\/s arrive$/)
    }
  })

  it('commits every 5 minutes in a 10-minute window: judged when the last third holds one, never the wrong way', () => {
    const seen = { behind: new Set<string>(), keeping: new Set<string>() }
    for (let commitPhaseSec = 0; commitPhaseSec < 300; commitPhaseSec += 20) {
      const sim = { commitEverySec: 300, commitPhaseSec, durationSec: 900 }
      seen.behind.add(judge({ ...sim, produce: steady(33), capacity: 10 }).status)
      seen.keeping.add(judge({ ...sim, produce: steady(33), capacity: 100, latencySec: 1 }).status)
    }
    expect([...seen.behind].sort()).toEqual(['lagging', 'unknown'])
    expect([...seen.keeping].sort()).toEqual(['ok', 'unknown'])
  })

  it.each([5, 30])(
    'bursty traffic that the consumer drains between bursts is ok (commits every %i s)',
    (commitEverySec) => {
      // 5/s, with 100/s for 40 s every 3 minutes; the consumer manages 40/s: lag spikes to ~2,400 and drains.
      for (const durationSec of [900, 960, 1000, 1040]) {
        const v = judge({ produce: bursty(5, 100, 40, 180), capacity: 40, commitEverySec, durationSec })
        expect(v.status, `${durationSec} s: ${v.reason}`).toBe('ok')
      }
    },
  )

  it('bursty traffic beyond what the consumer can drain is lagging', () => {
    // Same bursts, but the consumer manages 8/s: on average 26/s arrive.
    const v = judge({ produce: bursty(5, 100, 40, 180), capacity: 8, commitEverySec: 5, durationSec: 900 })
    expect(v.status, v.reason).toBe('lagging')
  })

  it('a consumer that fetches and commits in chunks (max.poll.records) is judged on its troughs', () => {
    for (const durationSec of [900, 913, 927, 941]) {
      const behind = judge({ produce: steady(40), capacity: 8, chunk: 200, commitEverySec: 1, durationSec })
      expect(behind.status, `${durationSec} s: ${behind.reason}`).toBe('lagging')
      // Chunks of 500 consumed at 30/s while 25/s arrive: keeping up, in 20 s teeth.
      const keeps = judge({ produce: steady(25), capacity: 30, chunk: 500, commitEverySec: 1, durationSec })
      expect(keeps.status, `${durationSec} s: ${keeps.reason}`).toBe('ok')
    }
  })

  it('commits at varying points between polls do not make a healthy consumer lagging', () => {
    // Every 61 s, so a second later against the polls each time: the troughs differ by up to a poll of arrivals.
    for (const commitPhaseSec of [1, 4, 9, 13]) {
      const produce = steady(20)
      const v = judge({ produce, capacity: 100, commitEverySec: 61, commitPhaseSec, durationSec: 1200 })
      expect(v.status, `phase ${commitPhaseSec}: ${v.reason}`).toBe('ok')
    }
  })

  it('a daily ramp of traffic with constant processing latency is ok', () => {
    // Morning: 10/s → 40/s over the window; lag follows the rate (2 s of messages in flight), lag in seconds does not.
    const v = judge({
      produce: (t) => 10 + (30 * t) / 900,
      capacity: 200,
      commitEverySec: 5,
      latencySec: 2,
      durationSec: 900,
    })
    expect(v.status, v.reason).toBe('ok')
  })

  it('a consumer catching up is ok', () => {
    // A backlog of 20,000 from a past outage, 10/s arriving, 50/s consumed.
    const v = judge({
      produce: (t) => (t === 0 ? 20_000 : 10),
      capacity: 50,
      commitEverySec: 5,
      durationSec: 700,
    })
    expect(v.status, v.reason).toBe('ok')
  })

  it('commits too far apart for the window are not judged by trend', () => {
    const v = judge({
      produce: steady(33),
      capacity: 10,
      commitEverySec: 480,
      commitPhaseSec: 200,
      durationSec: 900,
    })
    expect(v.status, v.reason).toBe('unknown')
    expect(v.reason).toMatch(/commits are too far apart to judge a trend in the 10m window/)
  })

  it('a member that stops consuming is stalled once it holds still for three times its commit cadence', () => {
    const sim = { produce: steady(10), capacity: 50, commitEverySec: 5, stopsAtSec: 600 }
    expect(judge({ ...sim, durationSec: 630 }).status).toBe('ok')
    // Held for 5 of its cadences: no longer ok, but a third of the window is needed before it is called stalled.
    expect(said(judge({ ...sim, durationSec: 675 }))).toEqual({
      status: 'unknown',
      reason:
        'the committed offset has stayed at 6000 for 75s while 760 messages wait; before, it moved at least every 15s; judging after 3m',
    })
    expect(said(judge({ ...sim, durationSec: 810 }))).toEqual({
      status: 'stalled',
      reason:
        'a member is assigned but the committed offset has stayed at 6000 for 4m while 2110 messages wait; before, it moved at least every 15s',
    })
    // A consumer committing every 5 minutes is not called stalled for holding still 4 minutes.
    const slow = {
      produce: steady(10),
      capacity: 50,
      commitEverySec: 300,
      commitPhaseSec: 10,
      durationSec: 1150,
    }
    // Its last commit is 4 minutes old, outside the last third: not judged, and certainly not stalled.
    expect(judge(slow).status).toBe('unknown')
  })

  it('a member that never moved while judged is stalled once its waiting record is older than the window', () => {
    const sim = {
      produce: steady(10),
      capacity: 50,
      commitEverySec: 5,
      stopsAtSec: 600,
      exporterStartSec: 780,
    }
    expect(judge({ ...sim, durationSec: 810 }).status).toBe('unknown')
    expect(judge({ ...sim, durationSec: 1215 }).status).toBe('stalled')
  })

  it('after an exporter restart the trend is judged again from scratch, never ok in between', () => {
    const sim = {
      produce: steady(33),
      capacity: 10,
      commitEverySec: 5,
      durationSec: 1500,
      exporterStartSec: 1200,
    }
    const v = judge(sim)
    expect(v.status).toBe('unknown')
    expect(v.reason).toMatch(/judging its trend after 8m observed \(5m so far\)/)
    expect(judge({ ...sim, durationSec: 1700 }).status).toBe('lagging')
  })

  it('a memberless group that stopped is stopped within 3 polls of an exporter start', () => {
    const sim = {
      produce: steady(10),
      capacity: 50,
      commitEverySec: 5,
      stopsAtSec: 1000,
      exporterStartSec: 1050,
    }
    expect(judge({ ...sim, durationSec: 1065 }, { assigned: false }).status).toBe('unknown')
    expect(judge({ ...sim, durationSec: 1080 }, { assigned: false }).status).toBe('stopped')
  })
})

describe("partitionStatus with what the group's other partitions say", () => {
  const tenMinutes = (committed: (i: number) => number, lag: (i: number) => number): Observation[] =>
    Array.from({ length: 41 }, (_, i) => ({ time: i * 15_000, committed: committed(i), lag: lag(i) }))

  it('held for the window while its member commits other partitions is lagging, not stalled', () => {
    const v = partitionStatus(
      facts(
        tenMinutes(
          () => 908,
          (i) => 100 + i * 10,
        ),
        { ownerProgressing: true },
      ),
      RULES,
    )
    expect(said(v)).toEqual({
      status: 'lagging',
      reason:
        'the committed offset stayed at 908 for 10m while 500 messages wait, and its consumer commits other partitions: too slow to serve them all',
    })
  })

  it('a hold of several cadences while its member commits others is judged by the trend, not stalled', () => {
    const obs = tenMinutes(
      (i) => (i < 25 ? i * 10 : 240),
      (i) => (i < 25 ? 5 : 5 + (i - 24) * 10),
    )
    expect(partitionStatus(facts(obs), RULES).status).toBe('stalled')
    expect(partitionStatus(facts(obs, { ownerProgressing: true }), RULES).status).not.toBe('stalled')
  })

  it('judges the trend on the topic sum: a partition served in bursts whose topic falls behind is lagging', () => {
    // Its own commits come every 4 minutes (too far apart to judge alone); the topic's sum shows the consumer.
    const own = tenMinutes(
      (i) => Math.floor(i / 16) * 500,
      (i) => 200 + i * 40 - Math.floor(i / 16) * 500,
    )
    const topic = tenMinutes(
      (i) => i * 150,
      (i) => 600 + i * 120,
    )
    const v = partitionStatus(
      facts(own, { ownerProgressing: true, topicTrend: ObservationWindow.of(topic) }),
      RULES,
    )
    expect(v.status).toBe('lagging')
    expect(v.reason).toBe(
      "over the topic's committed partitions, lag grew 4800 messages over 10m; consuming 10/s while 18/s arrive",
    )
  })

  it('partitions sharing one topic trend are each told what that trend says, whether judged first or after others', () => {
    const topic = ObservationWindow.of(
      tenMinutes(
        (i) => i * 150,
        (i) => 600 + i * 120,
      ),
    )
    const rising = tenMinutes(
      (i) => i * 10,
      (i) => 100 + i * 5,
    )
    const level = tenMinutes(
      (i) => i * 10,
      () => 100,
    )
    const first = partitionStatus(facts(rising, { ownerProgressing: true, topicTrend: topic }), RULES)
    const second = partitionStatus(facts(level, { ownerProgressing: true, topicTrend: topic }), RULES)
    const again = partitionStatus(facts(rising, { ownerProgressing: true, topicTrend: topic }), RULES)
    const description = 'lag grew 4800 messages over 10m; consuming 10/s while 18/s arrive'
    expect(said(first)).toEqual({
      status: 'lagging',
      reason: `over the topic's committed partitions, ${description}`,
    })
    expect(said(second)).toEqual({
      status: 'ok',
      reason: `consuming, lag 100 not growing here; over the topic's committed partitions, ${description}`,
    })
    expect(said(again)).toEqual(said(first))
    // A different window with the same shape of data is judged on its own, not served another's memo.
    const keepingUp = ObservationWindow.of(
      tenMinutes(
        (i) => i * 150,
        () => 600,
      ),
    )
    expect(
      partitionStatus(facts(rising, { ownerProgressing: true, topicTrend: keepingUp }), RULES).status,
    ).toBe('ok')
  })

  it('a caught-up partition is ok with the allowed lag of the rules it was judged by', () => {
    const caughtUp = facts(polls([100, 0], [110, 0]))
    expect(said(partitionStatus(caughtUp, RULES))).toEqual({
      status: 'ok',
      reason: 'lag 0 is within the allowed 10',
    })
    expect(said(partitionStatus(caughtUp, { ...RULES, allowedLag: 0 }))).toEqual({
      status: 'ok',
      reason: 'lag 0 is within the allowed 0',
    })
    expect(partitionStatus(caughtUp, RULES).reason).toBe('lag 0 is within the allowed 10')
  })

  it('a topic trend shorter than the judged span is not judged yet', () => {
    const own = tenMinutes(
      (i) => i * 10,
      () => 50,
    )
    const v = partitionStatus(facts(own, { topicTrend: ObservationWindow.of(own.slice(-8)) }), RULES)
    expect(v.status).toBe('unknown')
  })
})

/** 'topic/partition', or a topic alone for one of its uncommitted partitions. */
function judged(name: string, verdict: Verdict): Judged {
  const [topic = '', partition] = name.split('/')
  return partition === undefined ? { topic, verdict } : { topic, partition: Number(partition), verdict }
}

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
      name: 'one partition still judged keeps the group from claiming ok, with its own reason',
      partitions: [
        { name: 't/0', verdict: v('ok') },
        {
          name: 't/1',
          verdict: v('unknown', 'lag 80, consuming; judging its trend after 8m observed (2m so far)'),
        },
      ],
      expected: {
        status: 'unknown',
        reason: 't/1: lag 80, consuming; judging its trend after 8m observed (2m so far)',
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
    expect(said(groupStatus(partitions.map(({ name, verdict }) => judged(name, verdict))))).toEqual(expected)
  })

  // Severity, worst first: a group with one partition of each of two statuses takes the first.
  const ORDER: Status[] = [
    'data_lost',
    'stopped',
    'stalled',
    'rewound',
    'lagging',
    'unknown',
    'ok',
    'no_offset',
  ]
  const pairs = ORDER.flatMap((worse, i) => ORDER.slice(i + 1).map((better) => ({ worse, better })))
  it.each(pairs)('$worse ranks above $better', ({ worse, better }) => {
    for (const order of [
      [better, worse],
      [worse, better],
    ]) {
      const status = groupStatus(order.map((s, i) => judged(`t/${i}`, v(s)))).status
      expect(status).toBe(worse)
    }
  })
})
