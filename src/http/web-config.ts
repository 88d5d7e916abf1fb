import { readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { createSecureContext, type SecureVersion } from 'node:tls'
import { parseDocument } from 'yaml'
import { parseDuration } from '../duration.js'
import { ConfigError, describeError } from '../errors.js'
import { clipPath, formatSize, MAX_CONFIG_FILE_BYTES, MAX_PEM_FILE_BYTES } from '../limits.js'
import { checkPemFiles } from '../pem.js'
import { CIPHERS, CURVES, TLS_VERSIONS } from './web-config-names.js'

/**
 * --web.config.file in the Prometheus exporter-toolkit format (docs/web-configuration.md of
 * prometheus/exporter-toolkit), read as strictly as the toolkit does (yaml.UnmarshalStrict): unknown keys fail,
 * relative paths are relative to the file, a client CA needs a client auth policy, only the toolkit's headers are
 * allowed. The same file works with promtool check web-config and with other exporters.
 */

export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number]

export interface WebTls {
  readonly cert: Buffer
  readonly key: Buffer
  readonly clientCa: Buffer | undefined
  readonly clientAuth: ClientAuthType
  /** Client certificates must carry one of these SANs (DNS, IP, e-mail or URI); undefined = any. */
  readonly allowedSans: readonly string[] | undefined
  readonly minVersion: SecureVersion
  readonly maxVersion: SecureVersion
  /** OpenSSL names of the configured TLS ≤ 1.2 suites; undefined = Node's defaults. */
  readonly ciphers: string | undefined
  readonly ecdhCurve: string | undefined
  readonly honorCipherOrder: boolean
}

export interface WebConfig {
  readonly tls: WebTls | undefined
  readonly headers: Readonly<Record<string, string>>
  /** User → bcrypt hash. Empty: no authentication. */
  readonly users: ReadonlyMap<string, string>
  readonly rateLimit: { readonly intervalMs: number; readonly burst: number } | undefined
  /** The config file and the files it names, to notice changes. */
  readonly files: readonly string[]
}

/** The toolkit's allowed headers, with the allowed values where it restricts them. */
const HEADERS: Record<string, readonly string[] | null> = {
  'Strict-Transport-Security': null,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': null,
  'Content-Security-Policy': null,
}

const KEYS = {
  top: ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'],
  tls: [
    'cert',
    'key',
    'client_ca',
    'cert_file',
    'key_file',
    'client_auth_type',
    'client_ca_file',
    'client_allowed_sans',
    'min_version',
    'max_version',
    'cipher_suites',
    'prefer_server_cipher_suites',
    'curve_preferences',
  ],
  http: ['http2', 'headers'],
  rate: ['interval', 'burst'],
}

// $2a$/$2b$/$2y$, a two-digit cost, 22 characters of salt and 31 of hash, as Go's bcrypt.Cost accepts.
const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/

export function loadWebConfig(file: string): WebConfig {
  let text: string
  try {
    text = readBounded(file, MAX_CONFIG_FILE_BYTES).toString('utf8')
  } catch (error) {
    throw new ConfigError(`cannot read web config file ${file}: ${describeError(error)}`)
  }
  return parseWebConfig(text, file)
}

/** Checked with stat first: the file is re-read when it changes, and a huge one must not be parsed. */
function readBounded(file: string, max: number): Buffer {
  const size = statSync(file).size
  if (size > max) throw new Error(`it is too large (${size} bytes); the limit is ${formatSize(max)}`)
  return readFileSync(file)
}

