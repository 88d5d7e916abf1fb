import type { Config } from './config/settings.js'
import { engineSettings, slices } from './config/slices.js'
import type { ApiAnswer, Publication } from './engine/engine.js'
import { marshal } from './engine/marshal.js'
import { EngineWorker } from './engine/worker-client.js'
import { describeError } from './errors.js'
import { HttpServer, type MetricsProvider } from './http/server.js'
import { webSecurityFor } from './http/server-tls-flags.js'
import { kafkaSecurity } from './kafka/auth.js'
import type { KafkaSource } from './kafka/source.js'
import { createLogger, type Logger } from './log.js'
import { Exposition } from './metrics/exposition.js'
import { outputOptions } from './metrics/output.js'
import { renderScrapeTail } from './metrics/render.js'
import { SelfStatsReader } from './runtime/self-stats.js'

export interface Daemon {
  readonly addresses: readonly { address: string; port: number }[]
  stop(): Promise<void>
}

/**
 * serve: poll in the background, render once per poll, answer scrapes from the rendered bytes. Polling, analysis,
 * render and gzip run in the poll worker thread (src/poll-worker.ts); this thread only answers HTTP, so no poll of
 * a large cluster delays a scrape. With an injected KafkaSource (tests with fakes) the same engine runs here.
 * Wiring only; each part lives in its own module.
 */
export async function startDaemon(config: Config, log: Logger, source?: KafkaSource): Promise<Daemon> {
  const settings = slices(config)
  // All throw a ConfigError (exit 2) for unusable TLS files or web config, before anything listens or connects;
  // the worker builds the same again, so its failures cannot be configuration mistakes found late.
  const web = webSecurityFor(settings.web, log)
  // Checked here for the exit code only; the worker builds it again and logs its warnings once.
  kafkaSecurity(
    settings.kafka.security,
    createLogger({ level: 'fatal', format: 'json' }, () => {}),
  )
  const engine = source
    ? await inThread(config, source, log)
    : await EngineWorker.start({ config: marshal(config), logLevel: log.level }, log)
  const output = outputOptions(settings.output)
  const stats = new SelfStatsReader()
  // One Exposition per publication: it keeps the gzipped pieces the worker made.
  let served: { publication: Publication; exposition: Exposition } | undefined
  const exposition = (): Exposition => {
    const publication = engine.current()
    if (served?.publication !== publication)
      served = { publication, exposition: new Exposition(publication.gzipped) }
    return served.exposition
  }

  const provider: MetricsProvider = {
    scrape: (format, gzip) => {
      const tail = renderScrapeTail({
        lastSuccessAt: engine.current().lastSuccessAt,
        now: Date.now(),
        stats: stats.read(engine.heap()),
        output,
      })
      return exposition().respond(format, tail, gzip)
    },
    ready: () => engine.ready(),
    api: (pathname) => engine.api(pathname, Date.now()),
  }
  const http = new HttpServer({
    listenAddresses: settings.web.listenAddresses,
    telemetryPath: settings.web.telemetryPath,
    provider,
    log,
    web,
  })
  let bound: Awaited<ReturnType<HttpServer['start']>>
  try {
    bound = await http.start()
  } catch (error) {
    await engine.stop()
    throw error
  }
  for (const a of bound)
    log.info(
      {
        address: `${a.address}:${a.port}`,
        path: settings.web.telemetryPath,
        tls: web?.tlsOptions !== undefined,
      },
      'serving metrics',
    )
  log.info(
    {
      kafka: settings.kafka.bootstrap.join(','),
      interval_ms: settings.pollIntervalMs,
      tls: settings.kafka.security.tls !== undefined,
      sasl: settings.kafka.security.sasl?.mechanism ?? 'off',
    },
    'polling Kafka in the background',
  )

  return {
    addresses: bound.map((a) => ({ address: a.address, port: a.port })),
    async stop() {
      await http.stop()
      stats.stop()
      await engine.stop()
    },
  }
}

/** What the daemon needs of the engine, in a worker (EngineWorker) or in this thread. */
interface EngineHandle {
  current(): Publication
  ready(): boolean
  heap(): { used: number; total: number; external: number } | undefined
  api(pathname: string, now: number): Promise<ApiAnswer>
  stop(): Promise<void>
}

async function inThread(config: Config, source: KafkaSource, log: Logger): Promise<EngineHandle> {
  // Loaded only here: in the worker's place the engine brings the collectors and the Kafka client library (~45 MiB
  // of RSS and half a second of start-up), which the thread that answers HTTP never needs.
  const { Engine } = await import('./engine/engine.js')
  const settings = slices(config)
  let latest: Publication | undefined
  const engine = new Engine(engineSettings(settings), source, log, (p) => {
    latest = p
  })
  latest = engine.initial()
  engine.start()
  return {
    current: () => latest as Publication,
    ready: () => latest?.polled === true,
    heap: () => undefined,
    api: async (pathname, now) => engine.api(pathname, now),
    async stop() {
      await engine.stop()
      await source
        .close()
        .catch((error) => log.warn({ err: describeError(error) }, 'failed to close Kafka connections'))
    },
  }
}
