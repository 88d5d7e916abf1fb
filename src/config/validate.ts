import { ConfigError } from '../errors.js'
import { type AnySetting, BY_FLAG, BY_KEY, type Config, envName, filePath, SETTINGS } from './settings.js'

/** 'kafka_exporter environment': the variable kafka_exporter reads (SASL_USER_PASSWORD), used as a last resort. */
export type Source = 'flag' | 'environment' | 'file' | 'kafka_exporter environment' | 'default'

type Key = keyof Config

/**
 * Rules that span settings, checked once all sources are merged. Missing or contradictory security settings fail
 * the start (exit 2); a setting that is set but has no effect (a TLS file while TLS is off) is only a warning, so a
 * flag can switch TLS off for a test without editing the config file. Returns the warnings.
 */
export function checkConfig(config: Config, sources: Readonly<Record<Key, Source>>): string[] {
  const isSet = (key: Key) => sources[key] !== 'default'
  const warnings: string[] = []

  for (const [value, file] of [
    ['saslPassword', 'saslPasswordFile'],
    ['oauthClientSecret', 'oauthClientSecretFile'],
    ['tlsKeyPassword', 'tlsKeyPasswordFile'],
  ] as const) {
    if (isSet(value) && isSet(file)) {
      throw new ConfigError(
        `set only one of ${flag(value)} (from ${where(value, sources)}) and ${flag(file)} (from ${where(file, sources)})`,
      )
    }
  }

  for (const setting of SETTINGS) {
    const gate = setting.onlyWith === undefined ? undefined : BY_FLAG.get(setting.onlyWith)
    // A value equal to the default would change nothing even with the gate on (the reference config shows them).
    const changes = JSON.stringify(config[setting.key as Key]) !== JSON.stringify(setting.default)
    if (gate && isSet(setting.key) && changes && config[gate.key as Key] !== true) {
      warnings.push(
        `${flag(setting.key)} is set (from ${where(setting.key, sources)}) but ignored: ${flag(gate.key as Key)} is false`,
      )
    }
  }

  if (config.saslEnabled) {
    const mechanism = config.saslMechanism
    const needs = (key: Key, alternative?: Key) => {
      if (isSet(key) || (alternative !== undefined && isSet(alternative))) return
      const either = alternative === undefined ? flag(key) : `${flag(key)} or ${flag(alternative)}`
      throw new ConfigError(
        `${either} is required with --sasl.mechanism=${mechanism} (${howToSet(key, alternative)})`,
      )
    }
    const unused = (keys: Key[]) => {
      for (const key of keys)
        if (isSet(key))
          warnings.push(
            `${flag(key)} is set (from ${where(key, sources)}) but ignored by --sasl.mechanism=${mechanism}`,
          )
    }
    const oauth: Key[] = [
      'oauthTokenUrl',
      'oauthClientId',
      'oauthClientSecret',
      'oauthClientSecretFile',
      'oauthScope',
    ]
    const password: Key[] = ['saslUsername', 'saslPassword', 'saslPasswordFile']
    const aws: Key[] = ['saslAwsRegion', 'saslAwsProfile', 'saslAwsRoleArn']
    if (mechanism === 'OAUTHBEARER') {
      needs('oauthTokenUrl')
      needs('oauthClientId')
      needs('oauthClientSecret', 'oauthClientSecretFile')
      unused([...password, ...aws])
    } else if (mechanism === 'AWS_MSK_IAM') {
      // The region may also come from AWS_REGION, which kafka/msk-iam.ts reads at start (exit 2 without any).
      if (isSet('saslAwsProfile') && isSet('saslAwsRoleArn')) {
        throw new ConfigError(
          `set only one of ${flag('saslAwsProfile')} and ${flag('saslAwsRoleArn')} (a role is assumed with the default credential chain)`,
        )
      }
      unused([...password, ...oauth])
    } else {
      needs('saslUsername')
      needs('saslPassword', 'saslPasswordFile')
      unused([...oauth, ...aws])
    }
  }

  if (config.serverTlsEnabled) {
    if (isSet('webConfigFile'))
      throw new ConfigError(
        `set only one of --server.tls.enabled (kafka_exporter's, from ${where('serverTlsEnabled', sources)}) and --web.config.file (from ${where('webConfigFile', sources)}); a web config's tls_server_config does what the --server.tls.* flags do`,
      )
    for (const key of ['serverTlsCertFile', 'serverTlsKeyFile'] as const)
      if (!isSet(key))
        throw new ConfigError(`${flag(key)} is required with --server.tls.enabled (${howToSet(key)})`)
    if (config.serverTlsMutualAuth && !isSet('serverTlsCaFile'))
      throw new ConfigError(
        `--server.tls.ca-file is required with --server.tls.mutual-auth-enabled: without it no client certificate could be verified (${howToSet('serverTlsCaFile')})`,
      )
  }

  if (config.tlsEnabled) {
    if (isSet('tlsCertFile') !== isSet('tlsKeyFile')) {
      const missing: Key = isSet('tlsCertFile') ? 'tlsKeyFile' : 'tlsCertFile'
      const given: Key = missing === 'tlsKeyFile' ? 'tlsCertFile' : 'tlsKeyFile'
      throw new ConfigError(`${flag(missing)} is required with ${flag(given)} (${howToSet(missing)})`)
    }
    if ((isSet('tlsKeyPassword') || isSet('tlsKeyPasswordFile')) && !isSet('tlsKeyFile')) {
      const given: Key = isSet('tlsKeyPassword') ? 'tlsKeyPassword' : 'tlsKeyPasswordFile'
      throw new ConfigError(`${flag(given)} is set but there is no ${flag('tlsKeyFile')} to decrypt`)
    }
  }
  return warnings
}