export function parseWebConfig(text: string, file: string): WebConfig {
  const fail = (message: string) => new ConfigError(`web config file ${file}: ${message}`)
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true })
  if (doc.errors[0]) throw fail(`not valid YAML: ${doc.errors[0].message}`)
  const root = (doc.toJS() as unknown) ?? {}
  const top = map(root, '', KEYS.top, fail)
  const files = [file]
  const dir = dirname(file)
  const path = (p: string) => (isAbsolute(p) ? p : resolve(dir, p))

  const tlsRaw = map(top.tls_server_config ?? {}, 'tls_server_config', KEYS.tls, fail)
  const httpRaw = map(top.http_server_config ?? {}, 'http_server_config', KEYS.http, fail)
  const usersRaw = map(top.basic_auth_users ?? {}, 'basic_auth_users', null, fail)
  const rateRaw = map(top.rate_limit ?? {}, 'rate_limit', KEYS.rate, fail)

  const users = new Map<string, string>()
  for (const [user, hash] of Object.entries(usersRaw)) {
    // The hash is not echoed: it is not the password, but still nothing to print.
    const cost = typeof hash === 'string' ? BCRYPT.exec(hash)?.[1] : undefined
    if (cost === undefined || Number(cost) < 4 || Number(cost) > 31) {
      throw fail(
        `basic_auth_users.${user} is not a bcrypt hash ($2y$, $2a$ or $2b$, a cost of 04 to 31, 53 characters)`,
      )
    }
    users.set(user, hash as string)
  }

  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(
    map(httpRaw.headers ?? {}, 'http_server_config.headers', null, fail),
  )) {
    const allowed = HEADERS[name]
    if (allowed === undefined)
      throw fail(`HTTP header "${name}" can not be configured; allowed: ${Object.keys(HEADERS).join(', ')}`)
    const v = str(value, `http_server_config.headers.${name}`, fail)
    if (allowed !== null && !allowed.includes(v))
      throw fail(`invalid value for ${name}: "${v}"; expected one of ${allowed.join(', ')}`)
    headers[name] = v
  }
  bool(httpRaw.http2, 'http_server_config.http2', fail)

  let rateLimit: WebConfig['rateLimit']
  if (rateRaw.interval !== undefined) {
    let intervalMs: number
    try {
      intervalMs = parseDuration(String(rateRaw.interval))
    } catch (error) {
      throw fail(`rate_limit.interval: ${(error as Error).message}`)
    }
    const burst = rateRaw.burst ?? 0
    if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 0)
      throw fail('rate_limit.burst must be a whole number ≥ 0')
    if (intervalMs > 0) rateLimit = { intervalMs, burst }
  }

  const tls = tlsSettings(tlsRaw, path, files, fail)
  return { tls, headers, users, rateLimit, files }
}

