/**
 * Every size limit on input, in one place. Each is checked at start-up (exit 2 naming the flag, variable or key), so
 * an oversized value never reaches a poll, where it would fail or be logged again at every interval. The README's
 * limits table is generated from LIMITS below.
 */

/** Characters in one value of a flag, environment variable or config key (a path is at most 4096 on Linux). */
export const MAX_VALUE_CHARS = 4096
/**
 * Characters in a topic or group regex. Larger than an ordinary value since migrated filters often list topics
 * by name ("^(orders|payments|...)$"): 16 KiB holds ~600 names. Compiling the worst 16 KiB pattern measured takes
 * ~0.4 s once at start; V8 refuses literal patterns from ~32 K characters ("Regular expression too large").
 */
export const MAX_REGEX_CHARS = 16_384
/** Values of one repeatable setting (--kafka.server, --web.listen-address, --metrics.disable). */
export const MAX_REPEATED_VALUES = 256
/** Static labels from --kafka.labels: each is on every series, so more than a few dozen is a mistake. */
export const MAX_STATIC_LABELS = 64
/** RFC 1123 host names: at most 253 characters in labels of at most 63. */
export const MAX_HOST_NAME_CHARS = 253
export const MAX_HOST_LABEL_CHARS = 63
/** --config.file and --web.config.file, checked with stat before reading: the reference config is ~20 KiB. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024
/** CA bundle, certificate and key files: the whole Mozilla CA bundle is ~220 KiB. */
export const MAX_PEM_FILE_BYTES = 1024 * 1024
/** Password, client secret and passphrase files. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024
/** Characters of a value quoted in an error message; the rest is replaced by its length. */
export const QUOTE_PREFIX_CHARS = 40
/** Characters of a file path in a message: a cut path is useless, so longer than other values, but bounded. */
export const QUOTE_PATH_CHARS = 256
/** Characters of one string field of a log line (message, error, address): the last line of defence. */
export const MAX_LOG_FIELD_CHARS = 4096
/** Characters of an error message (config errors list valid keys and values, so allow a few lines). */
export const MAX_ERROR_CHARS = 8192

/** For the README: what is limited, the limit, and what exceeding it gives. */
export const LIMITS: readonly { what: string; limit: string; exceeded: string }[] = [
  {
    what: 'A value of a flag, environment variable or config key',
    limit: `${MAX_VALUE_CHARS} characters`,
    exceeded: `exit 2: \`invalid value for flag --kafka.server: "kafka-1.example.com:9092,kafka-2.example…" (5000 characters) is too long; the limit is ${MAX_VALUE_CHARS} characters\``,
  },
  {
    what: '`--topic.filter`, `--topic.exclude`, `--group.filter`, `--group.exclude`',
    limit: `${MAX_REGEX_CHARS} characters, and must compile`,
    exceeded:
      'exit 2: `invalid value for flag --topic.filter: "^(orders|payments|…" (20000 characters) is too long; the limit is 16384 characters`, or `... is not a valid regular expression: Regular expression too large`',
  },
  {
    what: 'Values of one repeatable setting',
    limit: `${MAX_REPEATED_VALUES}`,
    exceeded: `exit 2: \`invalid value for environment variable KAFKASCOPE_KAFKA_SERVER: 300 values; the limit is ${MAX_REPEATED_VALUES}\``,
  },
  {
    what: 'Static labels (`--kafka.labels`)',
    limit: `${MAX_STATIC_LABELS}`,
    exceeded: `exit 2: \`invalid value for flag --kafka.labels: 70 labels; the limit is ${MAX_STATIC_LABELS}\``,
  },
  {
    what: 'Host names (`--kafka.server`, `--web.listen-address`, `--tls.server-name`)',
    limit: `RFC 1123: letters, digits and \`-\` (and \`_\` in broker addresses), labels of at most ${MAX_HOST_LABEL_CHARS} characters, ${MAX_HOST_NAME_CHARS} in all; or an IPv4 address, or an IPv6 address in brackets; ports 1-65535`,
    exceeded:
      'exit 2: `invalid value for flag --kafka.server: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" (300 characters) is not a broker address: the host name is longer than 253 characters`',
  },
  {
    what: 'Config file (`--config.file`), web config file (`--web.config.file`)',
    limit: `${MAX_CONFIG_FILE_BYTES / 1024 / 1024} MiB, checked before reading`,
    exceeded:
      'exit 2: `invalid value for flag --config.file: "/etc/kafkascope.yml" is too large (10485760 bytes); the limit is 1 MiB`',
  },
  {
    what: 'CA, certificate and key files (`--tls.*-file`, `tls_server_config.*_file`)',
    limit: `${MAX_PEM_FILE_BYTES / 1024 / 1024} MiB, and must be valid PEM (see below)`,
    exceeded: 'exit 2, naming the flag or key, the file and what is wrong',
  },
  {
    what: 'Secret files (`--sasl.password-file`, `--sasl.oauthbearer-client-secret-file`, `--tls.key-password-file`)',
    limit: `${MAX_SECRET_FILE_BYTES / 1024} KiB`,
    exceeded:
      'exit 2 at start; once running, the authentication fails with `secret file ... is too large` and the poll reports it',
  },
  {
    what: 'A quoted value in an error message',
    limit: `its first ${QUOTE_PREFIX_CHARS} characters and its length`,
    exceeded: '`"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" (102400 characters)`',
  },
  {
    what: 'A string field of a log line',
    limit: `${MAX_LOG_FIELD_CHARS} characters`,
    exceeded: 'the field ends with `… (N characters)`',
  },
]

/** `"text"` when short, else `"<first QUOTE_PREFIX_CHARS>…" (N characters)`: error messages never echo a huge value. */
export function quote(text: string): string {
  if (text.length <= QUOTE_PREFIX_CHARS) return `"${text}"`
  return `"${text.slice(0, QUOTE_PREFIX_CHARS)}…" (${text.length} characters)`
}

/** `text` as is when short (a flag or key name in a message), else quoted like quote(). */
export function clip(text: string): string {
  return text.length <= QUOTE_PREFIX_CHARS ? text : quote(text)
}

/** A file path as is up to QUOTE_PATH_CHARS, else its prefix and length. */
export function clipPath(path: string): string {
  return path.length <= QUOTE_PATH_CHARS
    ? path
    : `"${path.slice(0, QUOTE_PATH_CHARS)}…" (${path.length} characters)`
}

/** Like quote(), for a file path. */
export function quotePath(path: string): string {
  return path.length <= QUOTE_PATH_CHARS ? `"${path}"` : clipPath(path)
}

/** `text` cut to `max` characters, ending with its full length, e.g. for a log field. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}… (${text.length} characters)`
}

/** "1 MiB", "64 KiB" or "512 bytes", for messages about file sizes. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}
