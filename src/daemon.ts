import { type AnalysisState, type AnalyzedGroup, analyzeAsync, EMPTY_STATE } from './analysis/analyzer.js'
import { pollSetup } from './collect/from-config.js'
import { pollOnce } from './collect/poll.js'
import { Poller } from './collect/poller.js'
import type { Snapshot } from './collect/snapshot.js'
import type { Config } from './config/settings.js'
import { slices } from './config/slices.js'
import { describeError } from './errors.js'
import { apiRoute } from './http/api/routes.js'
import { HttpServer, type MetricsProvider } from './http/server.js'
import { WebSecurity } from './http/web-security.js'
import type { KafkaSource } from './kafka/source.js'
import { KAFKA_APIS } from './kafka/source.js'
import type { Logger } from './log.js'
import { Exposition } from './metrics/exposition.js'
import { outputOptions } from './metrics/output.js'
import { renderScrapeTime, renderSnapshot, renderSnapshotAsync } from './metrics/render.js'
import { VERSION } from './version.js'
import { connectKafka } from './wiring.js'

export interface Daemon {
  readonly addresses: readonly { address: string; port: number }[]
  stop(): Promise<void>
}

/**
 * serve: poll in the background, render once per poll, answer scrapes from the rendered bytes.
 * Wiring only; each part lives in its own module.
 */
export async function startDaemon(config: Config, log: Logger, source?: KafkaSource): Promise<Daemon> {
  const settings = slices(config)
  // Both throw a ConfigError (exit 2) for unusable TLS files or web config, before anything listens.
  const web =
    settings.web.configFile === undefined ? undefined : WebSecurity.load(settings.web.configFile, log)
  const kafka = source ?? connectKafka(settings.kafka, log)
  const output = outputOptions(settings.output)
  const setup = pollSetup(settings.poll, kafka)
  const counters = { polls: 0, pollFailures: 0 }
  const buildInfo = { version: VERSION }

  let latest: Snapshot = initialSnapshot()
  let analysis: AnalysisState = EMPTY_STATE
  let groups: readonly AnalyzedGroup[] = []
  let exposition = new Exposition(renderSnapshot({ snapshot: latest, groups, counters, buildInfo, output }))
  let polled = false

  const poller = new Poller({
    intervalMs: settings.pollIntervalMs,
    target: settings.kafka.bootstrap.join(','),
    log,
    poll: (previous) => pollOnce({ ...setup, previous }),
    onSnapshot: async (snapshot) => {
      counters.polls++
      if (!snapshot.up) counters.pollFailures++
      // Both give way to scrapes on large clusters; what is served switches over only when both are done, so a
      // scrape or API call never mixes two polls.
      const analyzed = await analyzeAsync(analysis, snapshot, settings.analysis)
      const rendered = await renderSnapshotAsync({
        snapshot,
        groups: analyzed.groups,
        counters,
        buildInfo,
        output,
      })
      // Compressed in zlib's thread pool now, so the first scrape after a poll does not deflate megabytes.
      const next = new Exposition(rendered)
      await next.prepare()
      analysis = analyzed.state
      latest = snapshot
      groups = analyzed.groups
      exposition = next
      polled = true
    },
  })

  const provider: MetricsProvider = {
    scrape: (format, gzip) => exposition.respond(format, renderScrapeTime(latest, Date.now(), output), gzip),
    ready: () => polled,
    api: (pathname) => apiRoute(pathname, { snapshot: latest, groups }, Date.now()),
  }
  const http = new HttpServer({
    listenAddresses: settings.web.listenAddresses,
    telemetryPath: settings.web.telemetryPath,
    provider,
    log,
    web,
  })
  const bound = await http.start()
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
  poller.start()

  return {
    addresses: bound.map((a) => ({ address: a.address, port: a.port })),
    async stop() {
      await http.stop()
      await poller.stop()
      await kafka
        .close()
        .catch((error) => log.warn({ err: describeError(error) }, 'failed to close Kafka connections'))
    },
  }
}

function initialSnapshot(): Snapshot {
  return Object.freeze({
    startedAt: Date.now(),
    durationMs: 0,
    up: false,
    lastSuccessAt: null,
    cluster: null,
    topics: [],
    groups: [],
    shareGroups: [],
    collectors: [],
    requests: Object.fromEntries(KAFKA_APIS.map((a) => [a, 0])) as Snapshot['requests'],
  })
}
