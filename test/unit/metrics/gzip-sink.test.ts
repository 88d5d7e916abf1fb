import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Family } from '../../../src/metrics/catalog.js'
import { Exposition } from '../../../src/metrics/exposition.js'
import { GzipSink } from '../../../src/metrics/gzip-sink.js'
import { renderGzipped, renderSnapshot } from '../../../src/metrics/render.js'
import { Rendered } from '../../../src/metrics/rendered.js'
import { ExpositionWriter, labelSet } from '../../../src/metrics/writer.js'
import { analyzedGroups, richSnapshot } from '../../fakes/snapshot.js'

const gauge: Family<'topic' | 'partition'> = {
  name: 'x_offset',
  help: 'An offset.',
  type: 'gauge',
  labels: ['topic', 'partition'],
  area: 'exporter',
}
const counter: Family<'topic'> = {
  name: 'x_reads_total',
  help: 'Reads.',
  type: 'counter',
  labels: ['topic'],
  area: 'exporter',
}

/**
 * Several megabytes (several of the writer's pieces) of families with counters among them, multi-byte label
 * values, values of every kind, and a sample with a missing label that must leave nothing behind.
 */
function emit(out: ExpositionWriter): void {
  for (let round = 0; round < 3; round++) {
    const g = out.family(gauge)
    for (let i = 0; i < 20_000; i++) {
      const set = labelSet(gauge.labels, { topic: `tøpic-${i % 977}-€`, partition: i % 16 })
      g.sampleWith(set, i % 7 === 0 ? i / 3 : i * 7919 + round)
      if (i === 12_345) expect(() => g.sample({ topic: 'half' } as never, 1)).toThrow(/partition/)
    }
    const c = out.family(counter)
    for (let i = 0; i < 5_000; i++) c.sample({ topic: `t-${i}` }, i % 3 === 0 ? Number.NaN : 2 ** 40 + i)
  }
}

function gzipBody(gzipped: ReturnType<GzipSink['gzipped']>, format: 'text' | 'openmetrics'): Buffer {
  return gunzipSync(Buffer.concat(new Exposition(gzipped).gzipBody(format, new Rendered(Buffer.alloc(0)))))
}

describe('a writer with a gzip sink', () => {
  const plain = new ExpositionWriter()
  emit(plain)
  const rendered = plain.rendered()
  const sink = new GzipSink()
  const streamed = new ExpositionWriter({ sink })
  emit(streamed)
  streamed.finish()
  const gzipped = sink.gzipped()

  it('hands over a large body in several pieces', () => {
    expect(rendered.byteLength).toBeGreaterThan(3 * 1024 * 1024)
    // Pieces of ~1 MiB, plus one per counter header; the formats share all but the headers.
    expect(gzipped.text.deflated.length).toBeGreaterThan(3 + 3)
    const shared = gzipped.text.deflated.filter((d) => gzipped.openmetrics.deflated.includes(d))
    expect(gzipped.text.deflated.length - shared.length).toBe(3)
  })

  it.each(['text', 'openmetrics'] as const)(
    'gives byte for byte the body a writer keeping it whole gives (%s, CRC and length checked)',
    (format) => {
      // gunzipSync verifies the trailer's CRC-32 and length against the inflated bytes.
      const served = gzipBody(gzipped, format)
      expect(served.length).toBe(rendered.body(format).length + (format === 'openmetrics' ? 6 : 0))
      expect(served.subarray(0, rendered.body(format).length).equals(rendered.body(format))).toBe(true)
      expect(gzipped[format].length).toBe(rendered.body(format).length)
    },
  )

  it('keeps no body of its own', () => {
    expect(() => streamed.rendered()).toThrow(/sink/)
  })
})

describe('renderGzipped', () => {
  it.each(['text', 'openmetrics'] as const)('serves what renderSnapshot renders (%s)', (format) => {
    const snapshot = richSnapshot()
    const input = {
      snapshot,
      groups: analyzedGroups(snapshot),
      counters: { polls: 3, pollFailures: 1 },
      buildInfo: { version: '1.0.0' },
    }
    const expected = Buffer.concat([
      renderSnapshot(input).body(format),
      Buffer.from(format === 'openmetrics' ? '# EOF\n' : ''),
    ])
    expect(gzipBody(renderGzipped(input), format).equals(expected)).toBe(true)
  })
})
