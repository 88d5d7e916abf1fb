import { ConfigError } from '../errors.js'

/** Value parsers shared by flags, environment variables and (later) the config file. Each throws a plain message. */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Prometheus-style duration ("500ms", "15s", "1m30s") → milliseconds. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
  let total = 0
  let matched = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] as string] as number)
    matched = re.lastIndex
  }
  if (text.length === 0 || matched !== text.length) {
    throw new Error(`"${text}" is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h`)
  }
  // Whole milliseconds: "1.1s" is 1100.0000000000002 in floating point, and would be printed so in messages.
  return Math.round(total)
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}

export function parseRegex(text: string): RegExp {
  try {
    // Unanchored, like Go's regexp.MatchString in kafka_exporter, so migrated filters select the same names.
    return new RegExp(text)
  } catch (error) {
    throw new Error(`"${text}" is not a valid regular expression: ${(error as Error).message}`)
  }
}

/** "host:port" or ":port" (all interfaces), as Prometheus exporters accept. */
export function parseListenAddress(text: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text)
  const port = m ? Number(m[3]) : Number.NaN
  if (!m || port > 65535) {
    throw new Error(`"${text}" is not a listen address; use host:port or :port, e.g. :9308 or 127.0.0.1:9308`)
  }
  const host = m[1] ?? m[2]
  return { host: host === '' ? undefined : host, port }
}

/** A Kafka bootstrap address "host:port". */
export function parseBrokerAddress(text: string): string {
  const m = /^(?:\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(text)
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) {
    throw new Error(`"${text}" is not a broker address; use host:port, e.g. kafka-1:9092`)
  }
  return text
}

export function parseEnum<T extends string>(text: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(text)) {
    throw new Error(`"${text}" is not one of ${values.join(', ')}`)
  }
  return text as T
}

export function invalid(source: string, reason: string): ConfigError {
  return new ConfigError(`invalid ${source}: ${reason}`)
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
}

/** "1MiB", "512KiB", "65536" → bytes. */
export function parseBytes(text: string): number {
  const m = /^(\d+)\s*([KMG]i?B|B)?$/.exec(text)
  const unit = BYTE_UNITS[m?.[2] ?? '']
  if (!m || unit === undefined)
    throw new Error(`"${text}" is not a size; use bytes or a unit, e.g. 65536, 512KiB, 1MiB`)
  return Number(m[1]) * unit
}

export function formatBytes(n: number): string {
  if (n > 0 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2}MiB`
  if (n > 0 && n % 1024 === 0) return `${n / 1024}KiB`
  return String(n)
}

/** A whole number ≥ 0. */
export function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a whole number ≥ 0`)
  return Number(text)
}
