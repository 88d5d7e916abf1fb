import { describe, expect, it } from 'vitest'
import { KafkascopeError } from '../../../src/errors.js'
import { AuthBackoff } from '../../../src/kafka/auth-backoff.js'

const refused = new KafkascopeError(
  'KSC_KAFKA_AUTH',
  'failed to authenticate to broker b:9094 with PLAIN: bad',
)

describe('AuthBackoff', () => {
  function fixture() {
    let now = 0
    const backoff = new AuthBackoff({ baseMs: 1000, maxMs: 4000, now: () => now })
    /** Whether a connection attempt is allowed at `t`. */
    const allowedAt = (t: number, fingerprint = 'f1') => {
      now = t
      try {
        backoff.check(fingerprint)
        return true
      } catch (error) {
        expect((error as KafkascopeError).code).toBe('KSC_KAFKA_AUTH')
        return false
      }
    }
    return { backoff, allowedAt, setNow: (t: number) => (now = t) }
  }

  it('retries the first failure at once, then waits 1, 2, 4, 4 s (capped) between attempts', () => {
    const { backoff, allowedAt } = fixture()
    expect(allowedAt(0)).toBe(true)
    backoff.failed(refused, 'f1') // 1st failure at 0: no wait
    expect(allowedAt(0)).toBe(true)
    backoff.failed(refused, 'f1') // 2nd at 0: 1 s
    expect([allowedAt(999), allowedAt(1000)]).toEqual([false, true])
    backoff.failed(refused, 'f1') // 3rd at 1000: 2 s
    expect([allowedAt(2999), allowedAt(3000)]).toEqual([false, true])
    backoff.failed(refused, 'f1') // 4th at 3000: 4 s
    expect([allowedAt(6999), allowedAt(7000)]).toEqual([false, true])
    backoff.failed(refused, 'f1') // 5th at 7000: capped at 4 s
    expect([allowedAt(10_999), allowedAt(11_000)]).toEqual([false, true])
  })

  it('reports the last failure while waiting, saying for how long', () => {
    const { backoff, setNow } = fixture()
    backoff.failed(refused, 'f1')
    backoff.failed(refused, 'f1')
    setNow(200)
    expect(() => backoff.check('f1')).toThrow(
      'failed to authenticate to broker b:9094 with PLAIN: bad (not retried for another 1s after 2 failures in a row, unless a secret or certificate file changes)',
    )
  })

  it('retries at once when a secret or certificate file changed, and starts over', () => {
    const { backoff, allowedAt } = fixture()
    for (let i = 0; i < 4; i++) backoff.failed(refused, 'f1')
    expect(allowedAt(100, 'f1')).toBe(false)
    expect(allowedAt(100, 'f2')).toBe(true)
    backoff.failed(refused, 'f2') // counts as a first failure again
    expect(allowedAt(100, 'f2')).toBe(true)
  })

  it('forgets failures after a success', () => {
    const { backoff, allowedAt } = fixture()
    for (let i = 0; i < 3; i++) backoff.failed(refused, 'f1')
    backoff.succeeded()
    expect(allowedAt(0)).toBe(true)
  })
})
