import { describe, expect, it } from 'vitest'
import { parseBrokerAddress, parseListenAddress } from '../../../src/addresses.js'
import { parseEnum, parseRegex } from '../../../src/config/values.js'
import { formatDuration, parseDuration } from '../../../src/duration.js'

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['500ms', 500],
    ['0s', 0],
    ['15s', 15_000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['2h45m30s500ms', 2 * 3_600_000 + 45 * 60_000 + 30_000 + 500],
    ['1.5s', 1500],
    // Whole milliseconds, never 1004.9999999999999 (1.005 × 1000 in floating point).
    ['1.005s', 1005],
    ['2.5ms', 3],
    ['90s', 90_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    ['empty', ''],
    ['no unit', '15'],
    ['unit only', 's'],
    ['unknown unit', '1x'],
    ['upper-case unit', '1S'],
    ['negative', '-1s'],
    ['leading space', ' 1s'],
    ['trailing space', '1s '],
    ['space before unit', '1 s'],
    ['space between parts', '1m 30s'],
    ['trailing number', '1m30'],
    ['dangling unit', '1sm'],
    ['leading dot', '.5s'],
  ])('rejects %s (%j)', (_, text) => {
    expect(() => parseDuration(text)).toThrow(
      `"${text}" is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h`,
    )
  })
})

describe('formatDuration', () => {
  it.each<[number, string]>([
    [500, '500ms'],
    [1500, '1500ms'],
    [15_000, '15s'],
    [90_000, '90s'],
    [60_000, '1m'],
    [300_000, '5m'],
    [3_600_000, '1h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
    expect(parseDuration(text)).toBe(ms)
  })
})

describe('parseListenAddress', () => {
  it.each<[string, string | undefined, number]>([
    [':9308', undefined, 9308],
    ['127.0.0.1:9308', '127.0.0.1', 9308],
    ['localhost:0', 'localhost', 0],
    ['0.0.0.0:65535', '0.0.0.0', 65535],
    ['[::1]:9308', '::1', 9308],
    ['[::]:80', '::', 80],
  ])('%s → host %s, port %d', (text, host, port) => {
    expect(parseListenAddress(text)).toEqual({ host, port })
  })

  it.each(['', '9308', 'localhost', 'host:', ':', ':65536', ':123456', '::1:9308', 'a:b', 'h:9308/x'])(
    'rejects %j',
    (text) => {
      expect(() => parseListenAddress(text)).toThrow(
        `"${text}" is not a listen address; use host:port or :port, e.g. :9308 or 127.0.0.1:9308`,
      )
    },
  )
})

describe('parseBrokerAddress', () => {
  it.each(['kafka-1:9092', 'localhost:1', '10.0.0.1:65535', '[::1]:9092', 'kafka.example.com:9093'])(
    'accepts %s unchanged',
    (text) => {
      expect(parseBrokerAddress(text)).toBe(text)
    },
  )

  it.each([
    '',
    'kafka-1',
    ':9092',
    'kafka-1:',
    'kafka-1:0',
    'kafka-1:65536',
    'kafka 1:9092',
    'a:b',
    '::1:9092',
  ])('rejects %j', (text) => {
    expect(() => parseBrokerAddress(text)).toThrow(
      `"${text}" is not a broker address; use host:port, e.g. kafka-1:9092`,
    )
  })
})

describe('parseRegex', () => {
  it('is unanchored, like kafka_exporter', () => {
    const re = parseRegex('orders')
    expect(re.test('eu.orders.v1')).toBe(true)
    expect(re.test('payments')).toBe(false)
  })

  it('names the bad expression, the reason and where it is', () => {
    expect(() => parseRegex('a(')).toThrow(
      '"a(" is not a valid RE2 regular expression: missing closing ) at character 2: "a("',
    )
    expect(() => parseRegex('orders-\\q')).toThrow(
      '"orders-\\q" is not a valid RE2 regular expression: invalid escape sequence at character 8: "\\q"',
    )
    expect(() => parseRegex('^(a|b))$')).toThrow('unexpected ) at character 7: "^(a|b))$"')
  })
})

describe('parseEnum', () => {
  const levels = ['debug', 'info'] as const
  it('accepts a member', () => {
    expect(parseEnum('info', levels)).toBe('info')
  })
  it.each(['INFO', '', 'trace'])('rejects %j, listing the choices', (text) => {
    expect(() => parseEnum(text, levels)).toThrow(`"${text}" is not one of debug, info`)
  })
})
