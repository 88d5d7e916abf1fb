import { readFile } from 'node:fs/promises'
import { request } from 'node:https'

export interface HttpsAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface HttpsOptions {
  /** PEM file of the CA to trust. */
  ca: string
  /** Client certificate and key files, for mutual TLS. */
  client?: { cert: string; key: string }
  /** "user:password" for basic auth. */
  auth?: string
  /** Connect from this loopback address (127.x.y.z), to appear as another client. */
  localAddress?: string
}

/** One HTTPS GET on a fresh connection (no agent reuse); rejects when the TLS handshake or the connection fails. */
export async function httpsGet(url: string, opts: HttpsOptions): Promise<HttpsAnswer> {
  const tls = {
    ca: await readFile(opts.ca),
    ...(opts.client ? { cert: await readFile(opts.client.cert), key: await readFile(opts.client.key) } : {}),
  }
  return new Promise((resolve, reject) => {
    const headers = opts.auth ? { authorization: `Basic ${Buffer.from(opts.auth).toString('base64')}` } : {}
    const local = opts.localAddress ? { localAddress: opts.localAddress } : {}
    const req = request(url, { ...tls, ...local, agent: false, headers }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}
