import { hashSync, verify } from '@node-rs/bcrypt'
import { describe, expect, it } from 'vitest'
import { BasicAuth, type BasicAuthOptions, RateLimiter } from '../../../src/http/basic-auth.js'
import { ClientBackoff } from '../../../src/http/client-backoff.js'

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
// Cost 4 keeps the test fast; the toolkit's $2y$ prefix is what htpasswd writes.
const HASH = hashSync('right:password', 4).replace(/^\$2b\$/, '$2y$')
const RIGHT = basic('prometheus', 'right:password')

function counting(options: BasicAuthOptions = {}): { auth: BasicAuth; hashes: string[] } {
  const hashes: string[] = []
  const auth = new BasicAuth(new Map([['prometheus', HASH]]), {
    verifyHash: (p, h) => {
      hashes.push(h)
      return verify(p, h)
    },
    ...options,
  })
  return { auth, hashes }
}

/** Verifications that wait until the test releases them (and pass straight through after). */
function gated(): { verifyHash: BasicAuthOptions['verifyHash']; release: () => void; running: () => number } {
  let running = 0
  let open = false
  const waiting: (() => void)[] = []
  return {
    verifyHash: (p, h) => {
      running++
      return new Promise<void>((r) => (open ? r() : waiting.push(r))).then(() => {
        running--
        return verify(p, h)
      })
    },
    release: () => {
      open = true
      for (const r of waiting.splice(0)) r()
    },
    running: () => running,
  }
}

