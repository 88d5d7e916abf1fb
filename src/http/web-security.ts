import type { IncomingMessage } from 'node:http'
import type { ServerOptions } from 'node:https'
import type { SecureContextOptions, TLSSocket } from 'node:tls'
import { describeError } from '../errors.js'
import { fileFingerprint } from '../files.js'
import type { Logger } from '../log.js'
import { BasicAuth, RateLimiter } from './basic-auth.js'
import { loadWebConfig, type WebConfig, type WebTls } from './web-config.js'

export interface Denial {
  readonly status: number
  readonly body: string
  readonly headers: Record<string, string>
}

// Checking the files' mtimes on every request would cost little, but once a second is plenty.
const RELOAD_CHECK_MS = 1000

/**
 * The exporter's own endpoint security from --web.config.file: TLS server options, the client-certificate
 * policy, basic authentication and the extra headers. Like exporter-toolkit, which re-reads the file on every
 * request, changes are picked up without a restart: users, headers and rate limit at once, certificates for new
 * connections. Switching TLS on or off or changing client_auth_type needs a restart (logged).
 */
export class WebSecurity {
  #config: WebConfig
  // One for the process: reloads change its users, and keep the verified credentials and guessing clients.
  readonly #auth: BasicAuth
  #limiter: RateLimiter | undefined
  #fingerprint: string
  #checkedAt = 0
  readonly #tlsListeners: ((options: SecureContextOptions) => void)[] = []

  private constructor(
    /** The web config file, or what stands for it in logs (kafka_exporter's --server.tls.* flags). */
    private readonly file: string,
    private readonly log: Logger,
    config: WebConfig,
    private readonly read: () => WebConfig,
  ) {
    this.#config = config
    this.#auth = new BasicAuth(config.users)
    this.#limiter = limiterFor(config)
    this.#fingerprint = fingerprint(config)
  }

  /** Throws a ConfigError (exit 2) for a file the toolkit would reject. */
  static load(file: string, log: Logger, read: () => WebConfig = () => loadWebConfig(file)): WebSecurity {
    const security = new WebSecurity(file, log, read(), read)
    const { tls, users } = security.#config
    log.info(
      {
        file,
        tls: tls !== undefined,
        client_auth: tls?.clientAuth ?? 'NoClientCert',
        basic_auth_users: users.size,
      },
      'web config loaded',
    )
    return security
  }

  /** https server options, or undefined to serve plain HTTP. */
  get tlsOptions(): ServerOptions | undefined {
    const tls = this.#config.tls
    if (!tls) return undefined
    return {
      ...contextOptions(tls),
      requestCert: tls.clientAuth !== 'NoClientCert',
      // The other policies are checked after the handshake (clientCertificateProblem): Node has only
      // "verify and require" or "do not verify".
      rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
    }
  }

  /** Called with new certificates after the files changed; the server applies them to new connections. */
  onTlsChange(listener: (options: SecureContextOptions) => void): void {
    this.#tlsListeners.push(listener)
  }

  /** Why a TLS connection must be closed, or undefined to accept it. */
  clientCertificateProblem(socket: TLSSocket): string | undefined {
    const tls = this.#config.tls
    if (!tls || tls.clientAuth === 'NoClientCert') return undefined
    const cert = socket.getPeerCertificate()
    const presented = cert !== null && Object.keys(cert).length > 0
    if (!presented) {
      return tls.clientAuth === 'RequireAnyClientCert' || tls.allowedSans !== undefined
        ? 'no client certificate'
        : undefined
    }
    if (tls.clientAuth === 'VerifyClientCertIfGiven' && !socket.authorized) {
      return `client certificate not trusted: ${socket.authorizationError}`
    }
    if (tls.allowedSans !== undefined) {
      const sans = (cert.subjectaltname ?? '').split(', ').map((s) => s.slice(s.indexOf(':') + 1))
      if (!sans.some((s) => tls.allowedSans?.includes(s)))
        return 'client certificate has none of client_allowed_sans'
    }
    return undefined
  }

  /** Headers from http_server_config.headers, for every response. */
  headers(): Record<string, string> {
    return { ...this.#config.headers }
  }

  /**
   * A 401 or 429 answer, or undefined when the request may proceed. 429 (with Retry-After) is also the answer to
   * uncached credentials from a client backing off after wrong ones, or while every bcrypt slot is busy.
   */
  async admit(req: IncomingMessage): Promise<Denial | undefined> {
    this.#reloadIfChanged()
    if (this.#limiter && !this.#limiter.allow()) {
      return { status: 429, body: 'Too Many Requests\n', headers: {} }
    }
    if (!this.#auth.enabled) return undefined
    const verdict = await this.#auth.verify(req.headers.authorization, req.socket.remoteAddress ?? '')
    switch (verdict.kind) {
      case 'ok':
        return undefined
      case 'throttled':
        return {
          status: 429,
          body: 'Too Many Requests: wait before trying other credentials\n',
          headers: { 'retry-after': String(Math.ceil(verdict.retryAfterMs / 1000)) },
        }
      case 'denied':
        return { status: 401, body: 'Unauthorized\n', headers: { 'www-authenticate': 'Basic' } }
    }
  }

  #reloadIfChanged(): void {
    const now = Date.now()
    if (now - this.#checkedAt < RELOAD_CHECK_MS) return
    this.#checkedAt = now
    if (fingerprint(this.#config) === this.#fingerprint) return
    let next: WebConfig
    try {
      next = this.read()
    } catch (error) {
      // Keep serving with the last good file rather than failing every scrape.
      this.log.error(
        { file: this.file, err: describeError(error) },
        'invalid web config; keeping the previous one',
      )
      this.#fingerprint = fingerprint(this.#config)
      return
    }
    const before = this.#config.tls
    if ((before === undefined) !== (next.tls === undefined) || before?.clientAuth !== next.tls?.clientAuth) {
      this.log.warn(
        { file: this.file },
        'TLS was switched on/off or client_auth_type changed: restart kafkascope to apply',
      )
      next = { ...next, tls: before }
    } else if (next.tls) {
      for (const listener of this.#tlsListeners) listener(contextOptions(next.tls))
    }
    this.#config = next
    this.#auth.setUsers(next.users)
    this.#limiter = limiterFor(next)
    this.#fingerprint = fingerprint(next)
    this.log.info({ file: this.file }, 'web config reloaded')
  }
}

function contextOptions(tls: WebTls): SecureContextOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.clientCa ? { ca: tls.clientCa } : {}),
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    ...(tls.ciphers ? { ciphers: tls.ciphers } : {}),
    ...(tls.ecdhCurve ? { ecdhCurve: tls.ecdhCurve } : {}),
    honorCipherOrder: tls.honorCipherOrder,
  }
}

function limiterFor(config: WebConfig): RateLimiter | undefined {
  return config.rateLimit ? new RateLimiter(config.rateLimit.intervalMs, config.rateLimit.burst) : undefined
}

function fingerprint(config: WebConfig): string {
  return config.files.map(fileFingerprint).join('|')
}
