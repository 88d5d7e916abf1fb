import { describe, expect, it } from 'vitest'
import type { Family } from '../../../src/metrics/catalog.js'
import { ExpositionWriter, escapeLabel, formatValue, labelSet } from '../../../src/metrics/writer.js'

const labelled: Family<'a' | 'b'> = {
  name: 'x_info',
  help: 'An info.',
  type: 'gauge',
  labels: ['a', 'b'],
  area: 'exporter',
}
const bare: Family = { name: 'x_total', help: 'A counter.', type: 'counter', labels: [], area: 'exporter' }

describe('escapeLabel', () => {
  it.each<[string, string, string]>([
    ['plain text', 'orders.v1', 'orders.v1'],
    ['empty', '', ''],
    ['backslash', 'C:\\dir', 'C:\\\\dir'],
    ['double quote', 'say "hi"', 'say \\"hi\\"'],
    ['newline', 'a\nb', 'a\\nb'],
    ['all three, in order', '\\"\n', '\\\\\\"\\n'],
    ['an escaped-looking sequence is escaped again', '\\n', '\\\\n'],
    ['tab and unicode stay', 'a\tü€', 'a\tü€'],
  ])('%s', (_, input, expected) => {
    expect(escapeLabel(input)).toBe(expected)
  })
})

describe('formatValue', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [1_700_000_000.123, '1700000000.123'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('%d → %s', (v, text) => {
    expect(formatValue(v)).toBe(text)
  })
})

describe('ExpositionWriter', () => {
  it('writes HELP and TYPE once, then samples with labels in family order', () => {
    const text = new ExpositionWriter()
      .family(labelled)
      .sample({ a: 'p', b: 1 }, 1)
      .sample({ a: 'q', b: 22 }, 0)
      .text()
    expect(text).toBe(
      '# HELP x_info An info.\n# TYPE x_info gauge\nx_info{a="p",b="1"} 1\nx_info{a="q",b="22"} 0\n',
    )
  })

  it('writes every value as formatValue spells it (integers as digits, the rest as String gives them)', () => {
    const values = [
      0,
      -0,
      7,
      -1,
      9,
      10,
      99,
      100,
      2 ** 31,
      -(2 ** 31) - 1,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 53,
      1e21,
      1.5,
      -0.25,
      1e-7,
      1_700_000_000.123,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]
    const w = new ExpositionWriter().family(bare)
    for (const v of values) w.sample({}, v)
    expect(w.text().split('\n').slice(2, -1)).toEqual(values.map((v) => `x_total ${formatValue(v)}`))
  })

  it('writes label values outside ASCII as UTF-8, short and long', () => {
    const long = `ünïcödé-${'x'.repeat(80)}-日本`
    const text = new ExpositionWriter()
      .family(labelled)
      .sample({ a: 'größe', b: '日本' }, 1)
      .sample({ a: long, b: 'a😀b' }, 2)
      .text()
    expect(text.split('\n').slice(2, 4)).toEqual([
      'x_info{a="größe",b="日本"} 1',
      `x_info{a="${long}",b="a😀b"} 2`,
    ])
    const set = labelSet(labelled.labels, { a: 'é', b: 1 })
    expect(Buffer.from(set).toString('utf8')).toBe('a="é",b="1"')
  })

  it('escapes label values in samples', () => {
    const text = new ExpositionWriter().family(labelled).sample({ a: 'a\\b"c\nd', b: 'e' }, 1).text()
    expect(text.split('\n')[2]).toBe('x_info{a="a\\\\b\\"c\\nd",b="e"} 1')
  })

  it('writes unlabelled samples without braces, and special values', () => {
    const text = new ExpositionWriter()
      .family(bare)
      .sample({}, Number.NaN)
      .sample({}, Number.POSITIVE_INFINITY)
      .sample({}, Number.NEGATIVE_INFINITY)
      .text()
    expect(text.split('\n').slice(2)).toEqual(['x_total NaN', 'x_total +Inf', 'x_total -Inf', ''])
    expect(text).toContain('# TYPE x_total counter\n')
  })

  it('escapes backslash and newline in HELP, keeping quotes', () => {
    const f: Family = { ...bare, help: 'a "b" \\ c\nd' }
    expect(new ExpositionWriter().family(f).text().split('\n')[0]).toBe('# HELP x_total a "b" \\\\ c\\nd')
  })

  it('switches label prefixes between families', () => {
    const w = new ExpositionWriter().family(labelled).sample({ a: '1', b: '2' }, 1).family(bare).sample({}, 2)
    expect(w.currentFamily).toBe('x_total')
    expect(w.text()).toContain('\nx_total 2\n')
    expect(w.text()).toContain('\nx_info{a="1",b="2"} 1\n')
  })
})

