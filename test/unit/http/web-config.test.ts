import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../../src/errors.js'
import { parseWebConfig } from '../../../src/http/web-config.js'
import { createCa, type IssuedCertificate, issueCertificate } from '../../support/tls-certs.js'

let dir: string
let server: IssuedCertificate
const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi'

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-webcfg-'))
  const ca = await createCa(dir, 'ca')
  server = await issueCertificate(dir, ca, 'server', { sans: 'DNS:localhost', usage: 'serverAuth' })
  await writeFile(join(dir, 'garbage.pem'), 'this is not a certificate\n')
  await writeFile(join(dir, 'huge.pem'), 'x'.repeat(1024 * 1024 + 1))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The config file lives in `dir`, so relative paths resolve there. */
const parse = (text: string) => parseWebConfig(text, join(dir, 'web.yml'))

function error(text: string): string {
  try {
    parse(text)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message.replace(`web config file ${join(dir, 'web.yml')}: `, '')
  }
  throw new Error('expected a ConfigError')
}

describe('web config (exporter-toolkit format)', () => {
  it('an empty file: plain HTTP, no authentication', () => {
    expect(parse('')).toEqual({
      tls: undefined,
      headers: {},
      users: new Map(),
      rateLimit: undefined,
      files: [join(dir, 'web.yml')],
    })
  })

  it('reads TLS with relative paths, the toolkit defaults, users, headers and rate limit', async () => {
    const config = parse(`
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_ca_file: ca.crt
  client_auth_type: RequireAndVerifyClientCert
  client_allowed_sans: [prometheus.example.com]
  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]
  curve_preferences: [X25519, CurveP256]
http_server_config:
  http2: false
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  prometheus: ${HASH}
rate_limit:
  interval: 100ms
  burst: 5
`)
    expect(config.tls).toEqual({
      cert: await readFile(server.cert),
      key: await readFile(server.key),
      clientCa: await readFile(join(dir, 'ca.crt')),
      clientAuth: 'RequireAndVerifyClientCert',
      allowedSans: ['prometheus.example.com'],
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305',
      ecdhCurve: 'X25519:P-256',
      honorCipherOrder: true,
    })
    expect(config.headers).toEqual({
      'X-Frame-Options': 'deny',
      'Strict-Transport-Security': 'max-age=31536000',
    })
    expect(config.users).toEqual(new Map([['prometheus', HASH]]))
    expect(config.rateLimit).toEqual({ intervalMs: 100, burst: 5 })
    expect(config.files).toEqual([join(dir, 'web.yml'), server.cert, server.key, join(dir, 'ca.crt')])
  })

  it('accepts inline PEM, the old RequireClientCert spelling and TLS 1.3 only', async () => {
    const indent = (pem: string) => pem.trim().replace(/\n/g, '\n    ')
    const config = parse(`
tls_server_config:
  cert: |
    ${indent(await readFile(server.cert, 'utf8'))}
  key: |
    ${indent(await readFile(server.key, 'utf8'))}
  client_auth_type: RequireClientCert
  min_version: TLS13
`)
    expect(config.tls).toMatchObject({
      clientAuth: 'RequireAnyClientCert',
      minVersion: 'TLSv1.3',
    })
    expect(config.files).toEqual([join(dir, 'web.yml')])
  })

  it.each<[string, string, string]>([
    [
      'an unknown top-level key',
      'basic_auth:\n  a: b\n',
      'unknown key basic_auth; valid keys: tls_server_config, http_server_config, basic_auth_users, rate_limit',
    ],
    [
      'an unknown TLS key',
      'tls_server_config:\n  cert_flie: x\n',
      'unknown key tls_server_config.cert_flie; valid keys in tls_server_config: cert, key, client_ca, cert_file, key_file, client_auth_type, client_ca_file, client_allowed_sans, min_version, max_version, cipher_suites, prefer_server_cipher_suites, curve_preferences',
    ],
    [
      'a key without a certificate',
      'tls_server_config:\n  key_file: server.key\n',
      'tls_server_config: missing one of cert or cert_file',
    ],
    [
      'a certificate without a key',
      'tls_server_config:\n  cert_file: server.crt\n',
      'tls_server_config: missing one of key or key_file',
    ],
    [
      'a missing certificate file',
      'tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n',
      `failed to read cert_file (${'<dir>'}/nope.crt): ENOENT: no such file or directory, stat '<dir>/nope.crt'`,
    ],
    [
      'a certificate and key that do not match',
      'tls_server_config:\n  cert_file: ca.crt\n  key_file: server.key\n',
      'the key in tls_server_config.key_file <dir>/server.key does not match the certificate in tls_server_config.cert_file <dir>/ca.crt',
    ],
    [
      'a certificate file that is not PEM',
      'tls_server_config:\n  cert_file: garbage.pem\n  key_file: server.key\n',
      'tls_server_config.cert_file <dir>/garbage.pem: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")',
    ],
    [
      'a key file that holds a certificate',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n',
      'tls_server_config.key_file <dir>/server.crt: not a PEM private key (no "-----BEGIN PRIVATE KEY-----")',
    ],
    [
      'a client CA file that is not PEM',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: garbage.pem\n',
      'tls_server_config.client_ca_file <dir>/garbage.pem: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")',
    ],
    [
      'an inline certificate with a damaged body',
      'tls_server_config:\n  cert: "-----BEGIN CERTIFICATE-----\\nnot base64!\\n-----END CERTIFICATE-----\\n"\n  key_file: server.key\n',
      'tls_server_config.cert: the certificate is not valid: bad base64 decode',
    ],
    [
      'a certificate file above the size limit',
      'tls_server_config:\n  cert_file: huge.pem\n  key_file: server.key\n',
      'failed to read cert_file (<dir>/huge.pem): it is too large (1048577 bytes); the limit is 1 MiB',
    ],
    [
      'inline and file certificate together',
      'tls_server_config:\n  cert: x\n  cert_file: server.crt\n  key_file: server.key\n',
      'tls_server_config: cert and cert_file are mutually exclusive',
    ],
    [
      'an invalid client auth type',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Always\n',
      'invalid client_auth_type "Always"; valid: NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert',
    ],
    [
      'a client CA without a client auth policy',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt\n',
      "client CA's have been configured without a client auth policy (client_auth_type)",
    ],
    [
      'an unknown TLS version',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS1.2\n',
      'unknown TLS version in tls_server_config.min_version: "TLS1.2"; valid: TLS10, TLS11, TLS12, TLS13',
    ],
    [
      'an unknown cipher (Go names only)',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [ECDHE-RSA-AES128-GCM-SHA256]\n',
      'unknown cipher: ECDHE-RSA-AES128-GCM-SHA256',
    ],
    [
      'an unknown curve',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  curve_preferences: [P-256]\n',
      'unknown curve: P-256',
    ],
    [
      'a header the toolkit does not allow',
      'http_server_config:\n  headers:\n    Server: kafkascope\n',
      'HTTP header "Server" can not be configured; allowed: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy',
    ],
    [
      'a header value the toolkit does not allow',
      'http_server_config:\n  headers:\n    X-Frame-Options: allow\n',
      'invalid value for X-Frame-Options: "allow"; expected one of deny, sameorigin',
    ],
    [
      'http2 as a string',
      'http_server_config:\n  http2: "no"\n',
      'http_server_config.http2 must be true or false',
    ],
    [
      'a password instead of a bcrypt hash, not echoed',
      'basic_auth_users:\n  prometheus: hunter2\n',
      'basic_auth_users.prometheus is not a bcrypt hash ($2y$, $2a$ or $2b$, a cost of 04 to 31, 53 characters)',
    ],
    [
      'a bcrypt cost out of range',
      `basic_auth_users:\n  prometheus: ${HASH.replace('$10$', '$32$')}\n`,
      'basic_auth_users.prometheus is not a bcrypt hash ($2y$, $2a$ or $2b$, a cost of 04 to 31, 53 characters)',
    ],
    [
      'a bad rate limit interval',
      'rate_limit:\n  interval: 1\n',
      'rate_limit.interval: "1" is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h',
    ],
    [
      'a negative burst',
      'rate_limit:\n  interval: 1s\n  burst: -1\n',
      'rate_limit.burst must be a whole number ≥ 0',
    ],
    ['a section as a list', 'basic_auth_users: [a]\n', 'basic_auth_users must be a map'],
    ['YAML that does not parse', 'basic_auth_users:\n  a: "b\n', 'not valid YAML: Missing closing "quote'],
  ])('rejects %s', (_, text, message) => {
    expect(error(text)).toBe(message.replaceAll('<dir>', dir))
  })
})
