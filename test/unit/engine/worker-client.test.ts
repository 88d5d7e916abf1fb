import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants, inflateRawSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { EngineWorker } from '../../../src/engine/worker-client.js'
import { createLogger } from '../../../src/log.js'

const CRASHING = new URL('../../support/crashing-worker.ts', import.meta.url)

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

// The first deflated piece of the text format holds the fake worker's whole one-line body.
const served = (w: EngineWorker) =>
  inflateRawSync(w.current().gzipped.text.deflated[0] as Buffer, {
    finishFlush: constants.Z_SYNC_FLUSH,
  }).toString()

describe('the poll worker seen from the main thread', () => {
  it('restarts a worker that died, serving the last poll until the new one has polled', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kafkascope-worker-'))
    const counter = join(dir, 'count')
    await writeFile(counter, '')
    const lines: string[] = []
    const log = createLogger({ level: 'info', format: 'json' }, (line) => lines.push(line))
    const worker = await EngineWorker.start({ config: { counter }, logLevel: 'info' }, log, CRASHING)
    try {
      await until(() => served(worker) === 'instance 1 polled true\n')
      expect(worker.ready()).toBe(true)
      // The crash, then a restart after 1 s: meanwhile (and during the new worker's own initial exposition) the last
      // polled data stays served.
      await until(() => lines.some((l) => l.includes('the poll worker exited; restarting it')))
      expect(served(worker)).toBe('instance 1 polled true\n')
      expect(lines.some((l) => l.includes('poll worker crashed on purpose'))).toBe(true)
      await until(() => served(worker) === 'instance 2 polled true\n', 10_000)
      expect(await readFile(counter, 'utf8')).toBe('2')
      expect(worker.heap()).toEqual({ used: 1, total: 2, external: 3 })
    } finally {
      await worker.stop()
    }
  }, 20_000)

  it('answers API calls with 503 while no worker runs, instead of hanging', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kafkascope-worker-'))
    const counter = join(dir, 'count')
    await writeFile(counter, '')
    const log = createLogger({ level: 'fatal', format: 'json' }, () => {})
    const worker = await EngineWorker.start({ config: { counter }, logLevel: 'info' }, log, CRASHING)
    try {
      await until(() => served(worker) === 'instance 1 polled true\n')
      // The stand-in never answers API calls: the wait is bounded (10 s) or cut short by its exit.
      const answer = await worker.api('/api/v1/cluster', Date.now())
      expect(answer.status).toBe(503)
      expect(JSON.parse(answer.json)).toMatchObject({ error: { code: 'unavailable' } })
    } finally {
      await worker.stop()
    }
  }, 20_000)
})

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}
