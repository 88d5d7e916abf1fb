import { describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import { marshal, revive } from '../../../src/engine/marshal.js'
import { REDACTED, Secret, scrubSecrets } from '../../../src/secret.js'

describe('settings handed to the poll worker', () => {
  it('keeps plain data and turns Secrets back into Secrets', () => {
    const config = {
      servers: ['a:9092', 'b:9092'],
      timeout: 5000,
      sasl: { mechanism: 'plain', password: new Secret('hunter2-marshal') },
      none: null,
      flag: false,
    }
    const wire = structuredClone(marshal(config))
    const back = revive(wire) as typeof config
    expect(back.servers).toEqual(['a:9092', 'b:9092'])
    expect(back.timeout).toBe(5000)
    expect(back.none).toBeNull()
    expect(back.flag).toBe(false)
    expect(back.sasl.password).toBeInstanceOf(Secret)
    expect(back.sasl.password.reveal()).toBe('hunter2-marshal')
    expect(JSON.stringify(back)).not.toContain('hunter2')
    expect(scrubSecrets('x hunter2-marshal y')).toBe(`x ${REDACTED} y`)
  })

  it('refuses what would arrive different in the worker', () => {
    expect(() => marshal({ a: { f: () => 1 } })).toThrow(/config\.a\.f: a function/)
    expect(() => marshal({ when: new Date(0) })).toThrow(/config\.when: a Date/)
    expect(() => marshal({ m: new Map() })).toThrow(/config\.m: a Map/)
  })

  it('carries a whole parsed configuration, secrets included, unchanged', () => {
    const invocation = parseInvocation(
      [
        '--kafka.server=k1:9092',
        '--sasl.enabled',
        '--sasl.username=u',
        '--sasl.password=pw-from-flag',
        '--topic.filter=^orders',
      ],
      {},
    )
    if (invocation.kind !== 'run') throw new Error(`unexpected ${invocation.kind}`)
    const back = revive(structuredClone(marshal(invocation.config)))
    expect(JSON.stringify(back)).toBe(JSON.stringify(invocation.config))
    const password = (back as { saslPassword?: Secret }).saslPassword
    expect(password?.reveal()).toBe('pw-from-flag')
  })
})
