import { connect, createServer, type Server, type Socket } from 'node:net'

/** Kafka API keys by number, for the ones a poll may send (from the Kafka protocol spec). */
export const API_NAMES: Record<number, string> = {
  0: 'Produce',
  1: 'Fetch',
  2: 'ListOffsets',
  3: 'Metadata',
  8: 'OffsetCommit',
  9: 'OffsetFetch',
  10: 'FindCoordinator',
  15: 'DescribeGroups',
  16: 'ListGroups',
  17: 'SaslHandshake',
  18: 'ApiVersions',
  32: 'DescribeConfigs',
  35: 'DescribeLogDirs',
  36: 'SaslAuthenticate',
  60: 'DescribeCluster',
  55: 'DescribeQuorum',
  69: 'ConsumerGroupDescribe',
  77: 'ShareGroupDescribe',
  89: 'StreamsGroupDescribe',
  90: 'DescribeShareGroupOffsets',
}

/**
 * A TCP proxy in front of one Kafka listener that counts client requests per API by reading each request's
 * header (int32 size, int16 api_key) off the client→broker byte stream. It sees the wire, not the exporter's own
 * bookkeeping, so it is an independent check of the request budget.
 */
export class CountingProxy {
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  counts = new Map<string, number>()
  /** While true, client bytes are swallowed: the broker looks alive (connections open) but never answers. */
  stalled = false

  private constructor(server: Server) {
    this.#server = server
  }

  static async start(listenPort: number, target: { host: string; port: number }): Promise<CountingProxy> {
    let proxy: CountingProxy | undefined
    const server = createServer((client) => proxy?.handle(client, target))
    proxy = new CountingProxy(server)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(listenPort, '127.0.0.1', resolve)
    })
    return proxy
  }

  reset(): void {
    this.counts = new Map()
  }

  handle(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target.port, target.host)
    this.#sockets.add(client).add(upstream)
    let pending = Buffer.alloc(0)
    client.on('data', (chunk) => {
      if (this.stalled) return
      pending = Buffer.concat([pending, chunk])
      // Frames may span chunks; count each complete one.
      while (pending.length >= 6) {
        const size = pending.readInt32BE(0)
        if (pending.length < 4 + size) break
        const name = API_NAMES[pending.readInt16BE(4)] ?? `api_${pending.readInt16BE(4)}`
        this.counts.set(name, (this.counts.get(name) ?? 0) + 1)
        pending = pending.subarray(4 + size)
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    const close = () => {
      client.destroy()
      upstream.destroy()
      this.#sockets.delete(client)
      this.#sockets.delete(upstream)
    }
    client.on('close', close).on('error', close)
    upstream.on('close', close).on('error', close)
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}

/** Sums the counts of several proxies (one per broker). */
export function totalCounts(proxies: readonly CountingProxy[]): Record<string, number> {
  const total: Record<string, number> = {}
  for (const p of proxies) for (const [api, n] of p.counts) total[api] = (total[api] ?? 0) + n
  return total
}
