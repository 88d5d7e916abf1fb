import type { Broker, Connection } from '@platformatic/kafka'
import type { Address } from './failover.js'

/** The address a pooled connection was opened to, as SlowBrokers keys it. */
export function addressOf(connection: Connection): Address {
  return { host: connection.host ?? '', port: connection.port ?? 0 }
}

/** A `host:port` (IPv6 hosts in brackets) as the library's Broker. */
export function toBroker(address: string): Broker {
  const idx = address.lastIndexOf(':')
  return { host: address.slice(0, idx).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(idx + 1)) }
}
