import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { parseListenAddress } from '../addresses.js'
import { KafkascopeError } from '../errors.js'
import type { Logger } from '../log.js'
import {
  acceptsGzip,
  negotiateFormat,
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
} from '../metrics/exposition.js'
import { API_PREFIX } from './api/prefix.js'
import { answerClientError } from './client-errors.js'
import { landingPage } from './landing.js'
import type { WebSecurity } from './web-security.js'

/** What the HTTP layer needs from the daemon: the latest rendered metrics and whether a poll has finished. */
export interface MetricsProvider {
  /** Body for a scrape; before the first poll it holds the exporter's own metrics with kafkascope_up 0. */
  scrape(format: 'text' | 'openmetrics', gzip: boolean): readonly Buffer[] | Promise<readonly Buffer[]>
  ready(): boolean
  /** JSON API answer for a path under /api/v1, serialised (it may come from the poll worker thread). */
  api(pathname: string): Promise<{ readonly status: number; readonly json: string }>
}

export interface HttpOptions {
  listenAddresses: readonly string[]
  telemetryPath: string
  provider: MetricsProvider
  log: Logger
  /** --web.config.file: TLS, client certificates, basic auth, headers. Plain HTTP without. */
  web?: WebSecurity | undefined
}

export class HttpServer {
  readonly #servers: Server[] = []

  constructor(private readonly opts: HttpOptions) {}

  async start(): Promise<AddressInfo[]> {
    const bound: AddressInfo[] = []
    for (const address of this.opts.listenAddresses) {
      const { host, port } = parseListenAddress(address)
      const server = this.#createServer()
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

  #createServer(): Server {
    const server = this.#plainOrTlsServer()
    server.on('clientError', (error: Error, socket) => answerClientError(error, socket, this.opts.log))
    return server
  }

  #plainOrTlsServer(): Server {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.#handle(req, res)
    const web = this.opts.web
    const tls = web?.tlsOptions
    if (!web || !tls) return createServer(handler)
    const server = createHttpsServer(tls, handler)
    server.on('secureConnection', (socket) => {
      const problem = web.clientCertificateProblem(socket)
      if (problem === undefined) return
      this.opts.log.debug({ remote: socket.remoteAddress, reason: problem }, 'refused a TLS connection')
      socket.destroy()
    })
    server.on('tlsClientError', (error, socket) =>
      this.opts.log.debug({ remote: socket.remoteAddress, err: error.message }, 'TLS handshake failed'),
    )
    web.onTlsChange((options) => server.setSecureContext(options))
    return server
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const web = this.opts.web
    if (!web) {
      void this.#safeRoute(req).then((reply) => this.#reply(req, res, reply))
      return
    }
    // Basic auth comes first for every path, as with exporter-toolkit (probes need the credentials too).
    web.admit(req).then(
      async (denied) => {
        const reply = denied ? text(denied.status, denied.body, denied.headers) : await this.#safeRoute(req)
        this.#reply(req, res, reply, web.headers())
      },
      (error: unknown) => {
        this.opts.log.error({ err: String(error) }, 'failed to check the request against the web config')
        this.#reply(req, res, text(500, 'Internal Server Error\n'))
      },
    )
  }

  #reply(req: IncomingMessage, res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
    const pieces =
      typeof reply.body === 'string'
        ? [Buffer.from(reply.body)]
        : Buffer.isBuffer(reply.body)
          ? [reply.body]
          : reply.body
    res.writeHead(reply.status, {
      ...extra,
      'content-type': reply.type,
      'content-length': pieces.reduce((n, p) => n + p.length, 0),
      ...reply.headers,
    })
    if (req.method !== 'HEAD') {
      // One writev for the body's pieces (a large exposition is ~50 gzipped pieces) instead of a write each;
      // end() uncorks.
      if (pieces.length > 1) res.cork()
      for (const piece of pieces) res.write(piece)
    }
    res.end()
  }

  /** No request, however malformed, may take the daemon down: an unexpected throw answers 500 and is logged. */
  async #safeRoute(req: IncomingMessage): Promise<Reply> {
    try {
      return await this.#route(req)
    } catch (error) {
      this.opts.log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'failed to answer a request',
      )
      return text(500, 'Internal Server Error\n')
    }
  }

  #route(req: IncomingMessage): Reply | Promise<Reply> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return text(405, 'Method Not Allowed\n', { allow: 'GET, HEAD' })
    }
    // The path as sent, without the query: new URL() would read "//metrics" as a host and throws on odd input.
    const pathname = (req.url ?? '/').split('?', 1)[0] as string
    if (pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)) {
      return this.opts.provider.api(pathname).then((reply) => ({
        status: reply.status,
        type: 'application/json; charset=utf-8',
        body: `${reply.json}\n`,
      }))
    }
    switch (pathname) {
      case this.opts.telemetryPath:
        return this.#metrics(req)
      case '/':
        return { status: 200, type: 'text/html; charset=utf-8', body: landingPage(this.opts.telemetryPath) }
      case '/-/healthy':
        return text(200, 'Healthy\n')
      case '/healthz':
        // kafka_exporter's liveness path, as its probes and charts use it: 200 and "ok", whatever Kafka does.
        return text(200, 'ok')
      case '/-/ready':
        return this.opts.provider.ready()
          ? text(200, 'Ready\n')
          : text(503, 'Not ready: the first poll has not finished\n')
      default:
        return text(404, 'Not Found\n')
    }
  }

  async #metrics(req: IncomingMessage): Promise<Reply> {
    const format = negotiateFormat(req.headers.accept)
    const gzip = acceptsGzip(req.headers['accept-encoding'])
    return {
      status: 200,
      type: format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE,
      body: await this.opts.provider.scrape(format, gzip),
      headers: { vary: 'Accept, Accept-Encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    }
  }
}

interface Reply {
  status: number
  type: string
  /** Pieces are written in order, never concatenated (metrics bodies can be tens of megabytes). */
  body: string | Buffer | readonly Buffer[]
  headers?: Record<string, string>
}

function text(status: number, body: string, headers?: Record<string, string>): Reply {
  return { status, type: 'text/plain; charset=utf-8', body, ...(headers ? { headers } : {}) }
}
