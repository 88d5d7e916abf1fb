import { afterEach, describe, expect, it, vi } from 'vitest'
import { beforeDeadline } from '../../../src/collect/deadline.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('beforeDeadline', () => {
  it('names the time that was left in whole milliseconds (stage deadlines are fractions of the poll)', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const never = new Promise<never>(() => {})
    const raced = beforeDeadline(never, 1_000_000 + 5995.39990234375).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(5996)
    expect(await raced).toMatchObject({
      code: 'KSC_POLL_TIMEOUT',
      message: 'no answer within the 5995 ms left of the poll',
    })
  })

  it('says 1 ms, not 0, when less than half a millisecond was left', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const raced = beforeDeadline(new Promise<never>(() => {}), 1_000_000.3).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1)
    expect(((await raced) as Error).message).toBe('no answer within the 1 ms left of the poll')
  })

  it('passes an answer that comes in time through', async () => {
    await expect(beforeDeadline(Promise.resolve(42), Date.now() + 1000)).resolves.toBe(42)
  })
})
