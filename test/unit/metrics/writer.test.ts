import { describe, expect, it } from 'vitest'
import type { Family } from '../../../src/metrics/catalog.js'
import { ExpositionWriter, escapeLabel, formatValue } from '../../../src/metrics/writer.js'

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
    const text = new ExpositionWriter().family(labelled).sample(['p', 1], 1).sample(['q', 22], 0).text()
    expect(text).toBe(
      '# HELP x_info An info.\n# TYPE x_info gauge\nx_info{a="p",b="1"} 1\nx_info{a="q",b="22"} 0\n',
    )
  })

  it('escapes label values in samples', () => {
    const text = new ExpositionWriter().family(labelled).sample(['a\\b"c\nd', 'e'], 1).text()
    expect(text.split('\n')[2]).toBe('x_info{a="a\\\\b\\"c\\nd",b="e"} 1')
  })

  it('writes unlabelled samples without braces, and special values', () => {
    const text = new ExpositionWriter()
      .family(bare)
      .sample([], Number.NaN)
      .sample([], Number.POSITIVE_INFINITY)
      .sample([], Number.NEGATIVE_INFINITY)
      .text()
    expect(text.split('\n').slice(2)).toEqual(['x_total NaN', 'x_total +Inf', 'x_total -Inf', ''])
    expect(text).toContain('# TYPE x_total counter\n')
  })

  it('escapes backslash and newline in HELP, keeping quotes', () => {
    const f: Family = { ...bare, help: 'a "b" \\ c\nd' }
    expect(new ExpositionWriter().family(f).text().split('\n')[0]).toBe('# HELP x_total a "b" \\\\ c\\nd')
  })

  it('switches label prefixes between families', () => {
    const w = new ExpositionWriter().family(labelled).sample(['1', '2'], 1).family(bare).sample([], 2)
    expect(w.currentFamily).toBe('x_total')
    expect(w.text()).toContain('\nx_total 2\n')
    expect(w.text()).toContain('\nx_info{a="1",b="2"} 1\n')
  })
})
