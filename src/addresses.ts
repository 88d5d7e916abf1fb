import { isIPv6 } from 'node:net'
import { MAX_HOST_LABEL_CHARS, MAX_HOST_NAME_CHARS, quote } from './limits.js'

/**
 * Host and address syntax shared by the settings (--kafka.server, --web.listen-address, --tls.server-name), the HTTP
 * server that binds the listen addresses and the container health check that reaches them. Each throws (or returns)
 * a plain message.
 */

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