function tlsSettings(
  raw: Record<string, unknown>,
  path: (p: string) => string,
  files: string[],
  fail: (m: string) => ConfigError,
): WebTls | undefined {
  const s = (key: string) =>
    raw[key] === undefined ? undefined : str(raw[key], `tls_server_config.${key}`, fail)
  const certFile = s('cert_file')
  const keyFile = s('key_file')
  const caFile = s('client_ca_file')
  const clientAuthText = s('client_auth_type')
  const enabled = [certFile, keyFile, caFile, clientAuthText, s('cert'), s('key'), s('client_ca')].some(
    (v) => v !== undefined && v !== '',
  )
  if (!enabled) return undefined
  for (const [inline, fileKey] of [
    ['cert', 'cert_file'],
    ['key', 'key_file'],
    ['client_ca', 'client_ca_file'],
  ] as const) {
    if (s(inline) && s(fileKey))
      throw fail(`tls_server_config: ${inline} and ${fileKey} are mutually exclusive`)
  }
  const pemNames: Record<string, string> = {} // key → "tls_server_config.cert_file /path", for messages
  const read = (key: string, file: string | undefined, inline: string): Buffer | undefined => {
    if (file) {
      const full = path(file)
      files.push(full)
      pemNames[key] = `tls_server_config.${key} ${clipPath(full)}`
      try {
        return readBounded(full, MAX_PEM_FILE_BYTES)
      } catch (error) {
        throw fail(`failed to read ${key} (${clipPath(full)}): ${describeError(error)}`)
      }
    }
    pemNames[key] = `tls_server_config.${inline}`
    const text = s(inline)
    return text ? Buffer.from(text) : undefined
  }
  const cert = read('cert_file', certFile, 'cert')
  const key = read('key_file', keyFile, 'key')
  const clientCa = read('client_ca_file', caFile, 'client_ca')
  if (!cert) throw fail('tls_server_config: missing one of cert or cert_file')
  if (!key) throw fail('tls_server_config: missing one of key or key_file')

  // "RequireClientCert" is the toolkit's old spelling, still accepted there.
  const authText = clientAuthText === undefined || clientAuthText === '' ? 'NoClientCert' : clientAuthText
  const clientAuth = (authText === 'RequireClientCert' ? 'RequireAnyClientCert' : authText) as ClientAuthType
  if (!CLIENT_AUTH_TYPES.includes(clientAuth)) {
    throw fail(`invalid client_auth_type "${authText}"; valid: ${CLIENT_AUTH_TYPES.join(', ')}`)
  }
  if (clientCa && clientAuth === 'NoClientCert') {
    throw fail("client CA's have been configured without a client auth policy (client_auth_type)")
  }
  const version = (key: string, fallback: SecureVersion) => {
    const v = s(key)
    if (v === undefined) return fallback
    const mapped = TLS_VERSIONS[v]
    if (!mapped)
      throw fail(
        `unknown TLS version in tls_server_config.${key}: "${v}"; valid: ${Object.keys(TLS_VERSIONS).join(', ')}`,
      )
    return mapped
  }
  const names = (key: string, table: Record<string, string>, what: string) => {
    const list = raw[key]
    if (list === undefined) return undefined
    if (!Array.isArray(list)) throw fail(`tls_server_config.${key} must be a list`)
    return list
      .map((n) => {
        const mapped = table[String(n)]
        if (!mapped) throw fail(`unknown ${what}: ${String(n)}`)
        return mapped
      })
      .join(':')
  }
  const sans = raw.client_allowed_sans
  if (sans !== undefined && (!Array.isArray(sans) || sans.some((x) => typeof x !== 'string'))) {
    throw fail('tls_server_config.client_allowed_sans must be a list of strings')
  }
  const tls: WebTls = {
    cert,
    key,
    clientCa,
    clientAuth,
    allowedSans: sans as string[] | undefined,
    minVersion: version('min_version', 'TLSv1.2'),
    maxVersion: version('max_version', 'TLSv1.3'),
    ciphers: names('cipher_suites', CIPHERS, 'cipher') || undefined,
    ecdhCurve: names('curve_preferences', CURVES, 'curve') || undefined,
    honorCipherOrder:
      bool(raw.prefer_server_cipher_suites, 'tls_server_config.prefer_server_cipher_suites', fail) ?? true,
  }
  try {
    // Named checks first (PEM, key matches certificate), then whatever else OpenSSL refuses.
    checkPemFiles({
      cert: { pem: cert, name: pemNames.cert_file as string },
      key: { pem: key, name: pemNames.key_file as string },
      ...(clientCa ? { ca: { pem: clientCa, name: pemNames.client_ca_file as string } } : {}),
    })
    createSecureContext({ cert, key, ...(clientCa ? { ca: clientCa } : {}) })
  } catch (error) {
    throw fail(describeError(error))
  }
  return tls
}

function map(
  value: unknown,
  where: string,
  keys: readonly string[] | null,
  fail: (m: string) => ConfigError,
): Record<string, unknown> {
  if (value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw fail(`${where || 'the top level'} must be a map`)
  const record = value as Record<string, unknown>
  if (keys !== null) {
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) {
        throw fail(
          `unknown key ${where ? `${where}.` : ''}${key}; valid keys${where ? ` in ${where}` : ''}: ${keys.join(', ')}`,
        )
      }
    }
  }
  return record
}

function str(value: unknown, where: string, fail: (m: string) => ConfigError): string {
  if (typeof value !== 'string') throw fail(`${where} must be a string`)
  return value
}

function bool(value: unknown, where: string, fail: (m: string) => ConfigError): boolean | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw fail(`${where} must be true or false`)
  return value
}
