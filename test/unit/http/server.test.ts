import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpServer, type MetricsProvider } from '../../../src/http/server.js'
import { createLogger } from '../../../src/log.js'

const BODY = '# HELP kafkascope_up Up.\n# TYPE kafkascope_up gauge\nkafkascope_up 1\n'

class FakeProvider implements MetricsProvider {
  readonly scrapes: { format: 'text' | 'openmetrics'; gzip: boolean }[] = []
  isReady = false

  scrape(format: 'text' | 'openmetrics', gzip: boolean): Buffer[] {
    this.scrapes.push({ format, gzip })
    const body = gzip
      ? gzipSync(Buffer.from(format === 'openmetrics' ? `${BODY}# EOF\n` : BODY))
      : Buffer.from(format === 'openmetrics' ? `${BODY}# EOF\n` : BODY)
    // In pieces, as the real exposition hands them over: the server must write them all, in order.
    return [body.subarray(0, 7), body.subarray(7, 20), body.subarray(20)]
  }

  ready(): boolean {
    return this.isReady
  }

  async api(pathname: string): Promise<{ status: number; json: string }> {
    return pathname === '/api/v1/brokers'
      ? { status: 200, json: JSON.stringify([{ id: 1 }]) }
      : { status: 404, json: JSON.stringify({ error: { code: 'not_found', message: `no ${pathname}` } }) }
  }
}

const silent = createLogger({ level: 'error', format: 'json' }, () => {})
let running: HttpServer | undefined

afterEach(async () => {
  await running?.stop()
  running = undefined
})

async function start(telemetryPath = '/metrics'): Promise<{ base: string; provider: FakeProvider }> {
  const provider = new FakeProvider()
  running = new HttpServer({ listenAddresses: ['127.0.0.1:0'], telemetryPath, provider, log: silent })
  const [bound] = (await running.start()) as [AddressInfo]
  expect(bound.port).toBeGreaterThan(0)
  return { base: `http://127.0.0.1:${bound.port}`, provider }
}

