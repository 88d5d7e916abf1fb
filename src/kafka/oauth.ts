import { KafkascopeError } from '../errors.js'
import { rememberSecret } from '../secret.js'
import type { SecretSource } from './secrets.js'

export interface OAuthOptions {
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: SecretSource
  readonly scope?: string | undefined
  readonly timeoutMs?: number
  /** Injected in tests. */
  readonly now?: () => number
  readonly fetch?: typeof fetch
}

/** Refresh at this share of a token's lifetime, as Kafka's own client does (sasl.login.refresh.window.factor). */
const REFRESH_FACTOR = 0.8
/** For a token that says nothing about its lifetime (no expires_in, not a JWT with exp). */
const UNKNOWN_LIFETIME_MS = 60_000
const MAX_ERROR_TEXT = 200

/**
 * OAUTHBEARER tokens from an OIDC provider with the client-credentials grant (RFC 6749 §4.4). The client
 * authenticates with HTTP Basic (client_secret_basic, as Kafka's own OAuth client does). A token is reused until
 * 80% of its lifetime has passed; concurrent connections share one request. The client secret is read from its
 * source at every request, so a rotated secret file is used without a restart.
 */
export class OAuthTokenProvider {
  #cached: { token: string; refreshAt: number } | undefined
  #inflight: Promise<string> | undefined
  readonly #now: () => number
  readonly #fetch: typeof fetch

  constructor(private readonly opts: OAuthOptions) {
    this.#now = opts.now ?? Date.now
    this.#fetch = opts.fetch ?? fetch
  }

  token(): Promise<string> {
    if (this.#cached && this.#now() < this.#cached.refreshAt) return Promise.resolve(this.#cached.token)
    this.#inflight ??= this.#request().finally(() => {
      this.#inflight = undefined
    })
    return this.#inflight
  }

  /** Forget the cached token, e.g. after a broker rejected it. */
  invalidate(): void {
    this.#cached = undefined
  }

  async #request(): Promise<string> {
    const { tokenUrl, clientId, scope } = this.opts
    const fail = (reason: string, cause?: unknown) =>
      new KafkascopeError('KSC_OAUTH_TOKEN', `failed to get an OAuth token from ${tokenUrl}: ${reason}`, {
        cause,
      })
    const secret = await this.opts.clientSecret.read()
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined for Basic authentication.
    const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64')
    const body = new URLSearchParams({ grant_type: 'client_credentials' })
    if (scope !== undefined) body.set('scope', scope)
    const startedAt = this.#now()
    let response: Response
    try {
      response = await this.#fetch(tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      })
    } catch (error) {
      throw fail('the request failed', error)
    }
    const text = await response.text().catch(() => '')
    const json = parseJson(text)
    if (!response.ok) {
      // error and error_description are the standard fields (RFC 6749 §5.2); other bodies are not quoted.
      const code = typeof json?.error === 'string' ? ` ${json.error}` : ''
      const description =
        typeof json?.error_description === 'string'
          ? `: ${json.error_description.slice(0, MAX_ERROR_TEXT)}`
          : ''
      throw fail(`HTTP ${response.status}${code}${description}`)
    }
    const token = json?.access_token
    if (typeof token !== 'string' || token === '') throw fail('the response has no access_token')
    if (typeof json?.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer') {
      throw fail(`the token type is ${json.token_type}, not Bearer`)
    }
    rememberSecret(token, 'rotating')
    const lifetimeMs = lifetime(json?.expires_in, token, startedAt)
    this.#cached = { token, refreshAt: startedAt + lifetimeMs * REFRESH_FACTOR }
    return token
  }
}

function lifetime(expiresIn: unknown, token: string, now: number): number {
  if (typeof expiresIn === 'number' && expiresIn > 0) return expiresIn * 1000
  if (typeof expiresIn === 'string' && /^\d+$/.test(expiresIn)) return Number(expiresIn) * 1000
  const exp = jwtClaim(token, 'exp')
  if (typeof exp === 'number' && exp * 1000 > now) return exp * 1000 - now
  return UNKNOWN_LIFETIME_MS
}

/** A claim of a JWT's payload without verifying it (the broker verifies; we only read the expiry). */
function jwtClaim(token: string, claim: string): unknown {
  const payload = token.split('.')[1]
  if (payload === undefined) return undefined
  return parseJson(Buffer.from(payload, 'base64url').toString('utf8'))?.[claim]
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+')
}
