import { describe, expect, it } from 'vitest'
import { createLogger, toLogfmt } from '../../src/log.js'

function capture(level: string, format: 'logfmt' | 'json') {
  const lines: string[] = []
  const log = createLogger({ level, format }, (line) => lines.push(line))
  return { log, lines }
}

describe('toLogfmt', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['bare words', { level: 'info', msg: 'started' }, 'level=info msg=started'],
    ['spaces', { msg: 'serving metrics' }, 'msg="serving metrics"'],
    ['double quotes', { msg: 'say "hi"' }, 'msg="say \\"hi\\""'],
    ['equals signs', { filter: 'a=b' }, 'filter="a=b"'],
    ['backslashes', { path: 'C:\\x' }, 'path="C:\\\\x"'],
    ['newlines', { err: 'a\nb' }, 'err="a\\nb"'],
    ['tabs', { err: 'a\tb' }, 'err="a\\tb"'],
    ['an empty string', { rack: '' }, 'rack=""'],
    ['numbers and booleans', { duration_ms: 12.5, n: -3, ok: true }, 'duration_ms=12.5 n=-3 ok=true'],
    ['null', { cluster: null }, 'cluster=null'],
    ['arrays', { errors: ['a', 'b c'] }, 'errors="[\\"a\\",\\"b c\\"]"'],
    ['objects', { err: { code: 1 } }, 'err="{\\"code\\":1}"'],
    ['unicode unquoted', { topic: 'tøpic-€' }, 'topic=tøpic-€'],
    ['an address with colons', { kafka: 'a:9092,b:9092' }, 'kafka=a:9092,b:9092'],
  ])('encodes %s', (_, record, expected) => {
    expect(toLogfmt(`${JSON.stringify(record)}\n`)).toBe(`${expected}\n`)
  })

  it('keeps the key order of the record', () => {
    expect(toLogfmt('{"z":1,"a":2,"m":3}')).toBe('z=1 a=2 m=3\n')
  })
})

describe('createLogger', () => {
  it('writes logfmt with level, timestamp, fields and message', () => {
    const { log, lines } = capture('info', 'logfmt')
    log.info({ address: '0.0.0.0:9308', path: '/metrics' }, 'serving metrics')
    expect(lines).toHaveLength(1)
    const line = lines[0] as string
    expect(line.endsWith('\n')).toBe(true)
    expect(line).toMatch(/^level=info /)
    expect(line).toMatch(/ ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /)
    expect(line).toContain(' address=0.0.0.0:9308 path=/metrics ')
    expect(line).toContain(' msg="serving metrics"')
    expect(line).not.toContain('pid=')
    expect(line).not.toContain('hostname=')
  })

  it('passes json through as one JSON object per line', () => {
    const { log, lines } = capture('info', 'json')
    log.warn({ collector: 'groups', errors: ['x'] }, 'collector failed')
    expect(lines).toHaveLength(1)
    const line = lines[0] as string
    expect(line.endsWith('\n')).toBe(true)
    const record = JSON.parse(line) as Record<string, unknown>
    expect(record).toMatchObject({
      level: 'warn',
      collector: 'groups',
      errors: ['x'],
      msg: 'collector failed',
    })
    expect(new Date(record.ts as string).toISOString()).toBe(record.ts)
    expect(record).not.toHaveProperty('pid')
    expect(record).not.toHaveProperty('time')
  })

  it.each<[string, string[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('at level %s logs %j', (level, expected) => {
    const { log, lines } = capture(level, 'json')
    log.debug('d')
    log.info('i')
    log.warn('w')
    log.error('e')
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(expected)
  })

  it('cuts every string field and the message to 4096 characters, whatever a library or broker echoes', () => {
    const { log, lines } = capture('info', 'json')
    const huge = 'h'.repeat(100_000)
    log.error({ err: huge, nested: { host: huge }, list: [huge], n: 1 }, `failed: ${huge}`)
    expect(lines[0]?.length).toBeLessThan(5 * 4200)
    const cut = `${'h'.repeat(4096)}… (100000 characters)`
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      err: cut,
      nested: { host: cut },
      list: [cut],
      n: 1,
      msg: `failed: ${'h'.repeat(4088)}… (100008 characters)`,
    })
  })

  it('logfmt lines are bounded too', () => {
    const { log, lines } = capture('info', 'logfmt')
    log.warn({ kafka: 'k'.repeat(410_000) }, 'polling')
    expect(lines[0]).toContain(`kafka="${'k'.repeat(4096)}… (410000 characters)"`)
    expect(lines[0]?.length).toBeLessThan(4300)
  })
})
