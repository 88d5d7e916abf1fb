import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { OutputSettings } from '../../../src/metrics/output.js'
import { exposition, type GoldenRun, pollTimeline } from '../../fakes/golden-cluster.js'

/**
 * Golden end-to-end expositions, as node_exporter's e2e-output: the fake cluster of test/fakes/golden-cluster.ts
 * polled, analysed and rendered, compared byte for byte with the committed files in test/golden/. After an
 * intended change of the output, rewrite them with
 *   npx vitest run --project unit test/unit/metrics/golden.test.ts --update
 * and review the diff. (With CI set, vitest never writes snapshots: a missing or stale file fails.)
 */
const GOLDEN: [file: string, format: 'text' | 'openmetrics', settings: Partial<OutputSettings>][] = [
  ['exposition.prom', 'text', {}],
  ['exposition-topic-granularity.prom', 'text', { topicGranularity: 'topic', groupGranularity: 'topic' }],
  ['exposition.openmetrics.txt', 'openmetrics', {}],
]

let run: GoldenRun

beforeAll(async () => {
  // Durations of the poll and its collectors come from performance.now(): fixed, so they read 0.
  vi.spyOn(performance, 'now').mockReturnValue(0)
  run = await pollTimeline()
})

afterAll(() => {
  vi.restoreAllMocks()
})

describe('golden exposition', () => {
  it.each(GOLDEN)('%s is what the fake cluster renders', async (file, format, settings) => {
    await expect(exposition(run, format, settings)).toMatchFileSnapshot(`../../golden/${file}`)
  })

  // promtool reads the text format only (OpenMetrics' counter HELP without _total reads as missing help to it).
  it.each(GOLDEN.filter(([, format]) => format === 'text'))('%s passes promtool check metrics', (file) => {
    const result = spawnSync('/usr/bin/promtool', ['check', 'metrics'], {
      input: readFileSync(new URL(`../../golden/${file}`, import.meta.url)),
      encoding: 'utf8',
    })
    expect(result.error).toBeUndefined()
    // kafka_exporter's names (kafka_consumergroup_lag_sum ...) are kept for its dashboards, against promtool's lint;
    // promtool exits 3 for those findings alone, and a parse error would be listed here.
    const problems = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('should not have "_sum" suffix'))
    expect(problems).toEqual([])
  })

  it('covers every status the scenario sets up', () => {
    const current = exposition(run, 'text')
      .split('\n')
      .filter((l) => l.startsWith('kafka_consumergroup_status{') && l.endsWith(' 1'))
    expect(current).toEqual([
      'kafka_consumergroup_status{consumergroup="audit",status="stopped"} 1',
      'kafka_consumergroup_status{consumergroup="billing",status="ok"} 1',
      // The Streams app: described by StreamsGroupDescribe, judged like any group.
      'kafka_consumergroup_status{consumergroup="enricher",status="ok"} 1',
      'kafka_consumergroup_status{consumergroup="fresh",status="no_offset"} 1',
      'kafka_consumergroup_status{consumergroup="stuck",status="stalled"} 1',
      'kafka_consumergroup_status{consumergroup="team \\"a\\"\\\\b",status="data_lost"} 1',
    ])
  })
})
