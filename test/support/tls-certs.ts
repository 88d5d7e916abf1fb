import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface CertificateAuthority {
  /** PEM certificate clients trust. */
  readonly cert: string
  readonly key: string
}

export interface IssuedCertificate {
  readonly cert: string
  /** Unencrypted PKCS#8 PEM key. */
  readonly key: string
  /** Key followed by the certificate chain (leaf, CA): what Kafka's PEM keystore expects. */
  readonly keystore: string
}

/**
 * Test certificates made with openssl at test time (nothing secret is committed): a CA and leaf certificates it
 * signs, all files under `dir`. Kafka reads them as PEM key/trust stores, Node's tls as PEM strings.
 */
export async function createCa(dir: string, name: string): Promise<CertificateAuthority> {
  const cert = join(dir, `${name}.crt`)
  const key = join(dir, `${name}.key`)
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
  return { cert, key }
}

export async function issueCertificate(
  dir: string,
  ca: CertificateAuthority,
  name: string,
  opts: { sans?: string; usage: 'serverAuth' | 'clientAuth' },
): Promise<IssuedCertificate> {
  const key = join(dir, `${name}.key`)
  const csr = join(dir, `${name}.csr`)
  const cert = join(dir, `${name}.crt`)
  const ext = join(dir, `${name}.ext`)
  await writeFile(
    ext,
    [
      `extendedKeyUsage=${opts.usage}`,
      'keyUsage=critical,digitalSignature,keyEncipherment',
      ...(opts.sans ? [`subjectAltName=${opts.sans}`] : []),
      '',
    ].join('\n'),
  )
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`])
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ])
  const keystore = join(dir, `${name}.keystore.pem`)
  await writeFile(
    keystore,
    (await readFile(key, 'utf8')) + (await readFile(cert, 'utf8')) + (await readFile(ca.cert, 'utf8')),
  )
  return { cert, key, keystore }
}

/** The same key encrypted with `passphrase` (AES-256), for --tls.key-password tests. */
export async function encryptKey(dir: string, key: string, passphrase: string): Promise<string> {
  const out = join(dir, `encrypted-${Date.now()}.key`)
  await openssl([
    'pkcs8',
    '-topk8',
    '-in',
    key,
    '-out',
    out,
    '-v2',
    'aes-256-cbc',
    '-passout',
    `pass:${passphrase}`,
  ])
  return out
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 60_000 })
  } catch (error) {
    const e = error as Error & { stderr?: string }
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? e.message}`)
  }
}
