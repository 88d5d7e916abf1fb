import { isIPv6 } from 'node:net'
import { compileRegex } from '../collect/filters.js'
import { ConfigError } from '../errors.js'
import { MAX_HOST_LABEL_CHARS, MAX_HOST_NAME_CHARS, quote } from '../limits.js'

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
    throw new Error(`${quote(text)} is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h`)
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

/** Compiled exactly as the poll's filter compiles it, so whatever would fail there fails here, at start. */
export function parseRegex(text: string): RegExp {
  try {
    return compileRegex(text)
  } catch (error) {
    // V8's message repeats the whole pattern: keep only its reason.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')
    throw new Error(`${quote(text)} is not a valid regular expression: ${reason}`)
  }
}

/** "host:port" or ":port" (all interfaces), as Prometheus exporters accept. */
export function parseListenAddress(text: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text)
  const port = m ? Number(m[3]) : Number.NaN
  if (!m || port > 65535) {
    throw new Error(
      `${quote(text)} is not a listen address; use host:port or :port, e.g. :9308 or 127.0.0.1:9308`,
    )
  }
  const host = m[1] ?? m[2]
  if (host === '') return { host: undefined, port }
  const problem = m[1] !== undefined ? ipv6Problem(host) : hostProblem(host as string, false)
  if (problem) throw new Error(`${quote(text)} is not a listen address: ${problem}`)
  return { host, port }
}

/** A Kafka bootstrap address "host:port": a host name, an IPv4 address or an IPv6 address in brackets. */
export function parseBrokerAddress(text: string): string {
  const m = /^(?:\[([^\]]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text)
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) {
    throw new Error(`${quote(text)} is not a broker address; use host:port, e.g. kafka-1:9092`)
  }
  // Underscores: Kafka's own clients accept them, and Docker Compose v1 names containers project_kafka_1.
  const problem = m[1] !== undefined ? ipv6Problem(m[1]) : hostProblem(m[2] as string, true)
  if (problem) throw new Error(`${quote(text)} is not a broker address: ${problem}`)
  return text
}

/**
 * Why `host` is not an RFC 1123 host name or an IPv4 address, or undefined when it is one. The length limits
 * also keep a mistaken value (a whole file pasted into a flag) out of every connection error and log line.
 */
export function hostProblem(host: string, underscore: boolean): string | undefined {
  if (host.length > MAX_HOST_NAME_CHARS)
    return `the host name is longer than ${MAX_HOST_NAME_CHARS} characters`
  if (/^[\d.]+$/.test(host)) {
    const octets = host.split('.')
    return octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
      ? undefined
      : 'the host is not an IPv4 address (four numbers 0-255)'
  }
  const label = underscore
    ? /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/
    : /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/
  for (const part of host.split('.')) {
    if (part.length > MAX_HOST_LABEL_CHARS)
      return `a label of the host name is longer than ${MAX_HOST_LABEL_CHARS} characters`
    if (!label.test(part))
      return `the host name may hold only letters, digits${underscore ? ', _' : ''} and - in labels separated by dots, none starting or ending with -`
  }
  return undefined
}

function ipv6Problem(address: string): string | undefined {
  return isIPv6(address) ? undefined : 'the host in brackets is not an IPv6 address'
}

export function parseEnum<T extends string>(text: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(text)) {
    throw new Error(`${quote(text)} is not one of ${values.join(', ')}`)
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
    throw new Error(`${quote(text)} is not a size; use bytes or a unit, e.g. 65536, 512KiB, 1MiB`)
  return Number(m[1]) * unit
}

export function formatBytes(n: number): string {
  if (n > 0 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2}MiB`
  if (n > 0 && n % 1024 === 0) return `${n / 1024}KiB`
  return String(n)
}

/** A whole number ≥ 0. */
export function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${quote(text)} is not a whole number ≥ 0`)
  return Number(text)
}
