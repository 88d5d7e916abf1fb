import { describe, expect, it } from 'vitest'
import { delaySeconds, EVENT_LOOP_SAMPLE_MS, SelfStatsReader } from '../../../src/runtime/self-stats.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the event-loop delay of the self stats', () => {
  it.each([
    [EVENT_LOOP_SAMPLE_MS * 1e6, 0],
    [(EVENT_LOOP_SAMPLE_MS + 7) * 1e6, 0.007],
    // A timer that woke early (clock granularity) is no negative delay.
    [(EVENT_LOOP_SAMPLE_MS - 1) * 1e6, 0],
    [(EVENT_LOOP_SAMPLE_MS + 1500) * 1e6, 1.5],
  ])('is a sample of %d ns less the sampling interval: %d s', (ns, seconds) => {
    expect(delaySeconds(ns)).toBeCloseTo(seconds, 9)
  })

  it('reads a blocked loop as the block, and an idle one as well under the sampling interval', async () => {
    const reader = new SelfStatsReader()
    try {
      await sleep(EVENT_LOOP_SAMPLE_MS * 10)
      const idle = reader.read().eventLoop
      expect(idle).not.toBeNull()
      // Gross samples are never below the interval itself (0.05 s); a loaded machine delays some, not half of them.
      expect(idle?.p50).toBeLessThan((EVENT_LOOP_SAMPLE_MS * 0.9) / 1000)
      await sleep(EVENT_LOOP_SAMPLE_MS * 2)
      const until = Date.now() + 300
      while (Date.now() < until) {
        // Blocks the loop for 300 ms, longer than a sampling interval: seen whole.
      }
      await sleep(EVENT_LOOP_SAMPLE_MS * 2)
      const blocked = reader.read().eventLoop
      expect(blocked?.max).toBeGreaterThan(0.2)
      expect(blocked?.max).toBeLessThan(1)
    } finally {
      reader.stop()
    }
  })
})
