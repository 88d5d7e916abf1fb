import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/log.js'
import { rememberSecret, Secret, scrubSecrets } from '../../src/secret.js'

describe('Secret', () => {
  it('shows <redacted> however it is printed, and the value only through reveal()', () => {
    const s = new Secret('hunter2-password')
    expect(s.reveal()).toBe('hunter2-password')
    expect(String(s)).toBe('<redacted>')
    expect(`${s}`).toBe('<redacted>')
    expect(JSON.stringify({ password: s })).toBe('{"password":"<redacted>"}')
    expect(inspect({ s })).toBe('{ s: Secret(<redacted>) }')
  })
})

describe('log redaction', () => {
  function capture(format: 'json' | 'logfmt'): { lines: string[]; log: ReturnType<typeof createLogger> } {
    const lines: string[] = []
    return { lines, log: createLogger({ level: 'debug', format }, (l) => lines.push(l)) }
  }

  it.each(['json', 'logfmt'] as const)(
    'scrubs every known secret value from %s lines, even inside a message',
    (format) => {
      rememberSecret('quoted"pass\\word-1')
      new Secret('plain-secret-value-2')
      const { lines, log } = capture(format)
      log.error(
        { err: 'broker said: bad password plain-secret-value-2' },
        'login with quoted"pass\\word-1 failed',
      )
      const out = lines.join('')
      expect(out).not.toContain('plain-secret-value-2')
      expect(out).not.toContain('pass\\word-1')
      expect(out).not.toContain('pass\\\\word-1')
      expect(out.match(/<redacted>/g)).toHaveLength(2)
    },
  )

  it('censors fields named like credentials, at the top and one level down', () => {
    const { lines, log } = capture('json')
    log.info({ password: 'p-unknown-1', sasl: { token: 't-unknown-2', clientSecret: 'c-unknown-3' } }, 'x')
    const record = JSON.parse(lines[0] as string)
    expect(record.password).toBe('<redacted>')
    expect(record.sasl).toEqual({ token: '<redacted>', clientSecret: '<redacted>' })
  })

  it('leaves short values alone: a 3-character secret would blank out ordinary words', () => {
    rememberSecret('abc')
    expect(scrubSecrets('abcdef')).toBe('abcdef')
  })
})

describe('the scrub list', () => {
  it('keeps configured secrets however many tokens rotate through it', () => {
    rememberSecret('configured-password-123')
    for (let i = 0; i < 1000; i++) rememberSecret(`access-token-${i}-abcdefgh`, 'rotating')
    expect(scrubSecrets('auth failed for configured-password-123')).toBe('auth failed for <redacted>')
    // Old tokens go (bounded), recent ones are still scrubbed.
    expect(scrubSecrets('access-token-999-abcdefgh')).toBe('<redacted>')
    expect(scrubSecrets('access-token-0-abcdefgh')).toBe('access-token-0-abcdefgh')
  })
})
