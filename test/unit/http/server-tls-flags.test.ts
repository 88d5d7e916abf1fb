import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpServer, type MetricsProvider } from '../../../src/http/server.js'
import {
  type ServerTlsFlags,
  serverTlsWebConfig,
  webSecurityFor,
} from '../../../src/http/server-tls-flags.js'
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
let client: IssuedCertificate
let stranger: IssuedCertificate
let running: HttpServer | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-server-tls-'))
  ca = await createCa(dir, 'ca')
  const otherCa = await createCa(dir, 'other-ca')
  server = await issueCertificate(dir, ca, 'server', { sans: 'IP:127.0.0.1', usage: 'serverAuth' })
  client = await issueCertificate(dir, ca, 'prometheus', { sans: 'DNS:prometheus', usage: 'clientAuth' })
  stranger = await issueCertificate(dir, otherCa, 'stranger', { sans: 'DNS:prometheus', usage: 'clientAuth' })
}, 60_000)
afterAll(() => rm(dir, { recursive: true, force: true }))
afterEach(async () => {
  await running?.stop()
  running = undefined
})

async function serve(flags: ServerTlsFlags): Promise<string> {
  running = new HttpServer({
    listenAddresses: ['127.0.0.1:0'],
    telemetryPath: '/metrics',
    provider,
    log,
    web: webSecurityFor({ configFile: undefined, serverTls: flags }, log),
  })
  const [bound] = (await running.start()) as [AddressInfo]
  return `https://127.0.0.1:${bound.port}`
}

async function status(url: string, cert?: IssuedCertificate): Promise<number | 'refused'> {
  try {
    return (await httpsGet(url, { ca: ca.cert, ...(cert ? { client: cert } : {}) })).status
  } catch {
    return 'refused'
  }
}

describe("kafka_exporter's --server.tls.* flags", () => {
  it('mean the web config tls_server_config with the same files, TLS 1.2 at least', () => {
    const tls = serverTlsWebConfig({
      certFile: server.cert,
      keyFile: server.key,
      clientCaFile: undefined,
    }).tls
    expect(tls).toMatchObject({ clientAuth: 'NoClientCert', clientCa: undefined, minVersion: 'TLSv1.2' })
    const mutual = serverTlsWebConfig({ certFile: server.cert, keyFile: server.key, clientCaFile: ca.cert })
    expect(mutual.tls?.clientAuth).toBe('RequireAndVerifyClientCert')
    // The certificate files are watched for rotation; the stand-in name is no file.
    expect(mutual.files).toEqual([server.cert, server.key, ca.cert])
  })

  it('serve HTTPS, /healthz included', async () => {
    const url = await serve({ certFile: server.cert, keyFile: server.key, clientCaFile: undefined })
    const res = await httpsGet(`${url}/healthz`, { ca: ca.cert })
    expect(res).toMatchObject({ status: 200, body: 'ok' })
    expect(await status(`${url}/metrics`)).toBe(200)
  })

  it('with mutual auth, only a client certificate signed by --server.tls.ca-file gets in', async () => {
    const url = await serve({ certFile: server.cert, keyFile: server.key, clientCaFile: ca.cert })
    expect(await status(`${url}/metrics`, client)).toBe(200)
    expect(await status(`${url}/metrics`)).toBe('refused')
    expect(await status(`${url}/metrics`, stranger)).toBe('refused')
  })

  it('a key that is not PEM fails the start (exit 2), naming the file', () => {
    expect(() =>
      serverTlsWebConfig({ certFile: server.cert, keyFile: ca.cert, clientCaFile: undefined }),
    ).toThrow(/kafka_exporter's --server\.tls\.\* flags: .*not a PEM private key/)
  })
})
