import { describe, expect, it } from 'vitest'
import { AllFailedError, raceInTurn, SlowBrokers } from '../../../src/kafka/failover.js'

const never = () => new Promise<never>(() => {})
const resolveIn = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms))

describe('raceInTurn', () => {
  it('asks only the first candidate when it answers', async () => {
    const asked: string[] = []
    const answer = await raceInTurn(
      ['a', 'b', 'c'],
      async (c) => {
        asked.push(c)
        return `from ${c}`
      },
      50,
    )
    expect(answer).toBe('from a')
    await resolveIn(120, null)
    expect(asked).toEqual(['a'])
  })

  it('asks the next candidate after the stagger delay while the first hangs, and takes its answer', async () => {
    const startedAt: Record<string, number> = {}
    const t0 = Date.now()
    const answer = await raceInTurn(
      ['hung', 'live'],
      (c) => {
        startedAt[c] = Date.now() - t0
        return c === 'hung' ? never() : resolveIn(5, 'from live')
      },
      100,
    )
    expect(answer).toBe('from live')
    expect(startedAt.hung).toBeLessThan(50)
    expect(startedAt.live).toBeGreaterThanOrEqual(95)
  })

  it('asks the next candidate at once when one fails, without waiting for the stagger', async () => {
    const t0 = Date.now()
    const answer = await raceInTurn(
      ['refused', 'live'],
      (c) => (c === 'refused' ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve('from live')),
      10_000,
    )
    expect(answer).toBe('from live')
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('a slow first answer still wins when it comes before the later ones', async () => {
    const answer = await raceInTurn(['slow', 'slower'], (c) => resolveIn(c === 'slow' ? 80 : 500, c), 20)
    expect(answer).toBe('slow')
  })

  it('fails with every candidate’s error, in candidate order, when all fail', async () => {
    const error = await raceInTurn(
      ['a', 'b', 'c'],
      (c) =>
        c === 'a'
          ? resolveIn(60, null).then(() => Promise.reject(new Error('a timed out')))
          : Promise.reject(new Error(`${c} refused`)),
      10,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AllFailedError)
    expect((error as AllFailedError).errors.map((e) => (e as Error).message)).toEqual([
      'a timed out',
      'b refused',
      'c refused',
    ])
  })

  it('fails at once with no candidates', async () => {
    await expect(raceInTurn([], () => Promise.resolve(1), 10)).rejects.toBeInstanceOf(AllFailedError)
  })
})

describe('SlowBrokers', () => {
  const a = { host: 'a', port: 1 }
  const b = { host: 'b', port: 1 }
  const c = { host: 'c', port: 1 }

  it('orders addresses that timed out last, keeping the configured order otherwise', () => {
    const slow = new SlowBrokers(60_000)
    slow.timedOut(a)
    expect(slow.order([a, b, c])).toEqual([b, c, a])
    slow.timedOut(c)
    expect(slow.order([a, b, c])).toEqual([b, a, c])
  })

  it('forgets an address once it answers, or when the hold time has passed', () => {
    let now = 0
    const slow = new SlowBrokers(60_000, () => now)
    slow.timedOut(a)
    slow.timedOut(b)
    slow.answered(b)
    expect(slow.order([a, b, c])).toEqual([b, c, a])
    now = 59_999
    expect(slow.isSlow(a)).toBe(true)
    now = 60_000
    expect(slow.isSlow(a)).toBe(false)
    expect(slow.order([a, b, c])).toEqual([a, b, c])
  })
})
