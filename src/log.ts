import { type Logger, pino } from 'pino'

export type { Logger }

/**
 * Structured logs on stderr. pino builds the record; for logfmt we re-encode its JSON line, since pino has no
 * logfmt output of its own and log volume here is a few lines per poll.
 */
export function createLogger(
  opts: { level: string; format: 'logfmt' | 'json' },
  write = writeStderr,
): Logger {
  const destination = { write: opts.format === 'json' ? write : (line: string) => write(toLogfmt(line)) }
  return pino(
    {
      level: opts.level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  )
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
