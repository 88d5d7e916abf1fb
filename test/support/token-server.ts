import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TokenRequest {
  readonly clientId: string
  readonly grantType: string | null
  readonly scope: string | null
}

export interface TokenServer {
  readonly url: string
  /** Every request that reached the endpoint, in order (the secret is not kept). */
  readonly requests: TokenRequest[]
  /** Change the accepted client secret (rotation) or the token lifetime. */
  clientSecret: string
  lifetimeSeconds: number
  /** Issue tokens without the sub claim, which Kafka's validator rejects. */
  issueInvalidTokens: boolean
  close(): Promise<void>
}

/**
 * A minimal OIDC token endpoint for the client-credentials grant: checks HTTP Basic client authentication and
 * issues unsigned JWTs ({"alg":"none"}) with sub, iat, exp and scope — what Kafka's default (unsecured)
 * OAUTHBEARER validator accepts, standing in for a real identity provider.
 */
export async function startTokenServer(clientId: string, clientSecret: string): Promise<TokenServer> {
  const state = { clientSecret, lifetimeSeconds: 3600, issueInvalidTokens: false }
  const requests: TokenRequest[] = []
  const server = createServer(async (req, res) => {
    const body = new URLSearchParams(await readBody(req))
    const [id, secret] = basicCredentials(req.headers.authorization)
    requests.push({ clientId: id ?? '', grantType: body.get('grant_type'), scope: body.get('scope') })
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    }
    if (req.method !== 'POST' || req.url !== '/token') return reply(404, { error: 'not_found' })
    if (id !== clientId || secret !== state.clientSecret) {
      return reply(401, { error: 'invalid_client', error_description: 'client authentication failed' })
    }
    if (body.get('grant_type') !== 'client_credentials')
      return reply(400, { error: 'unsupported_grant_type' })
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      ...(state.issueInvalidTokens ? {} : { sub: id }),
      iat: now,
      exp: now + state.lifetimeSeconds,
      scope: body.get('scope') ?? '',
    }
    const token = `${b64({ alg: 'none' })}.${b64(claims)}.`
    reply(200, { access_token: token, token_type: 'Bearer', expires_in: state.lifetimeSeconds })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/token`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function basicCredentials(header: string | undefined): [string?, string?] {
  const m = header ? /^Basic (.+)$/.exec(header) : null
  if (!m) return []
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  // RFC 6749 §2.3.1: both parts are form-urlencoded.
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))]
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
