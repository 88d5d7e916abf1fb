import { compare, hashSync } from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { BasicAuth, RateLimiter } from '../../../src/http/basic-auth.js'

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
// Cost 4 keeps the test fast; the toolkit's $2y$ prefix is what htpasswd writes.
const HASH = hashSync('right:password', 4).replace(/^\$2b\$/, '$2y$')

function counting(): { auth: BasicAuth; calls: () => number } {
  let calls = 0
  const auth = new BasicAuth(new Map([['prometheus', HASH]]), (p, h) => {
    calls++
    return compare(p, h)
  })
  return { auth, calls: () => calls }
}

describe('BasicAuth', () => {
  it.each<[string, string | undefined, boolean]>([
    ['the right user and password (a password may contain ":")', basic('prometheus', 'right:password'), true],
    ['a wrong password', basic('prometheus', 'wrong'), false],
    ['an unknown user with the right password', basic('grafana', 'right:password'), false],
    ['no header', undefined, false],
    ['another scheme', 'Bearer abc', false],
    ['no colon in the credentials', `Basic ${Buffer.from('prometheus').toString('base64')}`, false],
    ['a lower-case scheme', basic('prometheus', 'right:password').replace('Basic', 'basic'), true],
  ])('%s', async (_, header, ok) => {
    expect(await counting().auth.verify(header)).toBe(ok)
  })

  it('runs bcrypt once per distinct credentials, then answers from the cache', async () => {
    const { auth, calls } = counting()
    for (let i = 0; i < 3; i++) expect(await auth.verify(basic('prometheus', 'right:password'))).toBe(true)
    expect(calls()).toBe(1)
    for (let i = 0; i < 3; i++) expect(await auth.verify(basic('prometheus', 'wrong'))).toBe(false)
    expect(calls()).toBe(2)
  })

  it('costs an unknown user a bcrypt comparison too (no user enumeration by timing)', async () => {
    const { auth, calls } = counting()
    expect(await auth.verify(basic('nobody', 'x'))).toBe(false)
    expect(calls()).toBe(1)
  })

  it('compares one at a time, so a burst of guesses cannot take every core', async () => {
    let running = 0
    let peak = 0
    const auth = new BasicAuth(new Map([['u', HASH]]), async (p, h) => {
      running++
      peak = Math.max(peak, running)
      const ok = await compare(p, h)
      running--
      return ok
    })
    await Promise.all(Array.from({ length: 5 }, (_, i) => auth.verify(basic('u', `guess-${i}`))))
    expect(peak).toBe(1)
  })

  it('is disabled without users', () => {
    expect(new BasicAuth(new Map()).enabled).toBe(false)
    expect(counting().auth.enabled).toBe(true)
  })
})

describe('RateLimiter (rate_limit)', () => {
  it('allows a burst, then one request per interval', () => {
    let now = 0
    const limiter = new RateLimiter(1000, 2, () => now)
    expect([limiter.allow(), limiter.allow(), limiter.allow()]).toEqual([true, true, false])
    now = 999
    expect(limiter.allow()).toBe(false)
    now = 1000
    expect(limiter.allow()).toBe(true)
    now = 10_000
    // Refills up to the burst, not beyond.
    expect([limiter.allow(), limiter.allow(), limiter.allow()]).toEqual([true, true, false])
  })
})
