import { formatDuration } from '../duration.js'
import { MAX_REPEATED_VALUES, MAX_VALUE_CHARS, quote } from '../limits.js'
import { formatBytes } from './values.js'

/**
 * What one setting is, and how its value is shown. The kind says what the value means, so --help, the README and
 * the reference config show a default as a user would type it (15s, 4MiB, env=prod) and the loaders know which
 * values are booleans (bare or negated flags) or paths (relative to the config file), without guessing from the
 * default's type.
 */
export type Kind =
  /** Milliseconds, written as 500ms, 15s, 1m30s. */
  | 'duration'
  /** Bytes, written as 65536, 512KiB, 4MiB. */
  | 'bytes'
  /** A whole number ≥ 0. */
  | 'count'
  /** A regular expression, kept as its source text. */
  | 'regex'
  /** host:port (a broker, or an address to listen on). */
  | 'address'
  /** A host name (to verify certificates against). */
  | 'host'
  | 'url'
  /** May be given bare (--tls.enabled) or negated (--no-tls.enabled), like kafka_exporter's boolean flags. */
  | 'boolean'
  /** One of a fixed list of words. */
  | 'enum'
  | 'string'
  /** A file: relative paths in the config file are relative to the config file's directory. */
  | 'path'
  /** A password, client secret or passphrase: parsed into a Secret, never printed. */
  | 'secret'
  /** Static labels: name=value pairs (a map in the config file). */
  | 'labels'
  /** The name of a metric family of the catalog. */
  | 'metric'

export interface Setting<K extends string, V> {
  /** Key in the parsed Config object. */
  key: K
  /** Flag name without the leading dashes, as kafka_exporter and Prometheus exporters spell it. */
  flag: string
  kind: Kind
  help: string
  /** Repeatable flags collect every occurrence into an array. */
  repeatable?: boolean
  /** Shown in --help; undefined means the setting is optional and has no default. */
  default: V
  parse(text: string): V extends readonly (infer E)[] ? E : V
  placeholder: string
  /** Reads a config-file value that is not a scalar or a list of scalars (e.g. the map of static labels). */
  fromFile?: (value: unknown) => V
  /** false: only a flag or the environment can set it (--config.file itself). */
  inFile?: boolean
  /** Flag of the boolean setting this one depends on; setting it while that is false logs a warning at start. */
  onlyWith?: string
  /** Characters one value may have; MAX_VALUE_CHARS unless this says otherwise. */
  maxChars?: number
  /**
   * The variable kafka_exporter reads for this value (SASL_USER_PASSWORD): read last, when no flag, KAFKASCOPE_*
   * variable or config key sets the value, so an existing Deployment's env keeps working.
   */
  kafkaExporterEnv?: string
}

/** Any setting, whatever its key and value, for the code that handles them all alike. */
export type SomeSetting = Setting<string, unknown>

/** Infers the literal key and the value type of one entry, so Config gets a typed field per setting. */
export function setting<K extends string, V>(s: Setting<K, V>): Setting<K, V> {
  return s
}

/**
 * One value of `setting` from a flag, variable or config key, checked against its length limit before its parser
 * sees it. Throws a plain message; the caller says where the value came from.
 */
export function parseValue(setting: SomeSetting, text: string): unknown {
  const max = setting.maxChars ?? MAX_VALUE_CHARS
  if (text.length > max) throw new Error(`${quote(text)} is too long; the limit is ${max} characters`)
  return setting.parse(text)
}

/** The values of a repeatable setting: a bounded number, each parsed by parseValue. */
export function parseValues(setting: SomeSetting, texts: readonly string[]): unknown[] {
  if (texts.length > MAX_REPEATED_VALUES)
    throw new Error(`${texts.length} values; the limit is ${MAX_REPEATED_VALUES}`)
  return texts.map((t) => parseValue(setting, t))
}

/** KAFKASCOPE_KAFKA_SERVER for --kafka.server: the flag upper-cased, dots and dashes as underscores. */
export function envName(flag: string): string {
  return `KAFKASCOPE_${flag.toUpperCase().replace(/[.-]/g, '_')}`
}

/**
 * Where a setting lives in the config file: the flag split at dots, dashes as underscores (--web.listen-address →
 * web.listen_address). kafka_exporter's --sasl.* and --tls.* flags concern the Kafka connection, so they live under
 * kafka (--sasl.mechanism → kafka.sasl.mechanism), next to kafka.server.
 */
export function filePath(flag: string): string[] {
  const parts = flag.split('.').map((p) => p.replace(/-/g, '_'))
  if (parts[0] === 'sasl' || parts[0] === 'tls') return ['kafka', ...parts]
  // Likewise kafka_exporter's --server.tls.* concern kafkascope's endpoint: web.server.tls.enabled.
  return parts[0] === 'server' ? ['web', ...parts] : parts
}

/** A default as a user would type it, for --help and the README; '' when there is none. */
export function formatDefault(s: SomeSetting): string {
  if (s.default === undefined) return ''
  if (s.repeatable) return (s.default as readonly unknown[]).join(',')
  switch (s.kind) {
    case 'duration':
      return formatDuration(s.default as number)
    case 'bytes':
      return formatBytes(s.default as number)
    case 'labels':
      return Object.entries(s.default as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    default:
      return String(s.default)
  }
}
