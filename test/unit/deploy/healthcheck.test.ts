import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { check, healthUrl } from '../../../src/deploy/healthcheck.js'

let server: Server | undefined
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())))

async function serve(status: number): Promise<number> {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/-/healthy' ? status : 404)
    res.end()
  })
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

describe('container healthcheck', () => {
  it('asks /-/healthy on the first listen address of the environment, loopback for any-address', () => {
    expect(healthUrl({}).href).toBe('http://127.0.0.1:9308/-/healthy')
    expect(healthUrl({ KAFKASCOPE_WEB_LISTEN_ADDRESS: '0.0.0.0:9400,:9401' }).href).toBe(
      'http://127.0.0.1:9400/-/healthy',
    )
    expect(healthUrl({ KAFKASCOPE_WEB_LISTEN_ADDRESS: '[::]:9308' }).href).toBe('http://[::1]:9308/-/healthy')
    expect(healthUrl({ KAFKASCOPE_WEB_LISTEN_ADDRESS: '10.1.2.3:9308' }).href).toBe(
      'http://10.1.2.3:9308/-/healthy',
    )
  })

  it("uses HTTPS when kafka_exporter's --server.tls.enabled is set by its variable", () => {
    expect(healthUrl({ KAFKASCOPE_SERVER_TLS_ENABLED: 'true' }).href).toBe('https://127.0.0.1:9308/-/healthy')
    expect(healthUrl({ KAFKASCOPE_SERVER_TLS_ENABLED: '1' }).protocol).toBe('https:')
    expect(healthUrl({ KAFKASCOPE_SERVER_TLS_ENABLED: 'false' }).protocol).toBe('http:')
  })

  it('is healthy on 200 and on 401 (basic auth), unhealthy otherwise or when nothing answers', async () => {
    expect(await check(new URL(`http://127.0.0.1:${await serve(200)}/-/healthy`))).toBe(true)
    server?.close()
    expect(await check(new URL(`http://127.0.0.1:${await serve(401)}/-/healthy`))).toBe(true)
    server?.close()
    const port = await serve(503)
    expect(await check(new URL(`http://127.0.0.1:${port}/-/healthy`))).toBe(false)
    await new Promise<void>((r) => server?.close(() => r()))
    server = undefined
    expect(await check(new URL(`http://127.0.0.1:${port}/-/healthy`), 1000)).toBe(false)
  })
})
