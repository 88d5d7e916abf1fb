import type { ConnectionOptions as TlsOptions } from 'node:tls'
import type { Config } from '../config/settings.js'
import { fileFingerprint } from '../files.js'
import type { Logger } from '../log.js'
import type { SecurityDescription } from './auth-errors.js'
import { OAuthTokenProvider } from './oauth.js'
import { type SecretSource, secretSource } from './secrets.js'
import { TlsMaterial } from './tls-material.js'

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
 * The CA, certificate, key and passphrase are getters over TlsMaterial: the library spreads these options into
 * tls.connect() for every new connection, so a rotated client certificate or CA needs no restart. Only the first
 * getter looks for changed files, so one connection never mixes an old certificate with a new key.
 */
function tlsOptions(config: Config, log: Logger, files: string[]): TlsOptions {
  const settings = {
    ca: config.tlsCaFile,
    cert: config.tlsCertFile,
    key: config.tlsKeyFile,
    passphraseFile: config.tlsKeyPasswordFile,
    passphrase: config.tlsKeyPassword,
  }
  // Throws a ConfigError (exit 2) naming the file: not PEM, wrong passphrase, key and certificate that differ.
  const material = new TlsMaterial(settings, log)
  for (const file of [settings.ca, settings.cert, settings.key, settings.passphraseFile])
    if (file !== undefined) files.push(file)
  const options: TlsOptions = {}
  const fields = (['ca', 'cert', 'key', 'passphrase'] as const).filter(
    (f) => material.current()[f] !== undefined,
  )
  fields.forEach((field, i) => {
    Object.defineProperty(options, field, {
      get: () => (i === 0 ? material.current() : material.last())[field],
      enumerable: true,
    })
  })
  if (config.tlsServerName !== undefined) options.servername = config.tlsServerName
  if (config.tlsInsecureSkipVerify) {
    options.rejectUnauthorized = false
    log.warn(
      { flag: '--tls.insecure-skip-tls-verify' },
      "TLS CERTIFICATE VERIFICATION OF KAFKA BROKERS IS OFF: anyone on the network path can impersonate a broker and receive kafkascope's credentials",
    )
  }
  return options
}
