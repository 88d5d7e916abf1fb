import { describe, expect, it } from 'vitest'
import { ClientBackoff } from '../../../src/http/client-backoff.js'

function backoff(maxClients = 100) {
  let now = 0
  const b = new ClientBackoff({ baseMs: 250, maxMs: 10_000, forgetMs: 60_000, maxClients, now: () => now })
  return {
    b,
    at: (t: number) => {
      now = t
    },
  }
}

describe('ClientBackoff', () => {
  it('doubles the wait with each failure in a row, up to the maximum', () => {
    const { b, at } = backoff()
    const waits: number[] = []
    let t = 0
    for (let i = 0; i < 8; i++) {
      at(t)
      b.failed('a')
      waits.push(b.retryAfterMs('a'))
      t += waits[i] as number
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000])
    at(t - 1)
    expect(b.retryAfterMs('a')).toBe(1)
    at(t)
    expect(b.retryAfterMs('a')).toBe(0)
  })

  it('is per client, ends on a success and forgets a client quiet for forgetMs', () => {
    const { b, at } = backoff()
    b.failed('a')
    b.failed('a')
    b.failed('b')
    expect([b.retryAfterMs('a'), b.retryAfterMs('b'), b.retryAfterMs('c')]).toEqual([500, 250, 0])
    b.succeeded('a')
    expect(b.retryAfterMs('a')).toBe(0)
    at(60_000)
    expect(b.retryAfterMs('b')).toBe(0)
    expect(b.size).toBe(0)
    b.failed('b')
    // Starts afresh, not at the fourth step.
    expect(b.retryAfterMs('b')).toBe(250)
  })

  it('remembers at most maxClients, forgetting the longest-quiet first', () => {
    const { b, at } = backoff(3)
    for (const [i, client] of ['a', 'b', 'c', 'd'].entries()) {
      at(i)
      b.failed(client)
    }
    expect(b.size).toBe(3)
    expect(b.retryAfterMs('a')).toBe(0)
    expect(b.retryAfterMs('d')).toBe(250)
  })
})
