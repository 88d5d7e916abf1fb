// The daemon's poll worker without Kafka, for bench/render.ts: the same synthetic snapshot analysed, rendered,
// gzipped and handed over (transferred) back to back, as src/poll-worker.ts does once per poll.
import { parentPort, workerData } from 'node:worker_threads'
import { analyze, EMPTY_STATE } from '../src/analysis/analyzer.js'
import { pack } from '../src/engine/transport.js'
import { compress } from '../src/metrics/exposition.js'
import { renderSnapshot } from '../src/metrics/render.js'
import { syntheticSnapshot } from './synthetic.js'

const { shape, options } = workerData as {
  shape: Parameters<typeof syntheticSnapshot>[0]
  options: Parameters<typeof analyze>[2]
}
const snapshot = syntheticSnapshot(shape)
let busy = true
parentPort?.on('message', () => {
  busy = false
})
let sizeHint = 0
const loop = () => {
  if (!busy) {
    parentPort?.close()
    return
  }
  const { groups } = analyze(EMPTY_STATE, snapshot, options)
  const rendered = renderSnapshot({
    snapshot,
    groups,
    counters: { polls: 1, pollFailures: 0 },
    buildInfo: { version: 'bench' },
    output: { sizeHint },
  })
  sizeHint = rendered.byteLength
  const { message, transfer } = pack({
    rendered,
    gzipped: compress(rendered),
    lastSuccessAt: Date.now(),
    polled: true,
  })
  parentPort?.postMessage(message, transfer)
  setImmediate(loop)
}
loop()
