import { createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP listener that accepts connections and reads what is sent but never answers: from a client's side the same
 * as a hung or frozen broker (the kernel completes the handshake, nothing replies). Records each connection's open
 * and close times (ms since `since`), so tests can see whether a client gave up on it and whether it came back.
 */
export interface HungListener {
  readonly address: string
  readonly connections: { openedAt: number; closedAt?: number }[]
  close(): Promise<void>
}

export type Behaviour = 'hang' | 'close'

/** 'close' accepts and closes at once instead: a broker that is going away. */
export async function startHungListener(
  since = Date.now(),
  behaviour: Behaviour = 'hang',
): Promise<HungListener> {
  const sockets = new Set<Socket>()
  const connections: HungListener['connections'] = []
  const server: Server = createServer((socket) => {
    const record: HungListener['connections'][number] = { openedAt: Date.now() - since }
    connections.push(record)
    sockets.add(socket)
    socket.on('close', () => {
      record.closedAt = Date.now() - since
      sockets.delete(socket)
    })
    socket.on('error', () => {})
    if (behaviour === 'close') socket.destroy()
    else socket.resume()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as { port: number }
  return {
    address: `127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