describe('BasicAuth', () => {
  it.each<[string, string | undefined, string]>([
    ['the right user and password (a password may contain ":")', RIGHT, 'ok'],
    ['a wrong password', basic('prometheus', 'wrong'), 'denied'],
    ['an unknown user with the right password', basic('grafana', 'right:password'), 'denied'],
    ['no header', undefined, 'denied'],
    ['another scheme', 'Bearer abc', 'denied'],
    ['no colon in the credentials', `Basic ${Buffer.from('prometheus').toString('base64')}`, 'denied'],
    ['a lower-case scheme', RIGHT.replace('Basic', 'basic'), 'ok'],
  ])('%s', async (_, header, kind) => {
    expect((await counting().auth.verify(header, '10.0.0.1')).kind).toBe(kind)
  })

  it('verifies the right credentials once, then answers from the cache until the TTL', async () => {
    let now = 0
    const { auth, hashes } = counting({ now: () => now })
    for (let i = 0; i < 3; i++) expect(await auth.verify(RIGHT, '10.0.0.1')).toEqual({ kind: 'ok' })
    expect(hashes).toHaveLength(1)
    now = 10 * 60_000 - 1
    await auth.verify(RIGHT, '10.0.0.1')
    expect(hashes).toHaveLength(1)
    now += 10 * 60_000
    await auth.verify(RIGHT, '10.0.0.1')
    expect(hashes).toHaveLength(2)
  })

  it('keeps verified credentials through a reload that leaves their hash alone, not one that changes it', async () => {
    const { auth, hashes } = counting()
    await auth.verify(RIGHT, '10.0.0.1')
    auth.setUsers(
      new Map([
        ['prometheus', HASH],
        ['grafana', HASH],
      ]),
    )
    expect(await auth.verify(RIGHT, '10.0.0.1')).toEqual({ kind: 'ok' })
    expect(hashes).toHaveLength(1)
    auth.setUsers(new Map([['prometheus', hashSync('right:password', 4)]]))
    expect(await auth.verify(RIGHT, '10.0.0.1')).toEqual({ kind: 'ok' })
    expect(hashes).toHaveLength(2)
    auth.setUsers(new Map([['grafana', HASH]]))
    expect(await auth.verify(RIGHT, '10.0.0.1')).toEqual({ kind: 'denied' })
  })

  it('keeps the right credentials cached through a flood of unique wrong passwords', async () => {
    const { auth, hashes } = counting()
    await auth.verify(RIGHT, '10.0.0.1')
    for (let i = 0; i < 300; i++)
      expect((await auth.verify(basic('prometheus', `guess-${i}`), `10.1.${i >> 8}.${i & 255}`)).kind).toBe(
        'denied',
      )
    expect(hashes).toHaveLength(301)
    expect(await auth.verify(RIGHT, '10.0.0.1')).toEqual({ kind: 'ok' })
    expect(hashes).toHaveLength(301)
  })

  it('verifies an unknown user against a dummy hash of the configured cost, not the cached or real one', async () => {
    const { auth, hashes } = counting()
    expect((await auth.verify(basic('nobody', 'right:password'), '10.0.0.1')).kind).toBe('denied')
    expect(hashes).toHaveLength(1)
    expect(hashes[0]).toMatch(/^\$2[aby]\$04\$/)
    expect(hashes[0]).not.toBe(HASH)
  })

  it('makes a client that failed wait (429) before its next uncached attempt; others and cached ones go on', async () => {
    let now = 0
    const backoff = new ClientBackoff({
      baseMs: 250,
      maxMs: 10_000,
      forgetMs: 60_000,
      maxClients: 100,
      now: () => now,
    })
    const { auth, hashes } = counting({ backoff, now: () => now })
    await auth.verify(RIGHT, '10.0.0.1')
    expect((await auth.verify(basic('prometheus', 'wrong'), '10.0.0.1')).kind).toBe('denied')
    // The same address: wrong user or wrong password alike are refused without bcrypt; the cached pair still works.
    expect(await auth.verify(basic('prometheus', 'wrong-2'), '10.0.0.1')).toEqual({
      kind: 'throttled',
      retryAfterMs: 250,
    })
    expect(await auth.verify(basic('nobody', 'wrong-2'), '10.0.0.1')).toEqual({
      kind: 'throttled',
      retryAfterMs: 250,
    })
    expect(await auth.verify(RIGHT, '10.0.0.1')).toEqual({ kind: 'ok' })
    expect((await auth.verify(basic('prometheus', 'wrong-3'), '10.0.0.2')).kind).toBe('denied')
    expect(hashes).toHaveLength(3)
    now = 250
    expect((await auth.verify(basic('prometheus', 'wrong-4'), '10.0.0.1')).kind).toBe('denied')
    expect(hashes).toHaveLength(4)
  })

  it('runs at most two verifications at once and answers 429 beyond them, without queueing', async () => {
    const gate = gated()
    const { auth } = counting({ verifyHash: gate.verifyHash })
    const first = auth.verify(basic('prometheus', 'a'), '10.0.0.1')
    const second = auth.verify(basic('nobody', 'b'), '10.0.0.2')
    await new Promise((r) => setTimeout(r, 50))
    expect(gate.running()).toBe(2)
    expect(await auth.verify(RIGHT, '10.0.0.3')).toEqual({ kind: 'throttled', retryAfterMs: 1000 })
    expect(gate.running()).toBe(2)
    gate.release()
    expect([(await first).kind, (await second).kind]).toEqual(['denied', 'denied'])
    expect(await auth.verify(RIGHT, '10.0.0.3')).toEqual({ kind: 'ok' })
  })

  it('shares one verification between simultaneous requests with the same credentials (an HA pair)', async () => {
    const gate = gated()
    const { auth } = counting({ verifyHash: gate.verifyHash, maxInFlight: 1 })
    const both = [auth.verify(RIGHT, '10.0.0.1'), auth.verify(RIGHT, '10.0.0.2')]
    await new Promise((r) => setTimeout(r, 20))
    expect(gate.running()).toBe(1)
    gate.release()
    expect(await Promise.all(both)).toEqual([{ kind: 'ok' }, { kind: 'ok' }])
  })

  it('takes as long for an unknown user as for a wrong password (timing overlaps)', async () => {
    // Real bcrypt at cost 8 (~15 ms); a dummy of another cost (the toolkit's fixed cost 10) would be 4× slower.
    const auth = new BasicAuth(new Map([['prometheus', hashSync('secret', 8)]]))
    const times: Record<'user' | 'password', number[]> = { user: [], password: [] }
    // The dummy hash is made in the thread pool at construction; the first attempt would wait for it.
    await auth.verify(basic('warm-up', 'x'), '10.9.9.9')
    for (let i = 0; i < 24; i++) {
      const which = i % 2 === 0 ? 'user' : 'password'
      const t = performance.now()
      const verdict = await auth.verify(
        basic(which === 'user' ? `nobody-${i}` : 'prometheus', `wrong-${i}`),
        `10.2.0.${i}`,
      )
      times[which].push(performance.now() - t)
      expect(verdict.kind).toBe('denied')
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number
    const ratio = median(times.user) / median(times.password)
    expect(ratio, JSON.stringify(times)).toBeGreaterThan(0.5)
    expect(ratio, JSON.stringify(times)).toBeLessThan(2)
    expect(Math.min(...times.user)).toBeLessThan(Math.max(...times.password))
    expect(Math.min(...times.password)).toBeLessThan(Math.max(...times.user))
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
