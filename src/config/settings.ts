import {
  formatBytes,
  formatDuration,
  parseBrokerAddress,
  parseBytes,
  parseCount,
  parseDuration,
  parseEnum,
  parseListenAddress,
  parseRegex,
} from './values.js'

/**
 * Every setting, declared once: its flag, the environment variable derived from it, its default and its parser.
 * The CLI help, validation and (later) the config file and README reference all derive from this list.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export const LOG_FORMATS = ['logfmt', 'json'] as const

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
        throw new Error(`"${t}" must be a path below /, e.g. /metrics`)
      return t
    },
    placeholder: 'path',
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
    placeholder: 'regex',
  }),
  setting({
    key: 'topicExclude',
    flag: 'topic.exclude',
    help: 'Regex of topics not to export; wins over --topic.filter',
    default: '^$',
    parse: validRegex,
    placeholder: 'regex',
  }),
  setting({
    key: 'groupFilter',
    flag: 'group.filter',
    help: 'Regex of consumer groups to export',
    default: '.*',
    parse: validRegex,
    placeholder: 'regex',
  }),
  setting({
    key: 'groupExclude',
    flag: 'group.exclude',
    help: 'Regex of consumer groups not to export; wins over --group.filter',
    default: '^$',
    parse: validRegex,
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
    help: 'Sliding window of polls over which consumer-group status (ok, lagging, stopped, stalled, rewound) is judged',
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
    help: 'How long a group without members keeps its status series (it stays evaluated meanwhile); its lag series stay while Kafka keeps its offsets',
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
] as const

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
  if (ms < minMs) throw new Error(`"${text}" is too short; the minimum is ${minMs}ms`)
  return ms
}

type AnySetting = (typeof SETTINGS)[number]
export type Config = { readonly [S in AnySetting as S['key']]: S['default'] }

/** KAFKASCOPE_KAFKA_SERVER for --kafka.server: the flag upper-cased, dots and dashes as underscores. */
export function envName(flag: string): string {
  return `KAFKASCOPE_${flag.toUpperCase().replace(/[.-]/g, '_')}`
}

/** A default as a user would type it, for --help and the README. */
export function formatDefault(s: AnySetting): string {
  if ('format' in s && s.format) return (s.format as (v: unknown) => string)(s.default)
  if (Array.isArray(s.default)) return s.default.join(',')
  if (typeof s.default === 'number') return formatDuration(s.default)
  return String(s.default)
}
