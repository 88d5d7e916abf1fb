import { parseBrokerAddress, parseListenAddress } from '../addresses.js'
import { formatDuration, parseDuration } from '../duration.js'
import {
  MAX_CONFIG_FILE_BYTES,
  MAX_PEM_FILE_BYTES,
  MAX_REGEX_CHARS,
  MAX_REPEATED_VALUES,
  MAX_SECRET_FILE_BYTES,
  MAX_VALUE_CHARS,
  quote,
} from '../limits.js'
import type { Secret } from '../secret.js'
import { formatBytes, parseBytes, parseCount, parseEnum, parseRegex } from './values.js'
import {
  parseBool,
  parseHostName,
  parseHttpUrl,
  parseNonEmpty,
  parseReadableFile,
  parseSaslMechanism,
  parseSecret,
  SASL_MECHANISMS,
  type SaslMechanism,
} from './values-auth.js'
import { labelsFromYaml, parseFamilyName, parseLabels, type StaticLabels } from './values-metrics.js'

/**
 * Every setting, declared once: its flag, the environment variable derived from it, its default and its parser.
 * The CLI help, validation, the config file's keys (filePath), the reference config and the README derive from
 * this list, so adding a setting is adding one entry here (then `npm run generate`).
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export const LOG_FORMATS = ['logfmt', 'json'] as const
export const DESCRIBE_OUTPUTS = ['table', 'json'] as const
export const METRICS_GRANULARITIES = ['partition', 'topic'] as const

interface SettingBase<K extends string, V> {
  /** Key in the parsed Config object. */
  key: K
  /** Flag name without the leading dashes, as kafka_exporter and Prometheus exporters spell it. */
  flag: string
  help: string
  /** Repeatable flags collect every occurrence into an array. */
  repeatable?: boolean
  /** Shown in --help; undefined means the setting is optional and has no default. */
  default: V
  parse(text: string): V extends readonly (infer E)[] ? E : V
  placeholder: string
  /** How to show the default (numbers are durations in ms unless this says otherwise). */
  format?: (value: V) => string
  /** A password, client secret or passphrase: parsed into a Secret, never printed. */
  secret?: boolean
  /** May be given bare (--tls.enabled) or negated (--no-tls.enabled), like kafka_exporter's boolean flags. */
  boolean?: boolean
  /** A file path: relative paths in the config file are relative to the config file's directory. */
  path?: boolean
  /** Reads a config-file value that is not a scalar or a list of scalars (e.g. the map of static labels). */
  fromFile?: (value: unknown) => V
  /** false: only a flag or the environment can set it (--config.file itself). */
  inFile?: boolean
  /** Flag of the boolean setting this one depends on; setting it while that is false logs a warning at start. */
  onlyWith?: string
  /** Characters one value may have; MAX_VALUE_CHARS unless this says otherwise. */
  maxChars?: number
}

function setting<K extends string, V>(s: SettingBase<K, V>): SettingBase<K, V> {
  return s
}

