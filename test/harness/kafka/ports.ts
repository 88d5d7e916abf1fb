import { createServer, type Server } from 'node:net'

/**
 * Reserves `count` distinct free loopback ports. All sockets stay open until every port is known,
 * so the kernel cannot hand out the same port twice within one call.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = []
  try {
    const ports: number[] = []
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, host, () => resolve())
      })
      const address = server.address()
      if (address === null || typeof address === 'string') throw new Error(`no TCP address for ${host}`)
      ports.push(address.port)
    }
    return ports
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  }
}