describe('labels typed from the family', () => {
  const partitioned = {
    name: 'x_partition_offset',
    help: 'An offset.',
    type: 'gauge',
    labels: ['topic', 'partition'],
    area: 'topic',
  } as const satisfies Family
  const grouped = {
    ...partitioned,
    name: 'x_group_lag',
    labels: ['consumergroup', 'topic', 'partition'],
  } as const

  it('writes values in the order the family declares, whatever the order they are given in', () => {
    const text = new ExpositionWriter()
      .family(partitioned)
      .sample({ partition: 3, topic: 'orders' }, 7)
      .text()
    expect(text.split('\n')[2]).toBe('x_partition_offset{topic="orders",partition="3"} 7')
  })

  it('shares a label set, formatted once, between families declared with the same labels', () => {
    const labels = labelSet(partitioned.labels, { partition: 0, topic: 'a"b' })
    const other = { ...partitioned, name: 'x_partition_leader' }
    const text = new ExpositionWriter({ constLabels: { env: 'prod' } })
      .family(partitioned)
      .sampleWith(labels, 1)
      .family(other)
      .sampleWith(labels, 2)
      .text()
    expect(text).toContain('\nx_partition_offset{env="prod",topic="a\\"b",partition="0"} 1\n')
    expect(text).toContain('\nx_partition_leader{env="prod",topic="a\\"b",partition="0"} 2\n')
  })

  // Each @ts-expect-error fails `npm run typecheck` if the mistake below it ever compiles.
  it('rejects a missing label: at compile time, and at run time for an untyped caller', () => {
    const w = new ExpositionWriter().family(grouped)
    // @ts-expect-error partition is missing
    expect(() => w.sample({ consumergroup: 'g', topic: 't' }, 1)).toThrow(
      'x_group_lag: no value for label partition',
    )
    // @ts-expect-error partition is missing
    expect(() => labelSet(grouped.labels, { consumergroup: 'g', topic: 't' })).toThrow(
      'labelSet: no value for label partition',
    )
  })

  it('does not compile a misspelt or extra label, a label set of other labels, or a sample before a family', () => {
    const w = new ExpositionWriter().family(partitioned)
    // @ts-expect-error misspelt label (at run time: topic has no value)
    expect(() => w.sample({ topics: 't', partition: 0 }, 1)).toThrow(
      'x_partition_offset: no value for label topic',
    )
    // @ts-expect-error extra label
    w.sample({ topic: 't', partition: 0, consumergroup: 'g' }, 1)
    // @ts-expect-error a family without labels takes {}
    new ExpositionWriter().family(bare as Family<never, readonly []>).sample({ topic: 't' }, 1)
    const groupLabels = labelSet(grouped.labels, { consumergroup: 'g', topic: 't', partition: 0 })
    // @ts-expect-error a consumer-group label set into a topic/partition family
    w.sampleWith(groupLabels, 1)
    // @ts-expect-error a plain string is not a label set
    w.sampleWith('topic="t",partition="0"', 1)
    // @ts-expect-error no family yet
    new ExpositionWriter().sample({}, 1)
    // Only the compiler catches an extra value; at run time it is ignored.
    expect(w.text().split('\n')[2]).toBe('x_partition_offset{topic="t",partition="0"} 1')
  })
})
