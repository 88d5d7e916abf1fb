import { describe, expect, it } from 'vitest'
import { Poller } from '../../../src/collect/poller.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { createLogger } from '../../../src/log.js'
import { snapshot } from '../../fakes/snapshot.js'

const silent = createLogger({ level: 'error', format: 'json' }, () => {})

describe('Poller', () => {
  it('never runs two polls at once, even when a poll takes longer than the interval', async () => {
    let running = 0
    let maxRunning = 0
    let polls = 0
    const poller = new Poller({
      intervalMs: 10,
      target: 'k:9092',
      log: silent,
      poll: async () => {
        running++
        maxRunning = Math.max(maxRunning, running)
        await new Promise((r) => setTimeout(r, 30))
        running--
        polls++
        return snapshot()
      },
      onSnapshot: () => {},
    })
    poller.start()
    while (polls < 4) await new Promise((r) => setTimeout(r, 10))
    await poller.stop()
    expect(maxRunning).toBe(1)
  })

  it('hands each snapshot on, with the previous one as input to the next poll', async () => {
    const seen: (Snapshot | null)[] = []
    const made: Snapshot[] = []
    const poller = new Poller({
      intervalMs: 5,
      target: 'k:9092',
      log: silent,
      poll: async (previous) => {
        seen.push(previous)
        const s = snapshot({ startedAt: made.length })
        made.push(s)
        return s
      },
      onSnapshot: () => {},
    })
    poller.start()
    while (made.length < 3) await new Promise((r) => setTimeout(r, 5))
    await poller.stop()
    expect(seen[0]).toBeNull()
    expect(seen[1]).toBe(made[0])
    expect(seen[2]).toBe(made[1])
    expect(poller.latest).toBe(made[made.length - 1])
  })

  it('stops without waiting for a poll that hangs (shutdown must fit the grace period)', async () => {
    let started = false
    const poller = new Poller({
      intervalMs: 1000,
      target: 'k:9092',
      log: silent,
      poll: () => {
        started = true
        return new Promise<Snapshot>(() => {})
      },
      onSnapshot: () => {},
    })
    poller.start()
    while (!started) await new Promise((r) => setTimeout(r, 5))
    const outcome = await Promise.race([
      poller.stop(50).then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still waiting'), 2000)),
    ])
    expect(outcome).toBe('stopped')
  })

  it('keeps polling after a poll throws, and logs it', async () => {
    const lines: string[] = []
    let calls = 0
    const poller = new Poller({
      intervalMs: 5,
      target: 'k:9092',
      log: createLogger({ level: 'error', format: 'json' }, (l) => {
        lines.push(l)
      }),
      poll: async () => {
        calls++
        if (calls === 1) throw new Error('boom')
        return snapshot()
      },
      onSnapshot: () => {},
    })
    poller.start()
    while (calls < 3) await new Promise((r) => setTimeout(r, 5))
    await poller.stop()
    expect(lines.some((l) => l.includes('poll crashed') && l.includes('boom'))).toBe(true)
  })
})