export const SETTINGS = [
  setting({
    key: 'kafkaServers',
    flag: 'kafka.server',
    help: 'Address (host:port) of a Kafka broker to bootstrap from',
    repeatable: true,
    default: ['localhost:9092'] as string[],
    parse: parseBrokerAddress,
    placeholder: 'host:port',
  }),
  setting({
    key: 'kafkaLabels',
    flag: 'kafka.labels',
    help: 'Static labels added to every series, as name=value pairs separated by commas (a map in the config file)',
    default: {} as StaticLabels,
    parse: parseLabels,
    fromFile: labelsFromYaml,
    placeholder: 'name=value,...',
    format: (labels: StaticLabels) =>
      Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
  }),
  setting({
    key: 'saslEnabled',
    flag: 'sasl.enabled',
    help: 'Authenticate to Kafka with SASL, using --sasl.mechanism',
    default: false,
    parse: parseBool,
    boolean: true,
    placeholder: 'bool',
  }),
  setting({
    key: 'saslMechanism',
    flag: 'sasl.mechanism',
    help: `SASL mechanism: ${SASL_MECHANISMS.join(', ')} (kafka_exporter's plain, scram-sha256, scram-sha512 work too)`,
    default: 'PLAIN' as SaslMechanism,
    parse: parseSaslMechanism,
    placeholder: 'mechanism',
    onlyWith: 'sasl.enabled',
  }),
  setting({
    key: 'saslUsername',
    flag: 'sasl.username',
    help: 'SASL username for PLAIN and SCRAM',
    default: undefined as string | undefined,
    parse: parseNonEmpty,
    onlyWith: 'sasl.enabled',
    placeholder: 'name',
  }),
  setting({
    key: 'saslPassword',
    flag: 'sasl.password',
    help: 'SASL password for PLAIN and SCRAM; prefer --sasl.password-file or the environment, as flags show in the process list',
    default: undefined as Secret | undefined,
    parse: parseSecret,
    secret: true,
    onlyWith: 'sasl.enabled',
    placeholder: 'secret',
  }),
  setting({
    key: 'saslPasswordFile',
    flag: 'sasl.password-file',
    help: 'File holding the SASL password; read at every authentication, so a rotated password needs no restart',
    default: undefined as string | undefined,
    parse: secretFile,
    path: true,
    onlyWith: 'sasl.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'oauthTokenUrl',
    flag: 'sasl.oauthbearer-token-url',
    help: 'OAUTHBEARER: token endpoint of the OIDC provider, asked for tokens with the client-credentials grant',
    default: undefined as string | undefined,
    parse: parseHttpUrl,
    onlyWith: 'sasl.enabled',
    placeholder: 'url',
  }),
  setting({
    key: 'oauthClientId',
    flag: 'sasl.oauthbearer-client-id',
    help: 'OAUTHBEARER: client id at the token endpoint',
    default: undefined as string | undefined,
    parse: parseNonEmpty,
    onlyWith: 'sasl.enabled',
    placeholder: 'id',
  }),
  setting({
    key: 'oauthClientSecret',
    flag: 'sasl.oauthbearer-client-secret',
    help: 'OAUTHBEARER: client secret; prefer --sasl.oauthbearer-client-secret-file or the environment',
    default: undefined as Secret | undefined,
    parse: parseSecret,
    secret: true,
    onlyWith: 'sasl.enabled',
    placeholder: 'secret',
  }),
  setting({
    key: 'oauthClientSecretFile',
    flag: 'sasl.oauthbearer-client-secret-file',
    help: 'OAUTHBEARER: file holding the client secret; read at every token request',
    default: undefined as string | undefined,
    parse: secretFile,
    path: true,
    onlyWith: 'sasl.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'oauthScope',
    flag: 'sasl.oauthbearer-scope',
    help: 'OAUTHBEARER: scope to request (space-separated); none when unset',
    default: undefined as string | undefined,
    parse: parseNonEmpty,
    onlyWith: 'sasl.enabled',
    placeholder: 'scope',
  }),
  setting({
    key: 'tlsEnabled',
    flag: 'tls.enabled',
    help: 'Connect to Kafka over TLS',
    default: false,
    parse: parseBool,
    boolean: true,
    placeholder: 'bool',
  }),
  setting({
    key: 'tlsCaFile',
    flag: 'tls.ca-file',
    help: "PEM file of the CAs that sign the brokers' certificates; the system's CAs when unset",
    default: undefined as string | undefined,
    parse: pemFile,
    path: true,
    onlyWith: 'tls.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'tlsCertFile',
    flag: 'tls.cert-file',
    help: 'PEM client certificate for mutual TLS (with --tls.key-file)',
    default: undefined as string | undefined,
    parse: pemFile,
    path: true,
    onlyWith: 'tls.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'tlsKeyFile',
    flag: 'tls.key-file',
    help: 'PEM private key of the client certificate',
    default: undefined as string | undefined,
    parse: pemFile,
    path: true,
    onlyWith: 'tls.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'tlsKeyPassword',
    flag: 'tls.key-password',
    help: 'Passphrase of an encrypted --tls.key-file; prefer --tls.key-password-file or the environment',
    default: undefined as Secret | undefined,
    parse: parseSecret,
    secret: true,
    onlyWith: 'tls.enabled',
    placeholder: 'secret',
  }),
  setting({
    key: 'tlsKeyPasswordFile',
    flag: 'tls.key-password-file',
    help: 'File holding the passphrase of an encrypted --tls.key-file',
    default: undefined as string | undefined,
    parse: secretFile,
    path: true,
    onlyWith: 'tls.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'tlsServerName',
    flag: 'tls.server-name',
    help: "Name to verify the brokers' certificates against (and to send as SNI) instead of each broker's host",
    default: undefined as string | undefined,
    parse: parseHostName,
    onlyWith: 'tls.enabled',
    placeholder: 'host',
  }),
  setting({
    key: 'tlsInsecureSkipVerify',
    flag: 'tls.insecure-skip-tls-verify',
    help: "Do not verify the brokers' certificates: anyone on the network path can impersonate a broker (logged as a warning)",
    default: false,
    parse: parseBool,
    boolean: true,
    placeholder: 'bool',
    onlyWith: 'tls.enabled',
  }),
  setting({
    key: 'listenAddresses',
    flag: 'web.listen-address',
    help: 'Address to serve metrics and the API on',
    repeatable: true,
    default: [':9308'] as string[],
    parse: validListenAddress,
    placeholder: 'host:port',
  }),
  setting({
    key: 'telemetryPath',
    flag: 'web.telemetry-path',
    help: 'Path under which to expose metrics',
    default: '/metrics',
    parse: (t: string) => {
      if (!t.startsWith('/') || t === '/' || /\s/.test(t))
        throw new Error(`${quote(t)} must be a path below /, e.g. /metrics`)
      return t
    },
    placeholder: 'path',
  }),
  setting({
    key: 'webConfigFile',
    flag: 'web.config.file',
    help: 'Web configuration file (Prometheus exporter-toolkit format) for TLS and basic authentication of the HTTP endpoint',
    default: undefined as string | undefined,
    parse: configFile,
    path: true,
    placeholder: 'file',
  }),
  setting({
    key: 'pollInterval',
    flag: 'poll.interval',
    help: 'How often to poll Kafka in the background (scrapes never query Kafka)',
    default: 15_000,
    parse: (t: string) => positiveDuration(t, 100),
    placeholder: 'duration',
  }),
  setting({
    key: 'pollTimeout',
    flag: 'poll.timeout',
    help: 'Deadline for one poll; what was collected before it is still served',
    default: 10_000,
    parse: (t: string) => positiveDuration(t, 100),
    placeholder: 'duration',
  }),
  setting({
    key: 'configRefreshInterval',
    flag: 'topic.config-refresh-interval',
    help: 'How often to re-read topic configs (min.insync.replicas, retention)',
    default: 300_000,
    parse: (t: string) => positiveDuration(t, 1000),
    placeholder: 'duration',
  }),
  setting({
    key: 'topicFilter',
    flag: 'topic.filter',
    help: 'Regex of topics to export (unanchored, as in kafka_exporter)',
    default: '.*',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'topicExclude',
    flag: 'topic.exclude',
    help: 'Regex of topics not to export; wins over --topic.filter',
    default: '^$',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'groupFilter',
    flag: 'group.filter',
    help: 'Regex of consumer groups to export',
    default: '.*',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'groupExclude',
    flag: 'group.exclude',
    help: 'Regex of consumer groups not to export; wins over --group.filter',
    default: '^$',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'lagFetchMaxBytes',
    flag: 'lag.fetch-max-bytes',
    help: "Byte budget per poll for reading the timestamp of each group's first unconsumed record (exact lag in seconds; read once per offset and cached); 0 estimates lag in seconds from the offset history only",
    default: 4 * 1024 * 1024,
    parse: parseBytes,
    placeholder: 'bytes',
    format: formatBytes,
  }),
  setting({
    key: 'statusWindow',
    flag: 'status.window',
    help: 'Sliding window of polls over which consumer-group status (ok, unknown, lagging, stopped, stalled, rewound) is judged; trends need 80 % of it observed',
    default: 600_000,
    parse: (t: string) => positiveDuration(t, 1000),
    placeholder: 'duration',
  }),
  setting({
    key: 'statusAllowedLag',
    flag: 'status.allowed-lag',
    help: 'Lag in messages a partition may have and still be ok, whatever its trend',
    default: 0,
    parse: parseCount,
    placeholder: 'messages',
    format: String,
  }),
  setting({
    key: 'groupInactiveGrace',
    flag: 'group.inactive-grace',
    help: 'How long a group without members keeps its status series after its offsets stop moving (it stays evaluated meanwhile); its lag series stay while Kafka keeps its offsets',
    default: 1_800_000,
    parse: (t: string) => positiveDuration(t, 1000),
    placeholder: 'duration',
  }),
  setting({
    key: 'logLevel',
    flag: 'log.level',
    help: `Only log messages with this severity or above: ${LOG_LEVELS.join(', ')}`,
    default: 'info' as (typeof LOG_LEVELS)[number],
    parse: (t: string) => parseEnum(t, LOG_LEVELS),
    placeholder: 'level',
  }),
  setting({
    key: 'logFormat',
    flag: 'log.format',
    help: `Output format of log messages: ${LOG_FORMATS.join(', ')}`,
    default: 'logfmt' as (typeof LOG_FORMATS)[number],
    parse: (t: string) => parseEnum(t, LOG_FORMATS),
    placeholder: 'format',
  }),
  setting({
    key: 'describeFormat',
    flag: 'output',
    help: `Output of the describe command: ${DESCRIBE_OUTPUTS.join(', ')}`,
    default: 'table' as (typeof DESCRIBE_OUTPUTS)[number],
    parse: (t: string) => parseEnum(t, DESCRIBE_OUTPUTS),
    placeholder: 'format',
    // A property of one command run, not of a deployment.
    inFile: false,
  }),
  setting({
    key: 'metricsGranularity',
    flag: 'metrics.granularity',
    help: `Series per partition, or per topic only (drops every family with a partition label): ${METRICS_GRANULARITIES.join(', ')}`,
    default: 'partition' as (typeof METRICS_GRANULARITIES)[number],
    parse: (t: string) => parseEnum(t, METRICS_GRANULARITIES),
    placeholder: 'granularity',
  }),
  setting({
    key: 'metricsDisable',
    flag: 'metrics.disable',
    help: 'Name of a metric family not to export, e.g. kafka_consumergroup_current_offset',
    repeatable: true,
    default: [] as string[],
    parse: parseFamilyName,
    placeholder: 'metric',
  }),
  setting({
    key: 'configFile',
    flag: 'config.file',
    help: 'YAML file holding any of these settings (see kafkascope.example.yml); flags and environment variables override it',
    default: undefined as string | undefined,
    parse: configFile,
    inFile: false,
    placeholder: 'file',
  }),
] as const

