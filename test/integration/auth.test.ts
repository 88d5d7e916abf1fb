import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningExporter, startExporter } from '../support/exporter.js'
import { sampleValue } from '../support/exposition.js'
import { type SecuredKafka, startSecuredKafka, USERS } from '../support/secured-kafka.js'
import { encryptKey } from '../support/tls-certs.js'
import { startTokenServer, type TokenServer } from '../support/token-server.js'

/**
 * kafkascope against real SASL and TLS listeners of one broker started for this file (test/support/secured-kafka.ts):
 * metrics flow with each mechanism, and refused credentials or an untrusted certificate give one clear log line,
 * kafkascope_up 0, and no crash. Every exporter runs at debug level; no secret may appear in any of its logs.
 */

const OAUTH_CLIENT = { id: 'kafkascope-client', secret: 'oauth-client-S3cr3t-value' }
const KEY_PASSPHRASE = 'key-passphrase-S3cr3t-value'
const WRONG_PASSWORD = 'wrong-password-S3cr3t-value'
const SECRETS = [
  ...Object.values(USERS).map((u) => u.password),
  OAUTH_CLIENT.secret,
  KEY_PASSPHRASE,
  WRONG_PASSWORD,
]
const POLL_FAILED = 'failed to poll Kafka; serving kafkascope_up 0'

let kafka: SecuredKafka
let tokens: TokenServer
let exporter: RunningExporter | undefined

beforeAll(async () => {
  kafka = await startSecuredKafka()
  tokens = await startTokenServer(OAUTH_CLIENT.id, OAUTH_CLIENT.secret)
}, 240_000)

afterAll(async () => {
  await tokens?.close()
  await kafka?.teardown()
})

afterEach(async () => {
  await exporter?.stop()
  if (exporter) assertNoSecrets(exporter.logs)
  exporter = undefined
})

async function secretFile(name: string, content: string): Promise<string> {
  const file = join(kafka.dir, name)
  await writeFile(file, `${content}\n`, { mode: 0o600 })
  return file
}

async function start(flags: string[]): Promise<RunningExporter> {
  exporter = await startExporter(['--poll.interval=500ms', '--poll.timeout=5s', ...flags])
  return exporter
}

/** Waits until kafkascope_up is `up` and, when up, kafka_brokers is 1. */
async function waitForUp(e: RunningExporter, up: 0 | 1): Promise<void> {
  await e.waitFor(`kafkascope_up ${up}`, (s) => {
    if (sampleValue(s, 'kafkascope_up') !== up) return undefined
    if (up === 1 && sampleValue(s, 'kafka_brokers') !== 1) return undefined
    return true
  })
}

