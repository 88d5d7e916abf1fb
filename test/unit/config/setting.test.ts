import { describe, expect, it } from 'vitest'
import { formatDefault, SETTINGS } from '../../../src/config/settings.js'

describe('the kind of each setting', () => {
  // formatDefault shows a default by its kind; a kind that disagrees with the parser (a byte size declared as a
  // duration) would show a default that --help, the README and the reference config give users but that fails.
  it.each(SETTINGS.filter((s) => s.default !== undefined).map((s) => [s.flag, s] as const))(
    '--%s: the default as shown parses back to the default',
    (_flag, s) => {
      const shown = formatDefault(s)
      const texts = s.repeatable ? shown.split(',').filter((t) => t !== '') : [shown]
      const parse = s.parse as (text: string) => unknown
      const parsed = s.repeatable ? texts.map(parse) : parse(shown)
      expect(parsed).toEqual(s.default)
    },
  )

  it('says which settings are booleans, paths and secrets', () => {
    const flags = (kind: string) => SETTINGS.filter((s) => s.kind === kind).map((s) => s.flag)
    expect(flags('boolean')).toEqual([
      'sasl.enabled',
      'tls.enabled',
      'tls.insecure-skip-tls-verify',
      'server.tls.enabled',
      'server.tls.mutual-auth-enabled',
    ])
    expect(flags('secret')).toEqual(['sasl.password', 'sasl.oauthbearer-client-secret', 'tls.key-password'])
    expect(flags('path').every((f) => f.endsWith('file'))).toBe(true)
    expect(flags('duration')).toEqual([
      'poll.interval',
      'poll.timeout',
      'topic.config-refresh-interval',
      'log-dirs.refresh-interval',
      'status.window',
      'group.inactive-grace',
    ])
  })
})
