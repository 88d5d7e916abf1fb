import { describe, expect, it } from 'vitest'
import { syntheticSnapshot } from '../../../bench/synthetic.js'
import { analyze, analyzeAsync, EMPTY_STATE } from '../../../src/analysis/analyzer.js'
import { renderSnapshot, renderSnapshotAsync } from '../../../src/metrics/render.js'

const OPTIONS = { statusWindowMs: 600_000, allowedLag: 0, inactiveGraceMs: 1_800_000 }
const snapshot = syntheticSnapshot({ topics: 300, partitions: 6, groups: 200, topicsPerGroup: 2 })

/** Counts how often the event loop got a turn while `work` ran. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0
  let done = false
  const tick = () => {
    if (done) return
    turns++
    setImmediate(tick)
  }
  setImmediate(tick)
  const result = await work()
  done = true
  return { result, turns }
}

describe('analysis and render that give way to scrapes', () => {
  it('analyzeAsync gives the same result as analyze, yielding to the event loop along the way', async () => {
    const sync = analyze(EMPTY_STATE, snapshot, OPTIONS)
    const { result, turns } = await turnsDuring(() => analyzeAsync(EMPTY_STATE, snapshot, OPTIONS, 0))
    expect(result).toEqual(sync)
    expect(turns).toBeGreaterThan(1)
  })

  it('renderSnapshotAsync writes the same bytes as renderSnapshot, yielding along the way', async () => {
    const { groups } = analyze(EMPTY_STATE, snapshot, OPTIONS)
    const input = { snapshot, groups, counters: { polls: 1, pollFailures: 0 }, buildInfo: { version: 't' } }
    const sync = renderSnapshot(input)
    const { result, turns } = await turnsDuring(() => renderSnapshotAsync(input, 0))
    for (const format of ['text', 'openmetrics'] as const)
      expect(result.body(format).equals(sync.body(format))).toBe(true)
    expect(turns).toBeGreaterThan(10)
  })
})
