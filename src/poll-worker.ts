import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import type { Config } from './config/settings.js'
import { engineSettings, slices } from './config/slices.js'
import { type ApiAnswer, Engine, type Publication } from './engine/engine.js'
import { revive } from './engine/marshal.js'
import type { FromWorker, ToWorker, WorkerInput } from './engine/messages.js'
import { pack } from './engine/transport.js'
import { describeError } from './errors.js'
import { createLogger } from './log.js'
import { connectKafka } from './wiring.js'

/**
 * The poll worker: Kafka connections, polls, analysis, render and gzip all live in this thread, so the main
 * thread's event loop does nothing but answer HTTP (engine/worker-client.ts). Started by the daemon with the run's config.
 */
const port = parentPort
if (!port) throw new Error('poll-worker runs as a worker thread (started by engine/worker-client.ts)')

const input = workerData as WorkerInput
const config = revive(input.config) as Config
const settings = slices(config)
// Records go to the main thread, whose logger (the daemon's, or a test's) writes them in the configured format.
const log = createLogger({ level: input.logLevel, format: 'json' }, (line) =>
  port.postMessage({ type: 'log', line } satisfies FromWorker),
)
const kafka = connectKafka(settings.kafka, log)
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

const publish = (p: Publication) => {
  const { message, transfer } = pack(p)
  const heap = getHeapStatistics()
  post(
    {
      type: 'publish',
      publication: message,
      heap: { used: heap.used_heap_size, total: heap.total_heap_size, external: heap.external_memory },
    },
    transfer,
  )
}

const engine = new Engine(engineSettings(settings), kafka, log, publish)

port.on('message', (m: ToWorker) => {
  if (m.type === 'api') {
    let answer: ApiAnswer
    try {
      answer = engine.api(m.pathname, m.now)
    } catch (error) {
      log.error({ err: describeError(error) }, 'failed to answer an API call')
      answer = {
        status: 500,
        json: JSON.stringify({ error: { code: 'internal', message: 'internal error' } }),
      }
    }
    post({ type: 'api', id: m.id, answer })
    return
  }
  void (async () => {
    await engine.stop()
    await kafka
      .close()
      .catch((error) => log.warn({ err: describeError(error) }, 'failed to close Kafka connections'))
    post({ type: 'stopped' })
  })()
})

publish(engine.initial())
engine.start()