/** The `err` of the first poll-failure log line, waiting for it. */
async function pollError(e: RunningExporter): Promise<string> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const line = e.logs
      .map((l) => JSON.parse(l) as { msg: string; err?: string })
      .find((l) => l.msg === POLL_FAILED)
    if (line) return line.err ?? ''
    if (Date.now() > deadline) throw new Error(`no "${POLL_FAILED}" line in:\n${e.logs.join('')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function assertNoSecrets(logs: readonly string[]): void {
  const text = logs.join('')
  for (const secret of SECRETS) expect(text).not.toContain(secret)
  // Nothing even tried to log one: the last-resort scrubber and the field censor left no trace.
  expect(text).not.toContain('<redacted>')
}

describe('SASL over plaintext', () => {
  it('SCRAM-SHA-512 with a password file: metrics flow', async () => {
    const file = await secretFile('scram512.password', USERS.scram512.password)
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=SCRAM-SHA-512',
      `--sasl.username=${USERS.scram512.name}`,
      `--sasl.password-file=${file}`,
    ])
    await waitForUp(e, 1)
  })

  it("SCRAM-SHA-256 with the password as a flag, mechanism in kafka_exporter's spelling", async () => {
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=scram-sha256',
      `--sasl.username=${USERS.scram256.name}`,
      `--sasl.password=${USERS.scram256.password}`,
    ])
    await waitForUp(e, 1)
  })

  it('PLAIN: metrics flow, with a warning that the password crosses the network in clear text', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=PLAIN',
      `--sasl.username=${USERS.plain.name}`,
      `--sasl.password=${USERS.plain.password}`,
    ])
    await waitForUp(e, 1)
    const warnings = e.logs
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .filter((l) => l.level === 'warn')
    expect(warnings.map((w) => w.msg)).toEqual([
      'SASL PLAIN without TLS sends the Kafka password in clear text; use --tls.enabled (a SASL_SSL listener) or SCRAM',
    ])
  })

  it('a wrong password: a clear error, kafkascope_up 0, then the fixed file is used without a restart', async () => {
    const file = await secretFile('rotating.password', WRONG_PASSWORD)
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=SCRAM-SHA-512',
      `--sasl.username=${USERS.scram512.name}`,
      `--sasl.password-file=${file}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to authenticate to broker ${kafka.saslPlaintext} with SCRAM-SHA-512: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512`,
    )
    await waitForUp(e, 0)
    const scrape = await e.scrape()
    expect(sampleValue(scrape, 'kafkascope_collector_success', { collector: 'metadata' })).toBe(0)
    expect(sampleValue(scrape, 'kafka_brokers')).toBeUndefined()

    await writeFile(file, `${USERS.scram512.password}\n`)
    await waitForUp(e, 1)
  })

  it('PLAIN with a wrong password names the mechanism and the broker', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=PLAIN',
      `--sasl.username=${USERS.plain.name}`,
      `--sasl.password=${WRONG_PASSWORD}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to authenticate to broker ${kafka.saslPlaintext} with PLAIN: Authentication failed: Invalid username or password`,
    )
    await waitForUp(e, 0)
  })
})

describe('OAUTHBEARER with an OIDC client-credentials token endpoint', () => {
  it('fetches a token with the client id and secret file, and metrics flow', async () => {
    const file = await secretFile('oauth.secret', OAUTH_CLIENT.secret)
    const before = tokens.requests.length
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=OAUTHBEARER',
      `--sasl.oauthbearer-token-url=${tokens.url}`,
      `--sasl.oauthbearer-client-id=${OAUTH_CLIENT.id}`,
      `--sasl.oauthbearer-client-secret-file=${file}`,
      '--sasl.oauthbearer-scope=kafka:read',
    ])
    await waitForUp(e, 1)
    const made = tokens.requests.slice(before)
    expect(made[0]).toEqual({
      clientId: OAUTH_CLIENT.id,
      grantType: 'client_credentials',
      scope: 'kafka:read',
    })
    // One token serves every connection until 80% of its hour has passed.
    expect(made).toHaveLength(1)
  })

  it('a client secret the provider refuses: the token endpoint error names the cause', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslPlaintext}`,
      '--sasl.enabled',
      '--sasl.mechanism=OAUTHBEARER',
      `--sasl.oauthbearer-token-url=${tokens.url}`,
      `--sasl.oauthbearer-client-id=${OAUTH_CLIENT.id}`,
      `--sasl.oauthbearer-client-secret=${WRONG_PASSWORD}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to authenticate to broker ${kafka.saslPlaintext} with OAUTHBEARER: failed to get an OAuth token from ${tokens.url}: HTTP 401 invalid_client: client authentication failed`,
    )
    await waitForUp(e, 0)
  })

  it('a token the broker rejects is reported as such', async () => {
    tokens.issueInvalidTokens = true
    try {
      const e = await start([
        `--kafka.server=${kafka.saslPlaintext}`,
        '--sasl.enabled',
        '--sasl.mechanism=OAUTHBEARER',
        `--sasl.oauthbearer-token-url=${tokens.url}`,
        `--sasl.oauthbearer-client-id=${OAUTH_CLIENT.id}`,
        `--sasl.oauthbearer-client-secret=${OAUTH_CLIENT.secret}`,
      ])
      expect(await pollError(e)).toBe(
        `read cluster metadata: failed to authenticate to broker ${kafka.saslPlaintext} with OAUTHBEARER: the broker rejected the OAuth token (invalid_token)`,
      )
      await waitForUp(e, 0)
    } finally {
      tokens.issueInvalidTokens = false
    }
  })
})

