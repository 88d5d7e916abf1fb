import { describe, expect, it } from 'vitest'
import { EMPTY_HISTORY, type OffsetHistory, recordOffset } from '../../../src/analysis/offset-history.js'
import { timeLag } from '../../../src/analysis/time-lag.js'

/**
 * Requirement: without record timestamps, lag in seconds is within max(one poll interval, 10 % of the true age) of
 * the ground truth given by the records' own append times, or null when the exporter cannot know (the record was
 * appended before its first poll). Producers are simulated at known rates; the exporter polls the high watermark
 * every 15 s and keeps its history with recordOffset.
 */
const POLL_MS = 15_000

/** Append times (ms) of messages produced at `perSecond(t)` messages per second between two times in seconds. */
function produce(fromSec: number, toSec: number, perSecond: (tSec: number) => number): number[] {
  const times: number[] = []
  let carry = 0
  for (let s = fromSec; s < toSec; s++) {
    carry += perSecond(s)
    const n = Math.floor(carry)
    carry -= n
    for (let j = 0; j < n; j++) times.push(s * 1000 + ((j + 0.5) / n) * 1000)
  }
  return times
}

/** `count` messages spread evenly over `durationMs` from `atMs`. */
function burst(atMs: number, count: number, durationMs: number): number[] {
  return Array.from({ length: count }, (_, j) => atMs + (j / count) * durationMs)
}

interface Scenario {
  readonly name: string
  /** Append time of offset i, ascending. */
  readonly appended: readonly number[]
  readonly firstPollMs: number
  readonly lastPollMs: number
}

