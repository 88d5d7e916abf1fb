import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { KafkaClusterControl } from './types.js'

/**
 * Vitest runs globalSetup in the main process but tests in workers, and only serialisable values can be
 * provided to them. This loopback HTTP server lets tests stop/start nodes of the one shared cluster.
 *
 *   GET  /state
 *   POST /nodes/:id/stop?signal=SIGTERM|SIGKILL
 *   POST /nodes/:id/start
 *   POST /nodes/:id/pause | /nodes/:id/resume   (SIGSTOP / SIGCONT)
 *   POST /wait-brokers?count=N[&timeoutMs=T]
 *   POST /tool             {"mainClass": "...", "args": [...], "timeoutMs"?: T}
 *   POST /describe-groups  {"groups": [...] | "all"}
 *
 * Success: 200 with a JSON body (null for void operations). Failure: 500 {"error": message}.
 */
export interface ControlServer {
  url: string
  close(): Promise<void>
}

export async function startControlServer(cluster: KafkaClusterControl): Promise<ControlServer> {
  const server = createServer((req, res) => {
    route(cluster, req)
      .then((body) => send(res, 200, body ?? null))
      .catch((err: unknown) => send(res, 500, { error: err instanceof Error ? err.message : String(err) }))
  })
  // Waiting for a restarted broker can take longer than Node's default request timeout.
  server.requestTimeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function route(cluster: KafkaClusterControl, req: IncomingMessage): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const path = url.pathname
  const node = /^\/nodes\/(\d+)\/(stop|start|pause|resume)$/.exec(path)
  if (req.method === 'GET' && path === '/state') return cluster.state()
  if (req.method !== 'POST') throw new Error(`unsupported ${req.method} ${path}`)
  if (node) {
    const id = Number(node[1])
    if (node[2] === 'start') return cluster.startNode(id)
    if (node[2] === 'pause') return cluster.pauseNode(id)
    if (node[2] === 'resume') return cluster.resumeNode(id)
    const signal = url.searchParams.get('signal') ?? 'SIGTERM'
    if (signal !== 'SIGTERM' && signal !== 'SIGKILL') throw new Error(`unsupported signal ${signal}`)
    return cluster.stopNode(id, signal)
  }
  if (path === '/wait-brokers') {
    const count = Number(url.searchParams.get('count'))
    const timeout = url.searchParams.get('timeoutMs')
    return cluster.waitForBrokers(count, timeout === null ? undefined : Number(timeout))
  }
  const body = await readJson(req)
  if (path === '/tool') {
    const { mainClass, args, timeoutMs } = body as { mainClass: string; args: string[]; timeoutMs?: number }
    return cluster.runTool(mainClass, args, timeoutMs === undefined ? {} : { timeoutMs })
  }
  if (path === '/describe-groups')
    return cluster.describeGroups((body as { groups: string[] | 'all' }).groups)
  throw new Error(`unknown route POST ${path}`)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? {} : JSON.parse(text)
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