/**
 * kafka_exporter's forms, made kafkascope's. Its OAUTHBEARER form: --sasl.username is the client id and
 * --sasl.password (or SASL_USER_PASSWORD) the client secret. Moved onto kafkascope's OAuth settings where those are
 * unset, so the rest of the checks and the connection see one form. Runs on the merged config, before it is frozen.
 */
export function kafkaExporterForms(config: Record<string, unknown>, sources: Record<string, Source>): void {
  // SASL_USER_PASSWORD is only a fallback: kafkascope's own password file wins over it, without a conflict.
  if (sources.saslPassword === 'kafka_exporter environment' && sources.saslPasswordFile !== 'default') {
    config.saslPassword = undefined
    sources.saslPassword = 'default'
  }
  // With SASL off nothing moves, so the ignored-setting warning names what the user set.
  if (config.saslEnabled !== true || config.saslMechanism !== 'OAUTHBEARER') return
  const move = (from: Key, to: Key) => {
    if (sources[from] === 'default' || sources[to] !== 'default') return
    config[to] = config[from]
    sources[to] = sources[from] as Source
    config[from] = (BY_KEY.get(from) as AnySetting).default
    sources[from] = 'default'
  }
  move('saslUsername', 'oauthClientId')
  if (sources.oauthClientSecretFile === 'default') move('saslPassword', 'oauthClientSecret')
  if (sources.oauthClientSecret === 'default') move('saslPasswordFile', 'oauthClientSecretFile')
}

function flag(key: Key): string {
  return `--${(BY_KEY.get(key) as AnySetting).flag}`
}

function where(key: Key, sources: Readonly<Record<Key, Source>>): string {
  const s = BY_KEY.get(key) as AnySetting
  switch (sources[key]) {
    case 'flag':
      return 'the command line'
    case 'environment':
      return envName(s.flag)
    case 'file':
      return `the config file key ${filePath(s.flag).join('.')}`
    case 'kafka_exporter environment':
      return s.kafkaExporterEnv as string
    default:
      return 'the default'
  }
}

/** "set it by flag, KAFKASCOPE_X or x.y in the config file" for one setting or either of two. */
function howToSet(key: Key, alternative?: Key): string {
  const ways = (k: Key) => {
    const s = BY_KEY.get(k) as AnySetting
    const legacy = s.kafkaExporterEnv === undefined ? '' : ` (or kafka_exporter's ${s.kafkaExporterEnv})`
    return `${envName(s.flag)}${legacy} or ${filePath(s.flag).join('.')} in the config file`
  }
  return alternative === undefined
    ? `also settable as ${ways(key)}`
    : `also settable as ${ways(key)}; or ${ways(alternative)}`
}
