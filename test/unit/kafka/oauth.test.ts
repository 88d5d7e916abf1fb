import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KafkascopeError } from '../../../src/errors.js'
import { OAuthTokenProvider } from '../../../src/kafka/oauth.js'
import { secretSource } from '../../../src/kafka/secrets.js'
import { startTokenServer, type TokenServer } from '../../support/token-server.js'

const CLIENT = { id: 'kafkascope client', secret: 'secret:with&special=chars' }
const dir = mkdtempSync(join(tmpdir(), 'kafkascope-oauth-'))
const secretFile = join(dir, 'client-secret')
let server: TokenServer

beforeAll(async () => {
  server = await startTokenServer(CLIENT.id, CLIENT.secret)
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => {
  server.clientSecret = CLIENT.secret
  server.lifetimeSeconds = 3600
})

function provider(opts: { now?: () => number; url?: string; scope?: string } = {}): OAuthTokenProvider {
  writeFileSync(secretFile, `${server.clientSecret}\n`)
  return new OAuthTokenProvider({
    tokenUrl: opts.url ?? server.url,
    clientId: CLIENT.id,
    clientSecret: secretSource(undefined, secretFile, 'sasl.oauthbearer-client-secret-file') as never,
    scope: opts.scope,
    ...(opts.now ? { now: opts.now } : {}),
  })
}

async function failure(p: Promise<unknown>): Promise<KafkascopeError> {
  try {
    await p
  } catch (error) {
    expect(error).toBeInstanceOf(KafkascopeError)
    return error as KafkascopeError
  }
  throw new Error('expected a failure')
}

describe('OAuthTokenProvider (client-credentials grant)', () => {
  it('posts the grant with Basic client authentication (form-encoded id and secret) and the scope', async () => {
    const before = server.requests.length
    const token = await provider({ scope: 'kafka:read kafka:describe' }).token()
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'))
    expect(claims.sub).toBe(CLIENT.id)
    expect(server.requests.slice(before)).toEqual([
      { clientId: CLIENT.id, grantType: 'client_credentials', scope: 'kafka:read kafka:describe' },
    ])
  })

  it('reuses a token until 80% of its lifetime has passed, then fetches a new one', async () => {
    let now = 1_000_000
    server.lifetimeSeconds = 100
    const p = provider({ now: () => now })
    const before = server.requests.length
    const first = await p.token()
    now += 79_000
    expect(await p.token()).toBe(first)
    expect(server.requests.length - before).toBe(1)
    now += 2_000
    await p.token()
    expect(server.requests.length - before).toBe(2)
  })

  it('shares one request among concurrent callers', async () => {
    const p = provider()
    const before = server.requests.length
    const tokens = await Promise.all([p.token(), p.token(), p.token()])
    expect(new Set(tokens).size).toBe(1)
    expect(server.requests.length - before).toBe(1)
  })

  it('fetches anew after invalidate() (a broker rejected the token)', async () => {
    const p = provider()
    const before = server.requests.length
    await p.token()
    p.invalidate()
    await p.token()
    expect(server.requests.length - before).toBe(2)
  })

  it('reads the client secret file at every request, so a rotated secret needs no restart', async () => {
    const p = provider()
    await p.token()
    p.invalidate()
    server.clientSecret = 'rotated-client-secret'
    expect((await failure(p.token())).message).toBe(
      `failed to get an OAuth token from ${server.url}: HTTP 401 invalid_client: client authentication failed`,
    )
    writeFileSync(secretFile, 'rotated-client-secret\n')
    expect(await p.token()).toMatch(/^ey/)
  })

  it('explains an unreachable endpoint with the network cause', async () => {
    const port = await closedPort()
    const error = await failure(provider({ url: `http://127.0.0.1:${port}/token` }).token())
    expect(error.code).toBe('KSC_OAUTH_TOKEN')
    expect(error.message).toBe(
      `failed to get an OAuth token from http://127.0.0.1:${port}/token: the request failed`,
    )
    expect(String((error.cause as Error & { cause?: Error }).cause?.message)).toContain('ECONNREFUSED')
  })

  it.each<[string, unknown, number, string]>([
    ['a response without access_token', { token_type: 'Bearer' }, 200, 'the response has no access_token'],
    [
      'a non-bearer token',
      { access_token: 'x', token_type: 'mac' },
      200,
      'the token type is mac, not Bearer',
    ],
    ['an error without the standard fields', { message: 'nope' }, 500, 'HTTP 500'],
  ])('rejects %s', async (_, body, status, reason) => {
    const fake = (async () => new Response(JSON.stringify(body), { status })) as typeof fetch
    const p = new OAuthTokenProvider({
      tokenUrl: 'https://idp.example.com/token',
      clientId: 'id',
      clientSecret: { read: async () => 's', fingerprint: () => '' },
      fetch: fake,
    })
    expect((await failure(p.token())).message).toBe(
      `failed to get an OAuth token from https://idp.example.com/token: ${reason}`,
    )
  })

  it('takes the lifetime from the JWT exp claim when expires_in is missing', async () => {
    let now = 1_700_000_000_000
    const exp = now / 1000 + 100
    const jwt = `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.`
    let calls = 0
    const fake = (async () => {
      calls++
      return new Response(JSON.stringify({ access_token: jwt, token_type: 'Bearer' }))
    }) as typeof fetch
    const p = new OAuthTokenProvider({
      tokenUrl: 'https://idp.example.com/token',
      clientId: 'id',
      clientSecret: { read: async () => 's', fingerprint: () => '' },
      fetch: fake,
      now: () => now,
    })
    await p.token()
    now += 79_000
    await p.token()
    expect(calls).toBe(1)
    now += 2_000
    await p.token()
    expect(calls).toBe(2)
  })
})

async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise((r) => s.close(r))
  return port
}
