/**
 * Every size limit on input, in one place. Each is checked at start-up (exit 2 naming the flag, variable or key), so
 * an oversized value never reaches a poll, where it would fail or be logged again at every interval. The README's
 * limits table is generated from limitsTable() below.
 */

/** Characters in one value of a flag, environment variable or config key (a path is at most 4096 on Linux). */
export const MAX_VALUE_CHARS = 4096
/**
 * Characters in a topic or group regex. Larger than an ordinary value since migrated filters often list topics
 * by name ("^(orders|payments|...)$"): 16 KiB holds ~600 names. RE2 (re2js) compiles a 26 K-character alternation
 * of 1500 names in ~0.25 s once at start, and matches in time linear in the name whatever the pattern.
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

/** For the README: what is limited, the limit, and what exceeding it gives (examples built with quote(), so exact). */
export function limitsTable(): readonly { what: string; limit: string; exceeded: string }[] {
  const servers = Array.from({ length: 200 }, (_, i) => `kafka-${i}.example.com:9092`).join(',')
  const topics = `^(${Array.from({ length: 1000 }, (_, i) => `orders-eu-${i}.v1`).join('|')})$`
  const host = `${'a'.repeat(300)}:9092`
  return [
    {
      what: 'A value of a flag, environment variable or config key',
      limit: `${MAX_VALUE_CHARS} characters`,
      exceeded: `\`invalid value for flag --kafka.server: ${quote(servers)} is too long; the limit is ${MAX_VALUE_CHARS} characters\``,
    },
    {
      what: '`--topic.filter`, `--topic.exclude`, `--group.filter`, `--group.exclude` (and each `/regex/` of `--topic.allow`, `--topic.ignore`, `--group.allow`, `--group.ignore`)',
      limit: `${MAX_REGEX_CHARS} characters, and the regex must compile as RE2 (Go's syntax; repeat counts up to 1000)`,
      exceeded: `\`invalid value for flag --topic.filter: ${quote(topics)} is too long; the limit is ${MAX_REGEX_CHARS} characters\`; a syntax error is reported at start with its position (\`invalid escape sequence at character 8: "\\q"\`), not at each poll`,
    },
    {
      what: 'Values of one repeatable setting',
      limit: `${MAX_REPEATED_VALUES}`,
      exceeded: `\`invalid value for environment variable KAFKASCOPE_KAFKA_SERVER: 300 values; the limit is ${MAX_REPEATED_VALUES}\``,
    },
    {
      what: 'Static labels (`--kafka.labels`)',
      limit: `${MAX_STATIC_LABELS} labels`,
      exceeded: `\`invalid value for flag --kafka.labels: 70 labels; the limit is ${MAX_STATIC_LABELS}\``,
    },
    {
      what: 'Hosts in `--kafka.server`, `--web.listen-address`, `--tls.server-name`',
      limit: `RFC 1123 names (letters, digits, \`-\`; also \`_\` in broker addresses, as Kafka's clients allow), labels of at most ${MAX_HOST_LABEL_CHARS} characters and ${MAX_HOST_NAME_CHARS} in all; or an IPv4 address, or an IPv6 address in brackets; broker ports 1-65535`,
      exceeded: `\`invalid value for flag --kafka.server: ${quote(host)} is not a broker address: the host name is longer than ${MAX_HOST_NAME_CHARS} characters\``,
    },
    {
      what: '`--config.file`, `--web.config.file`',
      limit: `${formatSize(MAX_CONFIG_FILE_BYTES)}, checked before reading`,
      exceeded: `\`invalid value for flag --config.file: "/etc/kafkascope.yml" is too large (10485760 bytes); the limit is ${formatSize(MAX_CONFIG_FILE_BYTES)}\``,
    },
    {
      what: "CA, certificate and key files (`--tls.*-file`, the web config's `tls_server_config.*_file`)",
      limit: `${formatSize(MAX_PEM_FILE_BYTES)}, and valid PEM (see [Security](#security))`,
      exceeded: `\`invalid value for flag --tls.ca-file: "/etc/ca.pem" is too large (2097152 bytes); the limit is ${formatSize(MAX_PEM_FILE_BYTES)}\``,
    },
    {
      what: 'Secret files (`--sasl.password-file`, `--sasl.oauthbearer-client-secret-file`, `--tls.key-password-file`)',
      limit: formatSize(MAX_SECRET_FILE_BYTES),
      exceeded: `at start as above; a file rotated past the limit fails authentication with \`secret file /run/secrets/pw (--sasl.password-file) is too large (70000 bytes); the limit is ${formatSize(MAX_SECRET_FILE_BYTES)}\``,
    },
    {
      what: 'A value quoted in an error message',
      limit: `its first ${QUOTE_PREFIX_CHARS} characters and its length (file paths: ${QUOTE_PATH_CHARS} characters)`,
      exceeded: `\`${quote('a'.repeat(102_400))}\``,
    },
    {
      what: 'A string field of a log line; an error message',
      limit: `${MAX_LOG_FIELD_CHARS}; ${MAX_ERROR_CHARS} characters`,
      exceeded: 'cut, ending with `… (N characters)`',
    },
  ]
}

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
