import { readFileSync } from 'node:fs'
import { createSecureContext, type ConnectionOptions as TlsOptions } from 'node:tls'
import { rememberSecret } from '../config/secret.js'
import type { Config } from '../config/settings.js'
import { ConfigError, describeError } from '../errors.js'
import type { Logger } from '../log.js'
import type { SecurityDescription } from './auth-errors.js'
import { OAuthTokenProvider } from './oauth.js'
import { fileFingerprint, readSecretNow, type SecretSource, secretSource } from './secrets.js'

/** The shape of @platformatic/kafka's SASLOptions that kafkascope uses (client.ts passes it on unchanged). */
export interface SaslOptions {
  readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER'
  readonly username?: string
  /** Called at every authentication (CredentialProvider), so a rotated secret file is picked up. */
  readonly password?: () => Promise<string>
  readonly token?: () => Promise<string>
  readonly authBytesValidator?: (
    authBytes: Buffer,
    callback: (error: Error | null, value?: Buffer) => void,
  ) => void
}

/** TLS and SASL connection options for the Kafka client, built once from the config at start. */
export interface KafkaSecurity {
  readonly tls: TlsOptions | undefined
  readonly sasl: SaslOptions | undefined
  readonly description: SecurityDescription
  /** Changes when a secret or certificate file changes (see AuthBackoff). */
  fingerprint(): string
}

export function kafkaSecurity(config: Config, log: Logger): KafkaSecurity {
  const files: string[] = []
  const tls = config.tlsEnabled ? tlsOptions(config, log, files) : undefined
  let sasl: SaslOptions | undefined
  if (config.saslEnabled) {
    sasl = config.saslMechanism === 'OAUTHBEARER' ? oauthOptions(config) : passwordOptions(config)
    for (const file of [config.saslPasswordFile, config.oauthClientSecretFile]) if (file) files.push(file)
    if (sasl.mechanism === 'PLAIN' && !tls) {
      log.warn(
        { flag: '--sasl.mechanism=PLAIN' },
        'SASL PLAIN without TLS sends the Kafka password in clear text; use --tls.enabled (a SASL_SSL listener) or SCRAM',
      )
    }
  }
  return {
    tls,
    sasl,
    description: {
      mechanism: sasl?.mechanism,
      tls: tls !== undefined,
      clientCertificate: tls !== undefined && config.tlsCertFile !== undefined,
    },
    fingerprint: () => files.map(fileFingerprint).join('|'),
  }
}

function passwordOptions(config: Config): SaslOptions {
  const password = secretSource(
    config.saslPassword,
    config.saslPasswordFile,
    'sasl.password-file',
  ) as SecretSource
  return {
    mechanism: config.saslMechanism,
    username: config.saslUsername as string,
    password: () => password.read(),
  }
}

function oauthOptions(config: Config): SaslOptions {
  const provider = new OAuthTokenProvider({
    tokenUrl: config.oauthTokenUrl as string,
    clientId: config.oauthClientId as string,
    clientSecret: secretSource(
      config.oauthClientSecret,
      config.oauthClientSecretFile,
      'sasl.oauthbearer-client-secret-file',
    ) as SecretSource,
    scope: config.oauthScope,
  })
  return {
    mechanism: 'OAUTHBEARER',
    token: () => provider.token(),
    // A broker that rejects a token answers with a JSON status instead of an error code (RFC 7628 §3.2.2); without
    // this check the connection would look authenticated and then be closed by the broker.
    authBytesValidator: (authBytes, callback) => {
      const status = jsonStatus(authBytes)
      if (status === undefined) {
        callback(null, authBytes)
        return
      }
      provider.invalidate()
      callback(new Error(`the broker rejected the OAuth token (${status})`))
    },
  }
}

function jsonStatus(authBytes: Buffer): string | undefined {
  if (authBytes.length === 0) return undefined
  try {
    const status = (JSON.parse(authBytes.toString('utf8')) as { status?: unknown }).status
    return typeof status === 'string' ? status : undefined
  } catch {
    return undefined
  }
}

/**
 * The CA, certificate and key are getters over files re-read when they change: the library spreads these options
 * into tls.connect() for every new connection, so a rotated client certificate or CA needs no restart.
 */
function tlsOptions(config: Config, log: Logger, files: string[]): TlsOptions {
  const passphrase = readSecretNow(config.tlsKeyPassword, config.tlsKeyPasswordFile, 'tls.key-password-file')
  const options: TlsOptions = {}
  const sources: [keyof TlsOptions, string | undefined, string][] = [
    ['ca', config.tlsCaFile, 'tls.ca-file'],
    ['cert', config.tlsCertFile, 'tls.cert-file'],
    ['key', config.tlsKeyFile, 'tls.key-file'],
  ]
  for (const [option, file, flag] of sources) {
    if (file === undefined) continue
    files.push(file)
    const read = changedFileReader(file, flag, log)
    Object.defineProperty(options, option, { get: read, enumerable: true })
  }
  if (config.tlsKeyPasswordFile !== undefined) {
    // Re-read with the key it unlocks: rotating both must not need a restart.
    const file = config.tlsKeyPasswordFile
    files.push(file)
    const read = changedFileReader(file, 'tls.key-password-file', log)
    Object.defineProperty(options, 'passphrase', {
      get: () => {
        const value = read()
          .toString('utf8')
          .replace(/[\r\n]+$/, '')
        rememberSecret(value)
        return value
      },
      enumerable: true,
    })
  } else if (passphrase !== undefined) options.passphrase = passphrase
  if (config.tlsServerName !== undefined) options.servername = config.tlsServerName
  if (config.tlsInsecureSkipVerify) {
    options.rejectUnauthorized = false
    log.warn(
      { flag: '--tls.insecure-skip-tls-verify' },
      "TLS CERTIFICATE VERIFICATION OF KAFKA BROKERS IS OFF: anyone on the network path can impersonate a broker and receive kafkascope's credentials",
    )
  }
  try {
    // Fails now, with the file named, rather than at the first connection: bad PEM, wrong passphrase, key and
    // certificate that do not match.
    createSecureContext({ ...options })
  } catch (error) {
    throw new ConfigError(
      `cannot use the TLS files for Kafka (${sourcesList(sources)}): ${describeError(error)}`,
    )
  }
  return options
}

function sourcesList(sources: [unknown, string | undefined, string][]): string {
  return sources
    .filter(([, file]) => file !== undefined)
    .map(([, file, flag]) => `--${flag}=${file}`)
    .join(', ')
}

/** Reads `file` when its fingerprint changes; keeps the last good content when a read fails (and says so). */
function changedFileReader(file: string, flag: string, log: Logger): () => Buffer {
  let fingerprint = ''
  let content: Buffer | undefined
  return () => {
    const now = fileFingerprint(file)
    if (content !== undefined && now === fingerprint) return content
    try {
      content = readFileSync(file)
      fingerprint = now
    } catch (error) {
      if (content === undefined)
        throw new ConfigError(`cannot read --${flag} ${file}: ${describeError(error)}`)
      log.warn(
        { file, err: describeError(error) },
        `cannot re-read --${flag}; still using its previous content`,
      )
    }
    return content
  }
}
