import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseListenAddress } from '../config/values.js'
import { KafkascopeError } from '../errors.js'
import type { Logger } from '../log.js'
import {
  acceptsGzip,
  negotiateFormat,
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
} from '../metrics/exposition.js'
import { landingPage } from './landing.js'

/** What the HTTP layer needs from the daemon: the latest rendered metrics and whether a poll has finished. */
export interface MetricsProvider {
  /** Body for a scrape; before the first poll it holds the exporter's own metrics with kafkascope_up 0. */
  scrape(format: 'text' | 'openmetrics', gzip: boolean): Buffer
  ready(): boolean
}

export interface HttpOptions {
  listenAddresses: readonly string[]
  telemetryPath: string
  provider: MetricsProvider
  log: Logger
}

export class HttpServer {
  readonly #servers: Server[] = []

  constructor(private readonly opts: HttpOptions) {}

  async start(): Promise<AddressInfo[]> {
    const bound: AddressInfo[] = []
    for (const address of this.opts.listenAddresses) {
      const { host, port } = parseListenAddress(address)
      const server = createServer((req, res) => this.#handle(req, res))
      server.keepAliveTimeout = 65_000
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error) =>
          reject(new KafkascopeError('KSC_HTTP_LISTEN', `failed to listen on ${address}`, { cause: error })),
        )
        server.listen({ host, port }, resolve)
      })
      this.#servers.push(server)
      bound.push(server.address() as AddressInfo)
    }
    return bound
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve())
            s.closeIdleConnections()
          }),
      ),
    )
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { allow: 'GET, HEAD' })
    }
    switch (url.pathname) {
      case this.opts.telemetryPath:
        return this.#metrics(req, res)
      case '/':
        return send(res, 200, 'text/html; charset=utf-8', landingPage(this.opts.telemetryPath))
      case '/-/healthy':
        return send(res, 200, 'text/plain; charset=utf-8', 'Healthy\n')
      case '/-/ready':
        return this.opts.provider.ready()
          ? send(res, 200, 'text/plain; charset=utf-8', 'Ready\n')
          : send(res, 503, 'text/plain; charset=utf-8', 'Not ready: the first poll has not finished\n')
      default:
        return send(res, 404, 'text/plain; charset=utf-8', 'Not Found\n')
    }
  }

  #metrics(req: IncomingMessage, res: ServerResponse): void {
    const format = negotiateFormat(req.headers.accept)
    const gzip = acceptsGzip(req.headers['accept-encoding'])
    const body = this.opts.provider.scrape(format, gzip)
    send(res, 200, format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE, body, {
      vary: 'Accept, Accept-Encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    })
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body
  res.writeHead(status, { 'content-type': contentType, 'content-length': buf.length, ...headers })
  res.end(res.req.method === 'HEAD' ? undefined : buf)
}
