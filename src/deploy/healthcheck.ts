// The container's HEALTHCHECK (see Dockerfile): slim Node images have no curl or wget. Exits 0 when kafkascope
// answers /-/healthy, 1 otherwise. It runs with the container's environment, so it follows the first
// KAFKASCOPE_WEB_LISTEN_ADDRESS (flags given to `docker run` are not visible to it: keep the default :9308 there),
// uses HTTPS when KAFKASCOPE_WEB_CONFIG_FILE has a tls_server_config or KAFKASCOPE_SERVER_TLS_ENABLED is true, and
// counts 401 (basic auth) as alive.

import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { pathToFileURL } from 'node:url'
import { parseListenAddress } from '../addresses.js'

const TIMEOUT_MS = 4000

export function healthUrl(env: NodeJS.ProcessEnv): URL {
  const first = (env.KAFKASCOPE_WEB_LISTEN_ADDRESS ?? '').split(',')[0]?.trim() || ':9308'
  const { host, port } = parseListenAddress(first)
  // An address that listens on every interface is reached on loopback.
  const target = host === undefined || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host
  // kafka_exporter's --server.tls.enabled as its variable, in the forms Go's ParseBool takes (config/values-auth.ts).
  const serverTls = ['true', 'True', 'TRUE', 't', 'T', '1'].includes(env.KAFKASCOPE_SERVER_TLS_ENABLED ?? '')
  const tls = usesTls(env.KAFKASCOPE_WEB_CONFIG_FILE) || serverTls
  const scheme = tls ? 'https' : 'http'
  return new URL(`${scheme}://${target.includes(':') ? `[${target}]` : target}:${port}/-/healthy`)
}

function usesTls(webConfigFile: string | undefined): boolean {
  if (!webConfigFile) return false
  try {
    return /^tls_server_config\s*:/m.test(readFileSync(webConfigFile, 'utf8'))
  } catch {
    return false
  }
}

/** true when the server answered 200, or 401 (it is alive and wants credentials). */
export function check(url: URL, timeoutMs = TIMEOUT_MS): Promise<boolean> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    // Liveness only: the certificate is not what this checks.
    const req = request(url, { timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume()
      resolve(res.statusCode === 200 || res.statusCode === 401)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(false))
    req.end()
  })
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let url: URL
  try {
    url = healthUrl(process.env)
  } catch (error) {
    process.stderr.write(`healthcheck: ${(error as Error).message}\n`)
    process.exit(1)
  }
  check(url).then((ok) => {
    if (!ok) process.stderr.write(`healthcheck: ${url.href} did not answer 200\n`)
    process.exit(ok ? 0 : 1)
  })
}
