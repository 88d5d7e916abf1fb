import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashSync } from '@node-rs/bcrypt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpServer, type MetricsProvider } from '../../../src/http/server.js'
import { WebSecurity } from '../../../src/http/web-security.js'
import { createLogger } from '../../../src/log.js'
import { httpsGet } from '../../support/https-client.js'
import {
  type CertificateAuthority,
  createCa,
  type IssuedCertificate,
  issueCertificate,
} from '../../support/tls-certs.js'

const provider: MetricsProvider = {
  scrape: () => [Buffer.from('kafkascope_up 1\n')],
  ready: () => true,
  api: async () => ({ status: 404, json: '{}' }),
}
const log = createLogger({ level: 'error', format: 'json' }, () => {})

let dir: string
let ca: CertificateAuthority
let server: IssuedCertificate
let trusted: IssuedCertificate
let otherSan: IssuedCertificate
let untrusted: IssuedCertificate
let running: HttpServer | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-websec-'))
  ca = await createCa(dir, 'ca')
  const otherCa = await createCa(dir, 'other-ca')
  server = await issueCertificate(dir, ca, 'server', {
    sans: 'IP:127.0.0.1,DNS:localhost',
    usage: 'serverAuth',
  })
  trusted = await issueCertificate(dir, ca, 'prometheus', {
    sans: 'DNS:prometheus.example.com',
    usage: 'clientAuth',
  })
  otherSan = await issueCertificate(dir, ca, 'grafana', {
    sans: 'DNS:grafana.example.com',
    usage: 'clientAuth',
  })
  untrusted = await issueCertificate(dir, otherCa, 'stranger', {
    sans: 'DNS:prometheus.example.com',
    usage: 'clientAuth',
  })
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))
afterEach(async () => {
  await running?.stop()
  running = undefined
})

let files = 0
async function serve(webConfig: string): Promise<{ url: string; file: string }> {
  const file = join(dir, `web-${++files}.yml`)
  await writeFile(file, webConfig)
  running = new HttpServer({
    listenAddresses: ['127.0.0.1:0'],
    telemetryPath: '/metrics',
    provider,
    log,
    web: WebSecurity.load(file, log),
  })
  const [bound] = (await running.start()) as [AddressInfo]
  return { url: `https://127.0.0.1:${bound.port}`, file }
}

/** One request on a fresh connection, trusting the test CA unless told otherwise. */
function get(
  url: string,
  opts: { client?: IssuedCertificate; auth?: string; caFile?: string; from?: string } = {},
) {
  return httpsGet(url, {
    ca: opts.caFile ?? ca.cert,
    ...(opts.client ? { client: opts.client } : {}),
    ...(opts.auth ? { auth: opts.auth } : {}),
    ...(opts.from ? { localAddress: opts.from } : {}),
  })
}

/** The status, or "refused" when the server closed the connection (a TLS policy said no). */
async function outcome(url: string, client?: IssuedCertificate): Promise<number | 'refused'> {
  try {
    return (await get(`${url}/metrics`, client ? { client } : {})).status
  } catch {
    return 'refused'
  }
}

const tlsFiles = () => `  cert_file: ${server.cert}\n  key_file: ${server.key}\n`

