import { afterEach, describe, expect, it } from 'vitest'
import { describeError, KafkascopeError } from '../../../src/errors.js'
import { KafkaClient } from '../../../src/kafka/client.js'
import { type HungListener, startHungListener } from '../../harness/hung-listener.js'

let t0 = 0
const elapsed = () => Date.now() - t0
const listeners: HungListener[] = []
const clients: KafkaClient[] = []

async function listen(behaviour: 'hang' | 'close'): Promise<HungListener> {
  const listener = await startHungListener(t0, behaviour)
  listeners.push(listener)
  return listener
}

const hung = () => listen('hang')
/** Accepts, then closes at once: a broker that is going away. */
const closing = () => listen('close')

function client(bootstrap: string[], requestTimeoutMs: number): KafkaClient {
  const c = new KafkaClient({ bootstrap, requestTimeoutMs })
  clients.push(c)
  return c
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
  for (const l of listeners.splice(0)) await l.close()
})

describe('KafkaClient against brokers that accept connections but never answer', () => {
  it('asks the second bootstrap address long before the first one’s request timeout', async () => {
    t0 = Date.now()
    const [first, second] = [await hung(), await hung()]
    const error = await client([first.address, second.address], 3000)
      .metadata()
      .catch((e: unknown) => e)

    expect(first.connections).toHaveLength(1)
    expect(second.connections).toHaveLength(1)
    // The stagger is at least 500 ms and at most half the request timeout.
    const gap = (second.connections[0]?.openedAt ?? 0) - (first.connections[0]?.openedAt ?? 0)
    expect(gap).toBeGreaterThanOrEqual(450)
    expect(gap).toBeLessThan(1500)
    expect(error).toBeInstanceOf(KafkascopeError)
    expect((error as KafkascopeError).code).toBe('KSC_KAFKA_UNREACHABLE')
    expect(describeError(error)).toMatch(
      new RegExp(`^failed to reach any broker \\(tried ${first.address}, ${second.address}\\)`),
    )
    expect(describeError(error)).toContain('timed out')
  })

  it('drops a connection whose request timed out instead of reusing it next time', async () => {
    t0 = Date.now()
    const only = await hung()
    const c = client([only.address], 1000)
    await expect(c.metadata()).rejects.toThrow(/failed to reach any broker/)
    // Closed by us right at the request timeout, not left open for the next poll to queue behind.
    await expect.poll(() => only.connections[0]?.closedAt, { timeout: 1000, interval: 10 }).toBeDefined()
    expect(only.connections[0]?.closedAt).toBeLessThan(1500)

    await expect(c.metadata()).rejects.toThrow(/failed to reach any broker/)
    expect(only.connections).toHaveLength(2)
  })

  it('asks an address that timed out last on the next call', async () => {
    t0 = Date.now()
    const [first, second] = [await hung(), await closing()]
    const c = client([first.address, second.address], 1000)
    await expect(c.metadata()).rejects.toThrow(/failed to reach any broker/)
    // First call: configured order, the second address only after the stagger.
    expect(second.connections[0]?.openedAt).toBeGreaterThan((first.connections[0]?.openedAt ?? 0) + 400)

    const before = elapsed()
    await expect(c.metadata()).rejects.toThrow(/failed to reach any broker/)
    const secondCall = (l: HungListener) => l.connections.find((x) => x.openedAt >= before)?.openedAt
    expect(secondCall(second)).toBeDefined()
    expect(secondCall(first)).toBeDefined()
    expect(secondCall(second) as number).toBeLessThanOrEqual(secondCall(first) as number)
  })
})