/** fetch() decompresses on its own; this returns the bytes as sent. */
function raw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('HttpServer', () => {
  it('serves a landing page linking the metrics', async () => {
    const { base } = await start()
    const res = await fetch(`${base}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain('<a href="/metrics">')
  })

  it('serves the text format by default', async () => {
    const { base, provider } = await start()
    const res = await fetch(`${base}/metrics`, { headers: { 'accept-encoding': 'identity' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toBe('Accept, Accept-Encoding')
    expect(await res.text()).toBe(BODY)
    expect(provider.scrapes).toEqual([{ format: 'text', gzip: false }])
  })

  it('serves OpenMetrics when asked', async () => {
    const { base, provider } = await start()
    const res = await fetch(`${base}/metrics`, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0', 'accept-encoding': 'identity' },
    })
    expect(res.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
    expect((await res.text()).endsWith('# EOF\n')).toBe(true)
    expect(provider.scrapes).toEqual([{ format: 'openmetrics', gzip: false }])
  })

  it('serves gzip when accepted, with a matching content-length', async () => {
    const { base, provider } = await start()
    const res = await raw(`${base}/metrics`, { 'accept-encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(Number(res.headers['content-length'])).toBe(res.body.length)
    expect(gunzipSync(res.body).toString('utf8')).toBe(BODY)
    expect(provider.scrapes).toEqual([{ format: 'text', gzip: true }])
  })

  it('answers the query string on the metrics path too', async () => {
    const { base } = await start()
    const res = await fetch(`${base}/metrics?debug=1`, { headers: { 'accept-encoding': 'identity' } })
    expect(res.status).toBe(200)
  })

  it('answers HEAD with headers only', async () => {
    const { base } = await start()
    const res = await fetch(`${base}/metrics`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(BODY)))
    expect(await res.text()).toBe('')
  })

  it('is healthy', async () => {
    const { base } = await start()
    const res = await fetch(`${base}/-/healthy`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('Healthy\n')
  })

  it('answers /healthz as kafka_exporter does: 200, text/plain, "ok", before the first poll too', async () => {
    const { base, provider } = await start()
    expect(provider.ready()).toBe(false)
    const res = await fetch(`${base}/healthz`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('ok')
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('2')
  })

  it('is ready only once the provider is', async () => {
    const { base, provider } = await start()
    const before = await fetch(`${base}/-/ready`)
    expect(before.status).toBe(503)
    expect(await before.text()).toBe('Not ready: the first poll has not finished\n')
    provider.isReady = true
    const after = await fetch(`${base}/-/ready`)
    expect(after.status).toBe(200)
    expect(await after.text()).toBe('Ready\n')
  })

  it.each(['/nope', '/metrics/', '/Metrics', '/-/'])('answers 404 for %s', async (path) => {
    const { base, provider } = await start()
    const res = await fetch(`${base}${path}`)
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('Not Found\n')
    expect(provider.scrapes).toEqual([])
  })

  it.each(['POST', 'PUT', 'DELETE'])('answers 405 to %s', async (method) => {
    const { base, provider } = await start()
    const res = await fetch(`${base}/metrics`, { method, body: method === 'DELETE' ? null : 'x' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD')
    expect(provider.scrapes).toEqual([])
  })

  it('serves metrics on a custom telemetry path only', async () => {
    const { base, provider } = await start('/kafka/metrics')
    const res = await fetch(`${base}/kafka/metrics`, { headers: { 'accept-encoding': 'identity' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(BODY)
    expect((await fetch(`${base}/metrics`)).status).toBe(404)
    expect(await (await fetch(`${base}/`)).text()).toContain('<a href="/kafka/metrics">')
    expect(provider.scrapes).toHaveLength(1)
  })

  it('fails to start with KSC_HTTP_LISTEN on a taken port', async () => {
    const { base } = await start()
    const port = new URL(base).port
    const second = new HttpServer({
      listenAddresses: [`127.0.0.1:${port}`],
      telemetryPath: '/metrics',
      provider: new FakeProvider(),
      log: silent,
    })
    await expect(second.start()).rejects.toMatchObject({
      code: 'KSC_HTTP_LISTEN',
      message: `failed to listen on 127.0.0.1:${port}`,
    })
  })
})

describe('JSON API routing', () => {
  it('answers /api/v1 paths with JSON from the provider, including 404s', async () => {
    const { base } = await start()
    const ok = await fetch(`${base}/api/v1/brokers`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await ok.json()).toEqual([{ id: 1 }])
    const missing = await fetch(`${base}/api/v1/nope`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no /api/v1/nope' } })
    // Outside the API prefix, unknown paths stay plain-text 404s.
    const other = await fetch(`${base}/api/v2/brokers`)
    expect(other.status).toBe(404)
    expect(other.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  })
})

describe('malformed requests', () => {
  /** A raw HTTP/1.1 request line, since fetch() would refuse to send these. */
  async function raw(port: number, requestLine: string): Promise<string> {
    const { connect } = await import('node:net')
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(`${requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n`),
      )
      let data = ''
      socket.on('data', (d) => {
        data += String(d)
      })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
  }

  it('answers odd request targets without falling over', async () => {
    const { base } = await start()
    const port = Number(new URL(base).port)
    expect(await raw(port, 'GET http://[ HTTP/1.1')).toMatch(/^HTTP\/1\.1 404 /)
    // "//metrics" is a path, not a host: it is not the landing page.
    expect((await fetch(`${base}//metrics`)).status).toBe(404)
    // Still serving after all of it.
    expect((await fetch(`${base}/-/healthy`)).status).toBe(200)
  })
})

describe('requests the HTTP parser refuses', () => {
  /** Sends `bytes` on a raw connection, reading meanwhile; what came back, and a socket error if there was one. */
  async function send(port: number, bytes: string): Promise<{ answer: string; error?: string }> {
    const { connect } = await import('node:net')
    return new Promise((resolve) => {
      let answer = ''
      let error: string | undefined
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes, () => {}))
      socket.on('data', (d) => {
        answer += String(d)
      })
      socket.on('error', (e: NodeJS.ErrnoException) => {
        error = e.code
      })
      socket.on('close', () => resolve(error === undefined ? { answer } : { answer, error }))
    })
  }

  it('answers 431 to headers over the limit, without resetting the connection while they are still sent', async () => {
    const { base } = await start()
    const port = Number(new URL(base).port)
    // 4 MiB: far more than the socket buffers hold, so the server closes while the client is still sending.
    const request = `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4 * 1024 * 1024)}\r\n\r\n`
    expect(await send(port, request)).toEqual({
      answer: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
    })
    expect((await fetch(`${base}/-/healthy`)).status).toBe(200)
  })

  it('answers 400 to a request that is not HTTP', async () => {
    const { base } = await start()
    const port = Number(new URL(base).port)
    expect(await send(port, 'HELLO\r\n\r\n')).toEqual({
      answer: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
    })
    expect((await fetch(`${base}/-/healthy`)).status).toBe(200)
  })
})
