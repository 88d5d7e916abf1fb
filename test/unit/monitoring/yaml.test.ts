import { describe, expect, it } from 'vitest'
import { toYaml } from '../../../src/monitoring/yaml.js'

describe('toYaml', () => {
  it('writes nested maps and lists in block style', () => {
    expect(
      toYaml({ groups: [{ name: 'g', rules: [{ alert: 'A', labels: { severity: 'warning' } }] }] }),
    ).toBe(
      [
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: A',
        '        labels:',
        '          severity: warning',
        '',
      ].join('\n'),
    )
  })

  it('quotes strings YAML would read as something else, and leaves durations plain', () => {
    expect(toYaml({ a: 'true', b: 'null', c: '1', d: '0x1F', e: '', f: 'no', g: '5m', h: '1h30m' })).toBe(
      'a: "true"\nb: "null"\nc: "1"\nd: "0x1F"\ne: ""\nf: "no"\ng: 5m\nh: 1h30m\n',
    )
  })

  it('quotes as biome does: double quotes, single when the string has more double quotes', () => {
    expect(toYaml({ expr: 'up{job="x"} == 0', d: "{{ $labels.topic }}'s: {{ $value }}" })).toBe(
      `expr: 'up{job="x"} == 0'\nd: "{{ $labels.topic }}'s: {{ $value }}"\n`,
    )
    expect(toYaml({ both: `it's "a" "b"` })).toBe(`both: 'it''s "a" "b"'\n`)
  })

  it('writes multi-line strings as literal blocks, keeping or dropping the final newline', () => {
    expect(toYaml({ expr: 'a\nor b' })).toBe('expr: |-\n  a\n  or b\n')
    expect(toYaml({ list: ['x\n\ny\n'] })).toBe('list:\n  - |\n    x\n\n    y\n')
  })

  it('writes numbers, booleans, null and empty containers inline', () => {
    expect(toYaml({ x: 1.5, m: -1, t: true, z: null, e: [], o: {} })).toBe(
      'x: 1.5\nm: -1\nt: true\nz: null\ne: []\no: {}\n',
    )
  })

  it('refuses values it cannot write faithfully', () => {
    expect(() => toYaml({ n: Number.NaN })).toThrow('cannot write NaN')
    expect(() => toYaml({ s: '  indented\nblock' })).toThrow('must not start with whitespace')
  })

  it('quotes keys YAML 1.1 reads as booleans', () => {
    expect(toYaml({ y: 1, n: 2, on: 3 })).toBe('"y": 1\n"n": 2\n"on": 3\n')
  })

  it('double-quotes strings with control characters', () => {
    expect(toYaml({ s: 'a\tb' })).toBe('s: "a\\tb"\n')
  })
})
