import type { ConnectionOptions as TlsOptions } from 'node:tls'
import { fileFingerprint } from '../files.js'
import type { Logger } from '../log.js'
import type { Secret } from '../secret.js'
import type { SecurityDescription } from './auth-errors.js'
import { type MskIamSettings, MskIamTokenProvider, mskIamRegion } from './msk-iam.js'
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

/**
 * What the Kafka connection's security needs from the settings, declared here so kafka/ depends on no config
 * module: the edge (config/slices.ts) maps the settings onto it. Undefined = off. A secret comes as a value or as a
 * file read at every use, never both (the config refuses both).
 */
export interface KafkaSecuritySettings {
  readonly tls: KafkaTlsSettings | undefined
  readonly sasl: KafkaSaslSettings | undefined
}

export interface KafkaTlsSettings {
  readonly caFile: string | undefined
  readonly certFile: string | undefined
  readonly keyFile: string | undefined
  readonly keyPassword: Secret | undefined
  readonly keyPasswordFile: string | undefined
  readonly serverName: string | undefined
  readonly insecureSkipVerify: boolean
}

export type KafkaSaslSettings =
  | {
      readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'
      readonly username: string
      readonly password: Secret | undefined
      readonly passwordFile: string | undefined
    }
  | {
      readonly mechanism: 'OAUTHBEARER'
      readonly tokenUrl: string
      readonly clientId: string
      readonly clientSecret: Secret | undefined
      readonly clientSecretFile: string | undefined
      readonly scope: string | undefined
    }
  | ({ readonly mechanism: 'AWS_MSK_IAM' } & MskIamSettings)

/** TLS and SASL connection options for the Kafka client, built once from the settings at start. */
export interface KafkaSecurity {
  readonly tls: TlsOptions | undefined
  readonly sasl: SaslOptions | undefined
  readonly description: SecurityDescription
  /** Changes when a secret or certificate file changes (see AuthBackoff). */
  fingerprint(): string
}

export function kafkaSecurity(settings: KafkaSecuritySettings, log: Logger): KafkaSecurity {
  const files: string[] = []
  const tls = settings.tls ? tlsOptions(settings.tls, log, files) : undefined
  let sasl: SaslOptions | undefined
  if (settings.sasl) {
    const s = settings.sasl
    sasl =
      s.mechanism === 'OAUTHBEARER'
        ? oauthOptions(s)
        : s.mechanism === 'AWS_MSK_IAM'
          ? mskIamOptions(s)
          : passwordOptions(s)
    const file =
      s.mechanism === 'OAUTHBEARER'
        ? s.clientSecretFile
        : s.mechanism === 'AWS_MSK_IAM'
          ? undefined
          : s.passwordFile
    if (file) files.push(file)
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
      // MSK IAM goes on the wire as OAUTHBEARER; messages name what the user chose.
      mechanism: settings.sasl?.mechanism === 'AWS_MSK_IAM' ? 'AWS_MSK_IAM (OAUTHBEARER)' : sasl?.mechanism,
      tls: tls !== undefined,
      clientCertificate: tls !== undefined && settings.tls?.certFile !== undefined,
    },
    fingerprint: () => files.map(fileFingerprint).join('|'),
  }
}

type PasswordSasl = Exclude<KafkaSaslSettings, { mechanism: 'OAUTHBEARER' | 'AWS_MSK_IAM' }>
type OAuthSasl = Extract<KafkaSaslSettings, { mechanism: 'OAUTHBEARER' }>
type MskIamSasl = Extract<KafkaSaslSettings, { mechanism: 'AWS_MSK_IAM' }>

function passwordOptions(settings: PasswordSasl): SaslOptions {
  const password = secretSource(
    settings.password,
    settings.passwordFile,
    'sasl.password-file',
  ) as SecretSource
  return {
    mechanism: settings.mechanism,
    username: settings.username,
    password: () => password.read(),
  }
}

function oauthOptions(settings: OAuthSasl): SaslOptions {
  const provider = new OAuthTokenProvider({
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret: secretSource(
      settings.clientSecret,
      settings.clientSecretFile,
      'sasl.oauthbearer-client-secret-file',
    ) as SecretSource,
    scope: settings.scope,
  })
  return bearerOptions(provider)
}

/** Throws a ConfigError (exit 2) at start when no region is set anywhere. */
function mskIamOptions(settings: MskIamSasl): SaslOptions {
  return bearerOptions(
    new MskIamTokenProvider({
      region: mskIamRegion(settings),
      profile: settings.profile,
      roleArn: settings.roleArn,
    }),
  )
}

function bearerOptions(provider: { token(): Promise<string>; invalidate(): void }): SaslOptions {
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
function tlsOptions(tls: KafkaTlsSettings, log: Logger, files: string[]): TlsOptions {
  const settings = {
    ca: tls.caFile,
    cert: tls.certFile,
    key: tls.keyFile,
    passphraseFile: tls.keyPasswordFile,
    passphrase: tls.keyPassword,
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
  if (tls.serverName !== undefined) options.servername = tls.serverName
  if (tls.insecureSkipVerify) {
    options.rejectUnauthorized = false
    log.warn(
      { flag: '--tls.insecure-skip-tls-verify' },
      "TLS CERTIFICATE VERIFICATION OF KAFKA BROKERS IS OFF: anyone on the network path can impersonate a broker and receive kafkascope's credentials",
    )
  }
  return options
}
