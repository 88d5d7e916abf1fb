import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  acceptsGzip,
  compress,
  Exposition,
  type Format,
  negotiateFormat,
} from '../../../src/metrics/exposition.js'
import { renderScrapeTail, renderScrapeTime, renderSnapshot } from '../../../src/metrics/render.js'
import { Rendered } from '../../../src/metrics/rendered.js'
import { fakeStats } from '../../fakes/self-stats.js'
import { analyzedGroups, richSnapshot } from '../../fakes/snapshot.js'

const TAIL =
  '# HELP kafkascope_data_age_seconds Age.\n# TYPE kafkascope_data_age_seconds gauge\nkafkascope_data_age_seconds 1.5\n'

/** About `bytes` of exposition text, with multi-byte label values so byte and character lengths differ. */
function bigBody(bytes: number): string {
  const parts = [
    '# HELP kafka_topic_partition_current_offset Big.\n# TYPE kafka_topic_partition_current_offset gauge\n',
  ]
  let size = parts[0]?.length ?? 0
  for (let i = 0; size < bytes; i++) {
    const line = `kafka_topic_partition_current_offset{topic="tøpic-${i % 977}-€",partition="${i}"} ${i * 7919}\n`
    parts.push(line)
    size += Buffer.byteLength(line)
  }
  return parts.join('')
}

const richRendered = renderSnapshot({
  snapshot: richSnapshot(),
  groups: analyzedGroups(richSnapshot()),
  counters: { polls: 4, pollFailures: 1 },
  buildInfo: { version: '1.0.0' },
})
const richText = richRendered.body('text').toString('utf8')

/** A body given as text, as one rendered part (both formats identical: no counters in it). */
function fromText(text: string): Rendered {
  return new Rendered(Buffer.from(text, 'utf8'))
}

/** A per-scrape tail given as text. */
function tail(text: string): Rendered {
  return new Rendered(Buffer.from(text, 'utf8'))
}

/** What the daemon serves for a rendered body: its gzipped pieces only. */
function served(rendered: Rendered): Exposition {
  return new Exposition(compress(rendered))
}

async function body(e: Exposition, format: Format, t: Rendered, gzip: boolean): Promise<Buffer> {
  return Buffer.concat(await e.respond(format, t, gzip))
}

describe('Exposition.respond', () => {
  const bodies: [string, string][] = [
    ['an empty body', ''],
    ['a rendered snapshot', richText],
    ['a ~5 MB body', bigBody(5 * 1024 * 1024)],
  ]
  const cases = bodies.flatMap(([name, text]) =>
    (['text', 'openmetrics'] as Format[]).map((format) => [name, format, text] as const),
  )

  it.each(cases)(
    'serves %s as %s, plain (inflated) and gzipped, as the body + tail',
    async (_, format, text) => {
      const e = served(fromText(text))
      const plain = await body(e, format, tail(TAIL), false)
      expect(plain.toString('utf8')).toBe(text + TAIL + (format === 'openmetrics' ? '# EOF\n' : ''))
      const gz = await body(e, format, tail(TAIL), true)
      expect(gz.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]))
      // gunzipSync checks the CRC-32 and length in the trailer as well as the deflate stream.
      expect(gunzipSync(gz).equals(plain)).toBe(true)
    },
  )

  it.each(['text', 'openmetrics'] as Format[])(
    'reuses the compressed body across tails (%s)',
    async (format) => {
      const e = served(fromText(bigBody(200_000)))
      for (const t of ['', TAIL, 'kafkascope_data_age_seconds 99\n', TAIL]) {
        expect(
          gunzipSync(await body(e, format, tail(t), true)).equals(await body(e, format, tail(t), false)),
        ).toBe(true)
      }
    },
  )

  it('compresses a large body well (the cached part is really deflated)', async () => {
    const text = bigBody(5 * 1024 * 1024)
    expect((await body(served(fromText(text)), 'text', tail(TAIL), true)).length).toBeLessThan(
      text.length / 4,
    )
  })

  it('gzips an empty tail', async () => {
    const e = served(richRendered)
    expect(gunzipSync(await body(e, 'text', tail(''), true)).toString('utf8')).toBe(richText)
  })

  it('inflates the plain body once for the scrapes that ask at the same time, and again for a later one', async () => {
    const e = served(fromText(bigBody(300_000)))
    const [a, b] = await Promise.all([
      e.respond('text', tail(TAIL), false),
      e.respond('text', tail(''), false),
    ])
    // Compared as booleans: vitest would print megabytes of Buffer if they differed.
    expect(a[0] === b[0]).toBe(true)
    const later = await e.respond('text', tail(TAIL), false)
    expect(later[0] === a[0]).toBe(false)
    expect(later[0]?.equals(a[0] as Buffer)).toBe(true)
  })
})

