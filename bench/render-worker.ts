// The daemon's poll worker without Kafka, for bench/render.ts: the same synthetic snapshot analysed, rendered,
// gzipped and handed over (transferred) back to back, as src/poll-worker.ts does once per poll.
import { parentPort, workerData } from 'node:worker_threads'
import { analyze, EMPTY_STATE } from '../src/analysis/analyzer.js'
import { pack } from '../src/engine/transport.js'
import { renderGzipped } from '../src/metrics/render.js'
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
const loop = () => {
  if (!busy) {
    parentPort?.close()
    return
  }
  const { groups } = analyze(EMPTY_STATE, snapshot, options)
  // As the poll worker does it: rendered and gzipped piece by piece.
  const gzipped = renderGzipped({
    snapshot,
    groups,
    counters: { polls: 1, pollFailures: 0 },
    buildInfo: { version: 'bench' },
  })
  const { message, transfer } = pack({
    gzipped,
    lastSuccessAt: Date.now(),
    polled: true,
  })
  parentPort?.postMessage(message, transfer)
  setImmediate(loop)
}
loop()
