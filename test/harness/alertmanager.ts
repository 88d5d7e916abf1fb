import { createServer, type Server } from 'node:http'
import { toYaml } from '../../src/monitoring/yaml.js'
import { pollUntil } from './kafka/metadata.js'
import { freePorts } from './kafka/ports.js'
import { startService } from './service-process.js'

export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager'

/** One alert of an Alertmanager webhook notification (payload version 4). */
export interface NotifiedAlert {
  readonly status: 'firing' | 'resolved'
  readonly labels: Record<string, string>
  readonly annotations: Record<string, string>
  readonly startsAt: string
  readonly endsAt: string
  readonly fingerprint: string
}

export interface Notification {
  readonly version: string
  readonly status: 'firing' | 'resolved'
  readonly receiver: string
  readonly groupLabels: Record<string, string>
  readonly alerts: readonly NotifiedAlert[]
}

export interface RunningAlertmanager {
  readonly url: string
  /** `host:port`, for Prometheus' alerting config. */
  readonly address: string
  /** Every notification the webhook receiver got so far, oldest first. */
  readonly notifications: readonly Notification[]
  /** Polls the received notifications until `probe` finds something. */
  waitFor<T>(what: string, probe: (alerts: NotifiedAlert[]) => T | undefined, timeoutMs?: number): Promise<T>
  output(lines?: number): Promise<string>
  stop(): Promise<void>
}

/**
 * A real Alertmanager whose only receiver is a webhook served by this process. Every alert is its own group
 * (`group_by: ['...']`) and groups flush every second, so each firing and each resolution arrives within seconds.
 */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const notifications: Notification[] = []
  const receiver = await listen((n) => notifications.push(n))
  const [port] = (await freePorts(1)) as [number]
  const receiverPort = (receiver.address() as { port: number }).port
  const config = {
    route: {
      receiver: 'test-webhook',
      group_by: ['...'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'test-webhook',
        webhook_configs: [{ url: `http://127.0.0.1:${receiverPort}/alerts`, send_resolved: true }],
      },
    ],
  }
  const service = await startService({
    name: 'alertmanager',
    bin: ALERTMANAGER_BIN,
    port,
    files: { 'alertmanager.yml': toYaml(config) },
    args: (dir) => [
      `--config.file=${dir}/alertmanager.yml`,
      `--storage.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
      // An empty address disables clustering, so no gossip port is opened (or can collide).
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
  }).catch(async (err: unknown) => {
    await close(receiver)
    throw err
  })
  return {
    url: service.url,
    address: `127.0.0.1:${port}`,
    notifications,
    waitFor: (what, probe, timeoutMs = 60_000) =>
      pollUntil(what, async () => probe(notifications.flatMap((n) => n.alerts)), {
        timeoutMs,
        intervalMs: 250,
      }).catch((err: unknown) => {
        const seen = notifications
          .flatMap((n) => n.alerts)
          .map((a) => `${a.status} ${JSON.stringify(a.labels)}`)
        throw new Error(`${err instanceof Error ? err.message : String(err)}; received:\n${seen.join('\n')}`)
      }),
    output: (lines) => service.output(lines),
    async stop() {
      await service.stop()
      await close(receiver)
    },
  }
}

async function listen(onNotification: (n: Notification) => void): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      try {
        onNotification(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Notification)
        res.writeHead(200).end()
      } catch {
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return server
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}
