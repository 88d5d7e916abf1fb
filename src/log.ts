import { type Logger, pino } from 'pino'
import { MAX_LOG_FIELD_CHARS, truncate } from './limits.js'
import { REDACTED, scrubSecrets } from './secret.js'

export type { Logger }

/**
 * Structured logs on stderr. pino builds the record; for logfmt we re-encode its JSON line, since pino has no
 * logfmt output of its own and log volume here is a few lines per poll.
 * No secret is logged on purpose (Secret serialises as <redacted>); still, fields named like credentials are
 * censored and every secret value kafkascope knows is scrubbed from each line, in case a library or a server
 * echoes one in an error message. Every string field is cut to MAX_LOG_FIELD_CHARS: values are bounded at start,
 * but a broker or a library may still echo something huge, and such a line would repeat at every poll.
 */
export function createLogger(
  opts: { level: string; format: 'logfmt' | 'json' },
  write = writeStderr,
): Logger {
  const destination = {
    write: (line: string) => {
      const clean = scrubSecrets(line)
      write(opts.format === 'json' ? clean : toLogfmt(clean))
    },
  }
  return pino(
    {
      level: opts.level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => bounded(record, 0) as typeof record,
      },
      hooks: {
        logMethod(args, method) {
          const bound = args.map((a) => (typeof a === 'string' ? truncate(a, MAX_LOG_FIELD_CHARS) : a))
          return method.apply(this, bound as Parameters<typeof method>)
        },
      },
      redact: { paths: CREDENTIAL_FIELDS, censor: REDACTED },
    },
    destination,
  )
}

// Top level and one level down, e.g. log.info({ sasl: { password } }) — wildcards cover both.
const CREDENTIAL_FIELDS = [
  'password',
  'secret',
  'token',
  'authorization',
  'clientSecret',
  'passphrase',
].flatMap((name) => [name, `*.${name}`])

/** `value` with every string cut to MAX_LOG_FIELD_CHARS, objects and arrays a few levels down (logged ones are flat). */
function bounded(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return truncate(value, MAX_LOG_FIELD_CHARS)
  if (depth > 3 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => bounded(v, depth + 1))
  // Only plain records: a Secret or an Error keeps its own serialisation (<redacted>, pino's err serialiser).
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bounded(v, depth + 1)]))
}

function writeStderr(line: string): void {
  process.stderr.write(line)
}

export function toLogfmt(jsonLine: string): string {
  const record = JSON.parse(jsonLine) as Record<string, unknown>
  const parts: string[] = []
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue
    parts.push(`${key}=${logfmtValue(value)}`)
  }
  return `${parts.join(' ')}\n`
}

function logfmtValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return /^[^\s"=\\]+$/.test(text) ? text : JSON.stringify(text)
}
