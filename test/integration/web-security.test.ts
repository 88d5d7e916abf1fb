import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { hashSync } from '@node-rs/bcrypt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseInvocation } from '../../src/config/parse.js'
import { type Daemon, startDaemon } from '../../src/daemon.js'
import { createLogger } from '../../src/log.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { parseExposition, sampleValue } from '../support/exposition.js'
import { httpsGet } from '../support/https-client.js'
import {
  type CertificateAuthority,
  createCa,
  type IssuedCertificate,
  issueCertificate,
} from '../support/tls-certs.js'

/**
 * The real daemon behind --web.config.file (exporter-toolkit format): HTTPS with basic auth in front of real Kafka
 * metrics, the same file accepted by promtool check web-config, and the scrape password never in the logs.
 */

const run = promisify(execFile)
const cluster = connectCluster()
const PASSWORD = 'scrape-password-S3cr3t-value'

let dir: string
let ca: CertificateAuthority
let clientCert: IssuedCertificate
let webConfig: string
let mtlsConfig: string
let daemon: Daemon
let url: string
const logs: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-web-'))
  ca = await createCa(dir, 'ca')
  const server = await issueCertificate(dir, ca, 'server', {
    sans: 'IP:127.0.0.1,DNS:localhost',
    usage: 'serverAuth',
  })
  clientCert = await issueCertificate(dir, ca, 'prometheus', { sans: 'DNS:prometheus', usage: 'clientAuth' })
  // Relative paths, resolved against the file's directory by kafkascope and promtool alike; $2y$ as htpasswd writes.
  webConfig = join(dir, 'web-config.yml')
  await writeFile(
    webConfig,
    [
      'tls_server_config:',
      '  cert_file: server.crt',
      '  key_file: server.key',
      '  min_version: TLS12',
      'http_server_config:',
      '  headers:',
      '    X-Content-Type-Options: nosniff',
      '    Strict-Transport-Security: max-age=63072000',
      'basic_auth_users:',
      `  prometheus: ${hashSync(PASSWORD, 10).replace(/^\$2b\$/, '$2y$')}`,
      '',
    ].join('\n'),
  )
  mtlsConfig = join(dir, 'web-config-mtls.yml')
  await writeFile(
    mtlsConfig,
    `tls_server_config:\n  cert_file: ${server.cert}\n  key_file: ${server.key}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${ca.cert}\n`,
  )
  const invocation = parseInvocation([
    ...cluster.bootstrap.split(',').map((b) => `--kafka.server=${b}`),
    '--web.listen-address=127.0.0.1:0',
    `--web.config.file=${webConfig}`,
    '--poll.interval=500ms',
    '--log.level=debug',
  ])
  if (invocation.kind !== 'run') throw new Error('expected a run invocation')
  const log = createLogger({ level: 'debug', format: 'json' }, (line) => logs.push(line))
  daemon = await startDaemon(invocation.config, log)
  url = `https://127.0.0.1:${daemon.addresses[0]?.port}`
})

afterAll(async () => {
  await daemon?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('the daemon behind --web.config.file', () => {
  it('serves Kafka metrics over HTTPS to the right credentials, with the configured headers', async () => {
    const deadline = Date.now() + 60_000
    for (;;) {
      const res = await httpsGet(`${url}/metrics`, { ca: ca.cert, auth: `prometheus:${PASSWORD}` })
      expect(res.status).toBe(200)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['strict-transport-security']).toBe('max-age=63072000')
      const samples = parseExposition(res.body)
      if (sampleValue(samples, 'kafkascope_up') === 1) {
        expect(sampleValue(samples, 'kafka_brokers')).toBe(3)
        break
      }
      if (Date.now() > deadline) throw new Error('kafkascope_up never became 1 behind HTTPS')
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  it('answers 401 with WWW-Authenticate: Basic without or with wrong credentials, on every path', async () => {
    // Each attempt from its own address: one that just failed backs off (429, next test).
    let client = 10
    for (const auth of [undefined, 'prometheus:wrong', `grafana:${PASSWORD}`]) {
      for (const path of ['/metrics', '/', '/-/healthy', '/api/v1/brokers']) {
        const from = { localAddress: `127.0.0.${client++}` }
        const res = await httpsGet(`${url}${path}`, { ca: ca.cert, ...from, ...(auth ? { auth } : {}) })
        expect({ path, auth, status: res.status, challenge: res.headers['www-authenticate'] }).toEqual({
          path,
          auth,
          status: 401,
          challenge: 'Basic',
        })
      }
    }
  })

  it('answers 429 with Retry-After to a client retrying wrong credentials at once; the right ones still pass', async () => {
    const opts = { ca: ca.cert, localAddress: '127.0.0.50' }
    const first = await httpsGet(`${url}/metrics`, { ...opts, auth: 'prometheus:wrong' })
    const again = await httpsGet(`${url}/metrics`, { ...opts, auth: 'nobody:wrong-again' })
    expect([first.status, again.status, again.headers['retry-after']]).toEqual([401, 429, '1'])
    // Verified before (first test), so answered from the cache, not held back.
    expect((await httpsGet(`${url}/metrics`, { ...opts, auth: `prometheus:${PASSWORD}` })).status).toBe(200)
  })

  it('does not speak plain HTTP on the HTTPS port', async () => {
    await expect(fetch(url.replace('https:', 'http:'))).rejects.toThrow()
  })

  it('never logs the scrape password, at debug level', () => {
    const text = logs.join('')
    expect(text).toContain('"msg":"web config loaded"')
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain('<redacted>')
  })
})

describe('promtool check web-config', () => {
  it('accepts the files kafkascope serves with', async () => {
    for (const file of [webConfig, mtlsConfig]) {
      const { stdout, stderr } = await run('promtool', ['check', 'web-config', file])
      expect(`${stdout}${stderr}`).toContain(`${file} SUCCESS`)
    }
  })

  it('and rejects what kafkascope rejects (a client CA without a client auth policy)', async () => {
    const bad = join(dir, 'bad.yml')
    await writeFile(
      bad,
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n`,
    )
    await expect(run('promtool', ['check', 'web-config', bad])).rejects.toMatchObject({ code: 1 })
    // kafkascope finds it while starting, before listening (the CLI exits 2 on it).
    const invocation = parseInvocation([`--web.config.file=${bad}`, '--web.listen-address=127.0.0.1:0'])
    if (invocation.kind !== 'run') throw new Error('expected a run invocation')
    await expect(
      startDaemon(
        invocation.config,
        createLogger({ level: 'error', format: 'json' }, () => {}),
      ),
    ).rejects.toThrow(
      `web config file ${bad}: client CA's have been configured without a client auth policy (client_auth_type)`,
    )
  })

  it('serves with client certificates when the file asks for them', async () => {
    const invocation = parseInvocation([
      '--kafka.server=127.0.0.1:1',
      '--web.listen-address=127.0.0.1:0',
      `--web.config.file=${mtlsConfig}`,
    ])
    if (invocation.kind !== 'run') throw new Error('expected a run invocation')
    const mtls = await startDaemon(
      invocation.config,
      createLogger({ level: 'error', format: 'json' }, () => {}),
    )
    try {
      const base = `https://127.0.0.1:${mtls.addresses[0]?.port}`
      expect((await httpsGet(`${base}/-/healthy`, { ca: ca.cert, client: clientCert })).status).toBe(200)
      await expect(httpsGet(`${base}/-/healthy`, { ca: ca.cert })).rejects.toThrow()
    } finally {
      await mtls.stop()
    }
  })
})