describe('TLS', () => {
  it('mutual TLS with a client certificate: metrics flow', async () => {
    const e = await start([
      `--kafka.server=${kafka.ssl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
      `--tls.cert-file=${kafka.client.cert}`,
      `--tls.key-file=${kafka.client.key}`,
    ])
    await waitForUp(e, 1)
  })

  it('no client certificate on a listener that requires one: the error says so', async () => {
    const e = await start([`--kafka.server=${kafka.ssl}`, '--tls.enabled', `--tls.ca-file=${kafka.ca.cert}`])
    expect(await pollError(e)).toBe(
      `read cluster metadata: the TLS session with broker ${kafka.ssl} failed: the broker requires a client certificate (--tls.cert-file and --tls.key-file)`,
    )
    await waitForUp(e, 0)
  })

  it('an encrypted client key with its passphrase from a file', async () => {
    const key = await encryptKey(kafka.dir, kafka.client.key, KEY_PASSPHRASE)
    expect(await readFile(key, 'utf8')).toContain('ENCRYPTED PRIVATE KEY')
    const e = await start([
      `--kafka.server=${kafka.ssl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
      `--tls.cert-file=${kafka.client.cert}`,
      `--tls.key-file=${key}`,
      `--tls.key-password-file=${await secretFile('key.passphrase', KEY_PASSPHRASE)}`,
    ])
    await waitForUp(e, 1)
  })

  it('a broker certificate from an untrusted CA: a clear error and kafkascope_up 0', async () => {
    const e = await start([
      `--kafka.server=${kafka.ssl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.otherCa.cert}`,
      `--tls.cert-file=${kafka.client.cert}`,
      `--tls.key-file=${kafka.client.key}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to verify the TLS certificate of broker ${kafka.ssl}: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); --tls.ca-file must hold the CA that signed it`,
    )
    await waitForUp(e, 0)
  })

  it('a server name the certificate does not carry is refused; the one it carries works', async () => {
    const flags = [
      `--kafka.server=${kafka.ssl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
      `--tls.cert-file=${kafka.client.cert}`,
      `--tls.key-file=${kafka.client.key}`,
    ]
    const wrong = await start([...flags, '--tls.server-name=kafka.example.com'])
    expect(await pollError(wrong)).toMatch(
      new RegExp(
        `^read cluster metadata: failed to verify the TLS certificate of broker ${kafka.ssl.replace(/\./g, '\\.')}: Hostname/IP does not match certificate's altnames: .+ \\(ERR_TLS_CERT_ALTNAME_INVALID\\); --tls.server-name can name the host the certificate is for$`,
      ),
    )
    await wrong.stop()
    assertNoSecrets(wrong.logs)
    const right = await start([...flags, '--tls.server-name=localhost'])
    await waitForUp(right, 1)
  })

  it('--tls.insecure-skip-tls-verify connects to an untrusted broker, with a loud warning', async () => {
    const e = await start([
      `--kafka.server=${kafka.ssl}`,
      '--tls.enabled',
      '--tls.insecure-skip-tls-verify',
      `--tls.ca-file=${kafka.otherCa.cert}`,
      `--tls.cert-file=${kafka.client.cert}`,
      `--tls.key-file=${kafka.client.key}`,
    ])
    await waitForUp(e, 1)
    const warning = e.logs
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .find((l) => l.level === 'warn')
    expect(warning?.msg).toBe(
      "TLS CERTIFICATE VERIFICATION OF KAFKA BROKERS IS OFF: anyone on the network path can impersonate a broker and receive kafkascope's credentials",
    )
  })
})

describe('secrets stay out of what the exporter serves', () => {
  it('the landing page, metrics and JSON API hold no secret, while authenticated with each kind', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslSsl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
      `--tls.key-password=${KEY_PASSPHRASE}`,
      `--tls.cert-file=${kafka.client.cert}`,
      `--tls.key-file=${await encryptKey(kafka.dir, kafka.client.key, KEY_PASSPHRASE)}`,
      '--sasl.enabled',
      '--sasl.mechanism=SCRAM-SHA-512',
      `--sasl.username=${USERS.scram512.name}`,
      `--sasl.password=${USERS.scram512.password}`,
      `--sasl.oauthbearer-client-secret=${OAUTH_CLIENT.secret}`,
    ])
    await waitForUp(e, 1)
    for (const path of [
      '/',
      '/metrics',
      '/api/v1/openapi.json',
      '/api/v1/cluster',
      '/api/v1/brokers',
      '/api/v1/topics',
      '/api/v1/groups',
    ]) {
      const res = await fetch(`${e.url}${path}`)
      expect(res.status, path).toBe(200)
      const body = await res.text()
      for (const secret of SECRETS) expect(body, path).not.toContain(secret)
    }
    // The unused OAuth secret is reported as ignored, by name only.
    expect(e.logs.join('')).not.toContain(OAUTH_CLIENT.secret)
  })
})