// Declarations, not arrow constants: SETTINGS above refers to them before this point is evaluated.
function secretFile(text: string): string {
  return parseReadableFile(text, MAX_SECRET_FILE_BYTES)
}
function pemFile(text: string): string {
  return parseReadableFile(text, MAX_PEM_FILE_BYTES)
}
function configFile(text: string): string {
  return parseReadableFile(text, MAX_CONFIG_FILE_BYTES)
}

/**
 * One value of `setting` from a flag, variable or config key, checked against its length limit before its parser
 * sees it. Throws a plain message; the caller says where the value came from.
 */
export function parseValue(setting: AnySetting, text: string): unknown {
  const max = ('maxChars' in setting ? setting.maxChars : undefined) ?? MAX_VALUE_CHARS
  if (text.length > max) throw new Error(`${quote(text)} is too long; the limit is ${max} characters`)
  return (setting.parse as (t: string) => unknown)(text)
}

/** The values of a repeatable setting: a bounded number, each parsed by parseValue. */
export function parseValues(setting: AnySetting, texts: readonly string[]): unknown[] {
  if (texts.length > MAX_REPEATED_VALUES)
    throw new Error(`${texts.length} values; the limit is ${MAX_REPEATED_VALUES}`)
  return texts.map((t) => parseValue(setting, t))
}

function validListenAddress(text: string): string {
  parseListenAddress(text)
  return text
}

/** Kept as source text: the filter compiles it, and --help / the config reference show it as given. */
function validRegex(text: string): string {
  parseRegex(text)
  return text
}

function positiveDuration(text: string, minMs: number): number {
  const ms = parseDuration(text)
  if (ms < minMs) throw new Error(`${quote(text)} is too short; the minimum is ${minMs}ms`)
  return ms
}

export type AnySetting = (typeof SETTINGS)[number]
export type Config = { readonly [S in AnySetting as S['key']]: S['default'] }

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
  return parts[0] === 'sasl' || parts[0] === 'tls' ? ['kafka', ...parts] : parts
}

/** A default as a user would type it, for --help and the README; '' when there is none. */
export function formatDefault(s: AnySetting): string {
  if (s.default === undefined) return ''
  if ('format' in s && s.format) return (s.format as (v: unknown) => string)(s.default)
  if (Array.isArray(s.default)) return s.default.join(',')
  if (typeof s.default === 'number') return formatDuration(s.default)
  return String(s.default)
}