describe('HTTPS with basic auth', () => {
  const HASH = hashSync('scrape-password', 4)

  it('answers 401 with WWW-Authenticate without or with wrong credentials, 200 with the right ones', async () => {
    const { url } = await serve(
      `tls_server_config:\n${tlsFiles()}http_server_config:\n  headers:\n    X-Frame-Options: deny\nbasic_auth_users:\n  prometheus: ${HASH}\n`,
    )
    // Each from its own address: a client that just failed backs off (next test).
    for (const [i, auth] of [undefined, 'prometheus:wrong', 'grafana:scrape-password'].entries()) {
      const res = await get(`${url}/metrics`, { from: `127.0.0.${10 + i}`, ...(auth ? { auth } : {}) })
      expect(res.status, auth).toBe(401)
      expect(res.headers['www-authenticate']).toBe('Basic')
      expect(res.body).toBe('Unauthorized\n')
      expect(res.headers['x-frame-options']).toBe('deny')
    }
    const ok = await get(`${url}/metrics`, { auth: 'prometheus:scrape-password' })
    expect(ok).toMatchObject({ status: 200, body: 'kafkascope_up 1\n' })
    expect(ok.headers['x-frame-options']).toBe('deny')
    // Every path is protected, as with exporter-toolkit.
    for (const path of ['/', '/-/healthy', '/-/ready', '/api/v1/cluster'])
      expect((await get(`${url}${path}`)).status, path).toBe(401)
  })

  it('answers 429 with Retry-After to a client retrying other credentials at once; the right ones still pass', async () => {
    const { url } = await serve(`tls_server_config:\n${tlsFiles()}basic_auth_users:\n  prometheus: ${HASH}\n`)
    const from = '127.0.0.20'
    expect((await get(`${url}/metrics`, { from, auth: 'prometheus:scrape-password' })).status).toBe(200)
    expect((await get(`${url}/metrics`, { from, auth: 'prometheus:wrong' })).status).toBe(401)
    for (const auth of ['prometheus:wrong-again', 'grafana:scrape-password']) {
      const res = await get(`${url}/metrics`, { from, auth })
      expect({ auth, status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
        auth,
        status: 429,
        retryAfter: '1',
      })
    }
    // Verified before, so cached: not held back by the backoff.
    expect((await get(`${url}/metrics`, { from, auth: 'prometheus:scrape-password' })).status).toBe(200)
    expect((await get(`${url}/metrics`, { from: '127.0.0.21', auth: 'prometheus:wrong' })).status).toBe(401)
  })

  it('picks up a changed basic_auth_users without a restart', async () => {
    const { url, file } = await serve(
      `tls_server_config:\n${tlsFiles()}basic_auth_users:\n  prometheus: ${HASH}\n`,
    )
    expect((await get(`${url}/metrics`, { auth: 'prometheus:scrape-password' })).status).toBe(200)
    await writeFile(
      file,
      `tls_server_config:\n${tlsFiles()}basic_auth_users:\n  prometheus: ${hashSync('rotated', 4)}\n`,
    )
    // The file is checked at most once a second: poll until the new password works, with a deadline.
    const deadline = Date.now() + 10_000
    while ((await get(`${url}/metrics`, { auth: 'prometheus:rotated' })).status !== 200) {
      if (Date.now() > deadline) throw new Error('the rotated password was not picked up')
      await new Promise((r) => setTimeout(r, 100))
    }
    expect((await get(`${url}/metrics`, { auth: 'prometheus:scrape-password' })).status).toBe(401)
  })

  it('serves a rotated certificate to new connections', async () => {
    // Its own copies: the other tests keep the original certificate.
    const cert = join(dir, 'rotating.crt')
    const key = join(dir, 'rotating.key')
    await writeFile(cert, await readFile(server.cert))
    await writeFile(key, await readFile(server.key))
    const { url } = await serve(`tls_server_config:\n  cert_file: ${cert}\n  key_file: ${key}\n`)
    expect((await get(`${url}/metrics`)).status).toBe(200)
    const newCa = await createCa(dir, 'rotated-ca')
    const rotated = await issueCertificate(dir, newCa, 'rotated-server', {
      sans: 'IP:127.0.0.1',
      usage: 'serverAuth',
    })
    await writeFile(cert, await readFile(rotated.cert))
    await writeFile(key, await readFile(rotated.key))
    const deadline = Date.now() + 10_000
    for (;;) {
      // A request (any answer) lets the server notice the change; then a new connection must present the new one.
      await get(`${url}/metrics`).catch(() => undefined)
      const status = await get(`${url}/metrics`, { caFile: newCa.cert }).then(
        (r) => r.status,
        () => 'old',
      )
      if (status === 200) break
      if (Date.now() > deadline) throw new Error('the rotated certificate was not served')
      await new Promise((r) => setTimeout(r, 100))
    }
  })

  it('rate_limit answers 429 beyond the burst', async () => {
    const { url } = await serve(`rate_limit:\n  interval: 1h\n  burst: 2\n`)
    const plain = url.replace('https:', 'http:')
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${plain}/-/healthy`)).status)
    expect(statuses).toEqual([200, 200, 429])
  })
})

describe('client certificates (client_auth_type)', () => {
  it.each<[string, string, Record<'none' | 'trusted' | 'untrusted', number | 'refused'>]>([
    ['NoClientCert', '', { none: 200, trusted: 200, untrusted: 200 }],
    ['RequestClientCert', 'RequestClientCert', { none: 200, trusted: 200, untrusted: 200 }],
    ['RequireAnyClientCert', 'RequireAnyClientCert', { none: 'refused', trusted: 200, untrusted: 200 }],
    ['VerifyClientCertIfGiven', 'VerifyClientCertIfGiven', { none: 200, trusted: 200, untrusted: 'refused' }],
    [
      'RequireAndVerifyClientCert',
      'RequireAndVerifyClientCert',
      { none: 'refused', trusted: 200, untrusted: 'refused' },
    ],
  ])('%s', async (_, type, expected) => {
    const policy = type === '' ? '' : `  client_auth_type: ${type}\n  client_ca_file: ${ca.cert}\n`
    const { url } = await serve(`tls_server_config:\n${tlsFiles()}${policy}`)
    expect({
      none: await outcome(url),
      trusted: await outcome(url, trusted),
      untrusted: await outcome(url, untrusted),
    }).toEqual(expected)
  })

  it('client_allowed_sans admits only certificates with a listed SAN', async () => {
    const { url } = await serve(
      `tls_server_config:\n${tlsFiles()}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${ca.cert}\n  client_allowed_sans: [prometheus.example.com]\n`,
    )
    expect(await outcome(url, trusted)).toBe(200)
    expect(await outcome(url, otherSan)).toBe('refused')
  })
})

describe('HTTPS and requests the HTTP parser refuses', () => {
  it('answers 431 to headers over the limit inside TLS too, without a reset', async () => {
    const { url } = await serve(`tls_server_config:\n${tlsFiles()}`)
    const { connect } = await import('node:tls')
    const caPem = await readFile(ca.cert)
    const request = `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4 * 1024 * 1024)}\r\n\r\n`
    const result = await new Promise<{ answer: string; error?: string }>((resolve) => {
      let answer = ''
      let error: string | undefined
      const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port), ca: caPem }, () =>
        socket.write(request, () => {}),
      )
      socket.on('data', (d) => {
        answer += String(d)
      })
      socket.on('error', (e: NodeJS.ErrnoException) => {
        error = e.code
      })
      socket.on('close', () => resolve(error === undefined ? { answer } : { answer, error }))
    })
    expect(result).toEqual({
      answer: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
    })
  })
})