describe('OpenMetrics output', async () => {
  const om = await body(
    served(richRendered),
    'openmetrics',
    tail(renderScrapeTime(richSnapshot(), 1_700_000_001_000)),
    false,
  )
  const text = om.toString('utf8')

  it('ends with exactly one "# EOF" line', () => {
    expect(text.endsWith('\n# EOF\n')).toBe(true)
    expect(text.split('\n').filter((l) => l === '# EOF')).toHaveLength(1)
  })

  it.each(['kafkascope_polls', 'kafkascope_poll_failures'])(
    'names counter %s without _total in TYPE and HELP but keeps it on samples',
    (base) => {
      expect(text).toContain(`\n# TYPE ${base} counter\n`)
      expect(text).toMatch(new RegExp(`\\n# HELP ${base} \\S`))
      expect(text).not.toContain(`# TYPE ${base}_total`)
      expect(text).not.toContain(`# HELP ${base}_total`)
      expect(text.split('\n').filter((l) => l.startsWith(`${base}_total `))).toHaveLength(1)
    },
  )

  it('leaves gauges as they are in the text format', () => {
    expect(text).toContain('\n# TYPE kafka_consumergroup_lag gauge\n')
    expect(text).toContain('\nkafka_brokers 3\n')
    expect(text).toContain('\nkafkascope_data_age_seconds 1\n')
  })

  it('the text format has no # EOF and keeps _total on counter TYPE lines', async () => {
    const plain = (await body(served(richRendered), 'text', tail(TAIL), false)).toString('utf8')
    expect(plain).not.toContain('# EOF')
    expect(plain).toContain('\n# TYPE kafkascope_polls_total counter\n')
  })
})

describe('negotiateFormat', () => {
  it.each<[string, string | undefined, Format]>([
    ['absent', undefined, 'text'],
    ['empty', '', 'text'],
    ['anything', '*/*', 'text'],
    ['the text format', 'text/plain; version=0.0.4', 'text'],
    ['OpenMetrics', 'application/openmetrics-text; version=1.0.0; charset=utf-8', 'openmetrics'],
    [
      "Prometheus 2's default",
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      'openmetrics',
    ],
    [
      "Prometheus 3's default",
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
      'openmetrics',
    ],
    // Media types are case-insensitive (RFC 9110 §8.3.1).
    ['mixed case', 'Application/OpenMetrics-Text; version=1.0.0', 'openmetrics'],
    // q=0 means "not acceptable" (RFC 9110 §12.4.2).
    ['OpenMetrics refused with q=0', 'application/openmetrics-text;q=0, text/plain', 'text'],
  ])('%s: %j → %s', (_, accept, format) => {
    expect(negotiateFormat(accept)).toBe(format)
  })
})

describe('acceptsGzip', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['deflate, br', false],
    ['gzip', true],
    ['GZIP', true],
    ['Gzip;q=0.5', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    [' deflate ,  gzip ; q=0.3 ', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['*', true],
    ['*;q=0', false],
    ['deflate, *;q=0.5', true],
    // "*" matches only codings not listed explicitly (RFC 9110 §12.5.3), so gzip stays refused.
    ['gzip;q=0, *', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })
})

describe('compress', () => {
  it.each(['text', 'openmetrics'] as Format[])(
    'keeps the CRC and length right across segments split at counter headers (%s)',
    async (format) => {
      const e = served(richRendered)
      const expected = Buffer.concat([
        richRendered.body(format),
        Buffer.from(TAIL),
        Buffer.from(format === 'openmetrics' ? '# EOF\n' : ''),
      ])
      // gunzipSync verifies the trailer's CRC-32 and length against the inflated bytes.
      expect(gunzipSync(await body(e, format, tail(TAIL), true)).equals(expected)).toBe(true)
      expect((await body(e, format, tail(TAIL), false)).equals(expected)).toBe(true)
    },
  )

  it('shares every deflated segment between the formats except the counter headers', () => {
    const g = compress(richRendered)
    const shared = g.text.deflated.filter((d) => g.openmetrics.deflated.includes(d))
    expect(richRendered.patches.length).toBeGreaterThan(0)
    expect(g.text.deflated.length - shared.length).toBe(richRendered.patches.length)
  })

  it('takes the tail in the format asked for (a counter in the tail is renamed for OpenMetrics)', async () => {
    const counterTail = renderScrapeTail({
      lastSuccessAt: 1000,
      now: 3000,
      stats: fakeStats(),
    })
    const e = served(richRendered)
    const om = (await body(e, 'openmetrics', counterTail, false)).toString('utf8')
    const text = (await body(e, 'text', counterTail, false)).toString('utf8')
    expect(om).toContain('\n# TYPE process_cpu_seconds counter\n')
    expect(text).toContain('\n# TYPE process_cpu_seconds_total counter\n')
    expect(om.endsWith('# EOF\n')).toBe(true)
    expect(gunzipSync(await body(e, 'openmetrics', counterTail, true)).toString('utf8')).toBe(om)
  })
})