describe('SASL over TLS', () => {
  it('SCRAM-SHA-512 over SASL_SSL: metrics flow', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslSsl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
      '--sasl.enabled',
      '--sasl.mechanism=SCRAM-SHA-512',
      `--sasl.username=${USERS.scram512.name}`,
      `--sasl.password-file=${await secretFile('sasl-ssl.password', USERS.scram512.password)}`,
    ])
    await waitForUp(e, 1)
  })

  it('a mechanism the listener does not enable: the error lists what it offers', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslSsl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
      '--sasl.enabled',
      '--sasl.mechanism=PLAIN',
      `--sasl.username=${USERS.plain.name}`,
      `--sasl.password=${USERS.plain.password}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to authenticate to broker ${kafka.saslSsl} with PLAIN: the broker does not enable PLAIN on this listener (it offers SCRAM-SHA-512)`,
    )
    await waitForUp(e, 0)
  })
})

describe('a listener that expects TLS or SASL the client does not do', () => {
  const EXPECTS_SASL =
    'it closed the connection after ApiVersions, as a SASL listener does when the client does not authenticate; the listener probably expects SASL (--sasl.enabled and --sasl.mechanism)'

  it('no SASL against the SASL_PLAINTEXT listener: the error says it probably expects SASL', async () => {
    const e = await start([`--kafka.server=${kafka.saslPlaintext}`])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to talk to broker ${kafka.saslPlaintext}: ${EXPECTS_SASL}`,
    )
    await waitForUp(e, 0)
  })

  it('TLS without SASL against the SASL_SSL listener: the same', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslSsl}`,
      '--tls.enabled',
      `--tls.ca-file=${kafka.ca.cert}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to talk to broker ${kafka.saslSsl}: ${EXPECTS_SASL}`,
    )
  })

  it('plaintext against the SSL listener: the error says it probably expects TLS', async () => {
    const e = await start([`--kafka.server=${kafka.ssl}`])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to talk to broker ${kafka.ssl}: it closed the connection at the first request; the listener probably expects TLS (--tls.enabled)`,
    )
    await waitForUp(e, 0)
  })

  it('SASL without TLS against the SASL_SSL listener: closed during the SASL handshake, probably expects TLS', async () => {
    const e = await start([
      `--kafka.server=${kafka.saslSsl}`,
      '--sasl.enabled',
      '--sasl.mechanism=SCRAM-SHA-512',
      `--sasl.username=${USERS.scram512.name}`,
      `--sasl.password-file=${await secretFile('no-tls.password', USERS.scram512.password)}`,
    ])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to authenticate to broker ${kafka.saslSsl} with SCRAM-SHA-512: it closed the connection during the SASL handshake; the listener probably expects TLS (--tls.enabled)`,
    )
  })
})