/** High watermark at time t: how many records were appended by then. */
function hwmAt(appended: readonly number[], t: number): number {
  let lo = 0
  let hi = appended.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((appended[mid] as number) <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

function observe(s: Scenario): { history: OffsetHistory; firstHwm: number; hwm: number } {
  let history = EMPTY_HISTORY
  for (let t = s.firstPollMs; t <= s.lastPollMs; t += POLL_MS) {
    history = recordOffset(history, hwmAt(s.appended, t), t)
  }
  return { history, firstHwm: hwmAt(s.appended, s.firstPollMs), hwm: hwmAt(s.appended, s.lastPollMs) }
}

const HOUR = 3_600_000

const scenarios: Scenario[] = [
  {
    name: 'steady 10 msg/s for an hour',
    appended: produce(0, 3_600, () => 10),
    firstPollMs: 0,
    lastPollMs: HOUR,
  },
  {
    name: 'burst of 1000 in 1 s, 10 min idle, then 10 messages',
    appended: [...burst(5_000, 1_000, 1_000), ...burst(606_000 + 5_000, 10, 500)],
    firstPollMs: 0,
    lastPollMs: 630_000,
  },
  {
    name: 'the same burst seen from a poll long after the silence',
    appended: [...burst(5_000, 1_000, 1_000), ...burst(611_000, 10, 500)],
    firstPollMs: 0,
    lastPollMs: 1_800_000,
  },
  {
    name: 'one message every 10 minutes',
    appended: Array.from({ length: 12 }, (_, i) => 60_000 + i * 600_000),
    firstPollMs: 0,
    lastPollMs: 2 * HOUR,
  },
  {
    name: 'rate ramping from 1 to 100 msg/s over 2 h',
    appended: produce(0, 7_200, (t) => 1 + (99 * t) / 7_200),
    firstPollMs: 0,
    lastPollMs: 2 * HOUR,
  },
  {
    name: 'rate stepping between 1, 50 and 0 msg/s every 5 minutes for 3 h',
    appended: produce(0, 10_800, (t) => [1, 50, 0][Math.floor(t / 300) % 3] as number),
    firstPollMs: 0,
    lastPollMs: 3 * HOUR,
  },
  {
    name: 'batch job: 5000 messages in 20 s every 10 minutes for 6 h',
    appended: Array.from({ length: 36 }, (_, i) => burst(120_000 + i * 600_000, 5_000, 20_000)).flat(),
    firstPollMs: 0,
    lastPollMs: 6 * HOUR,
  },
  {
    name: 'daily cycle: 0 to 20 msg/s over 24 h',
    appended: produce(0, 86_400, (t) => 10 - 10 * Math.cos((2 * Math.PI * t) / 86_400)),
    firstPollMs: 0,
    lastPollMs: 24 * HOUR,
  },
  {
    name: 'exporter started 5 minutes after a steady producer',
    appended: produce(0, 1_800, () => 20),
    firstPollMs: 300_000,
    lastPollMs: 1_800_000,
  },
  {
    name: 'exporter started during a 10 minute silence',
    appended: [...burst(0, 500, 10_000), ...burst(900_000, 500, 10_000)],
    firstPollMs: 300_000,
    lastPollMs: 1_200_000,
  },
]

describe('lag in seconds from watermark history against record append times', () => {
  it.each(scenarios)('$name', (s) => {
    const { history, firstHwm, hwm } = observe(s)
    const now = s.lastPollMs
    expect(hwm).toBeGreaterThan(0)
    const failures: string[] = []
    let checked = 0
    for (let committed = 0; committed < hwm; committed++) {
      const lag = timeLag({ now, committed, highWatermark: hwm, recordTimestamp: null, history })
      if (committed < firstHwm) {
        // Appended before the first poll: nothing the exporter saw can date it.
        if (lag.seconds !== null || lag.source !== 'unknown') failures.push(`${committed}: expected unknown`)
        continue
      }
      checked++
      const trueAge = (now - (s.appended[committed] as number)) / 1000
      const bound = Math.max(POLL_MS / 1000, 0.1 * trueAge)
      if (lag.source !== 'history' || lag.seconds === null || Math.abs(lag.seconds - trueAge) > bound) {
        failures.push(
          `offset ${committed}: true age ${trueAge.toFixed(1)} s, estimate ${lag.seconds?.toFixed(1)} s (${lag.source}), bound ${bound.toFixed(1)} s`,
        )
      }
    }
    expect(checked).toBeGreaterThan(0)
    expect(failures.slice(0, 5), `${failures.length} of ${hwm} offsets out of bounds`).toEqual([])
  })

  it('records appended before the exporter started are unknown, not guessed', () => {
    const s = scenarios.find((x) => x.name.startsWith('exporter started 5 minutes')) as Scenario
    const { history, firstHwm, hwm } = observe(s)
    // 20 msg/s for 300 s were already there at the first poll.
    expect(firstHwm).toBe(6_000)
    for (const committed of [0, 3_000, 5_999]) {
      expect(
        timeLag({ now: s.lastPollMs, committed, highWatermark: hwm, recordTimestamp: null, history }),
      ).toEqual({ seconds: null, source: 'unknown' })
    }
  })

  it('is also within bounds at every poll of a bursty series, not only at the end', () => {
    // Bursts of varying size every 7 minutes, with 2-minute trickles in between, over 4 h.
    const appended: number[] = []
    for (let i = 0; i < 34; i++) {
      const at = 60_000 + i * 420_000
      appended.push(...burst(at, 200 + ((i * 137) % 900), 5_000))
      appended.push(...burst(at + 120_000, 20, 120_000))
    }
    let history = EMPTY_HISTORY
    const failures: string[] = []
    for (let now = 0; now <= 4 * HOUR; now += POLL_MS) {
      const hwm = hwmAt(appended, now)
      history = recordOffset(history, hwm, now)
      for (let committed = 0; committed < hwm; committed += 7) {
        const lag = timeLag({ now, committed, highWatermark: hwm, recordTimestamp: null, history })
        const trueAge = (now - (appended[committed] as number)) / 1000
        const bound = Math.max(POLL_MS / 1000, 0.1 * trueAge)
        if (lag.seconds === null || Math.abs(lag.seconds - trueAge) > bound) {
          failures.push(`now ${now}, offset ${committed}: true ${trueAge}, estimate ${lag.seconds}`)
        }
      }
    }
    expect(failures.slice(0, 5), `${failures.length} estimates out of bounds`).toEqual([])
  })
})
