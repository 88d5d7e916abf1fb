// A stand-in for the poll worker (src/poll-worker.ts) that dies: each start counts itself in a file, publishes
// what a real one does (an initial exposition, then a polled one naming its instance), and the first instance then
// throws, so the client's restart can be watched. Used by test/unit/engine/worker-client.test.ts.
import { readFileSync, writeFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import type { FromWorker } from '../../src/engine/messages.js'
import { pack } from '../../src/engine/transport.js'
import { compress } from '../../src/metrics/exposition.js'
import { Rendered } from '../../src/metrics/rendered.js'

const { counter } = (workerData as { config: { counter: string } }).config
const instance = Number(readFileSync(counter, 'utf8') || '0') + 1
writeFileSync(counter, String(instance))

function publish(polled: boolean): void {
  const rendered = new Rendered(Buffer.from(`instance ${instance} polled ${polled}\n`))
  const { message, transfer } = pack({
    gzipped: compress(rendered),
    lastSuccessAt: instance,
    polled,
  })
  const m: FromWorker = { type: 'publish', publication: message, heap: { used: 1, total: 2, external: 3 } }
  parentPort?.postMessage(m, transfer)
}

publish(false)
setTimeout(() => {
  publish(true)
  if (instance === 1)
    setTimeout(() => {
      throw new Error('poll worker crashed on purpose')
    }, 100)
}, 50)
parentPort?.on('message', (m: { type: string }) => {
  if (m.type === 'stop') parentPort?.postMessage({ type: 'stopped' })
})
