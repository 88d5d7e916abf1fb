import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPemFiles } from '../../src/pem.js'
import {
  type CertificateAuthority,
  createCa,
  encryptKey,
  type IssuedCertificate,
  issueCertificate,
} from '../support/tls-certs.js'

let dir: string
let ca: CertificateAuthority
let client: IssuedCertificate
let other: IssuedCertificate
const pem = (text: string) => Buffer.from(text)
const file = async (path: string) => readFile(path)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-pem-'))
  ca = await createCa(dir, 'ca')
  client = await issueCertificate(dir, ca, 'client', { usage: 'clientAuth' })
  other = await issueCertificate(dir, ca, 'other', { usage: 'clientAuth' })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The message checkPemFiles throws, or undefined when the files pass. */
function problem(files: Parameters<typeof checkPemFiles>[0]): string | undefined {
  try {
    checkPemFiles(files)
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}

describe('CA files', () => {
  it('a bundle of valid certificates passes', async () => {
    const bundle = Buffer.concat([await file(ca.cert), await file(client.cert)])
    expect(problem({ ca: { pem: bundle, name: '--tls.ca-file ca.pem' } })).toBeUndefined()
  })

  it('garbage (which tls.createSecureContext accepts) is refused', () => {
    expect(problem({ ca: { pem: pem('hello\n'), name: '--tls.ca-file /etc/ca.pem' } })).toBe(
      '--tls.ca-file /etc/ca.pem: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")',
    )
  })

  it('an empty file', () => {
    expect(problem({ ca: { pem: pem(''), name: '--tls.ca-file /etc/ca.pem' } })).toBe(
      '--tls.ca-file /etc/ca.pem: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")',
    )
  })

  it('a damaged certificate in a bundle is named by its position', async () => {
    const bundle = `${await readFile(ca.cert, 'utf8')}-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n`
    expect(problem({ ca: { pem: pem(bundle), name: '--tls.ca-file b.pem' } })).toBe(
      '--tls.ca-file b.pem: certificate 2 of 2 is not valid: bad base64 decode',
    )
  })

  it('a DER certificate gets a hint to convert it', async () => {
    const der = execFileSync('openssl', ['x509', '-in', ca.cert, '-outform', 'der'])
    expect(problem({ ca: { pem: der, name: '--tls.ca-file ca.der' } })).toBe(
      '--tls.ca-file ca.der: not a PEM certificate (no "-----BEGIN CERTIFICATE-----"); it looks like binary DER: convert it with openssl x509 -inform der (or openssl pkey -inform der for a key)',
    )
  })
})

describe('certificate and key', () => {
  const names = { cert: '--tls.cert-file c.pem', key: '--tls.key-file k.pem' }

  it('a matching pair passes, as does a key followed by its chain (a PEM keystore)', async () => {
    expect(
      problem({
        cert: { pem: await file(client.cert), name: names.cert },
        key: { pem: await file(client.key), name: names.key },
      }),
    ).toBeUndefined()
    expect(
      problem({
        cert: { pem: await file(client.keystore), name: names.cert },
        key: { pem: await file(client.keystore), name: names.key },
      }),
    ).toBeUndefined()
  })

  it('a key that does not match the certificate', async () => {
    expect(
      problem({
        cert: { pem: await file(client.cert), name: names.cert },
        key: { pem: await file(other.key), name: names.key },
      }),
    ).toBe('the key in --tls.key-file k.pem does not match the certificate in --tls.cert-file c.pem')
  })

  it('a certificate file that holds a key, and a key file that holds a certificate', async () => {
    expect(problem({ cert: { pem: await file(client.key), name: names.cert } })).toBe(
      '--tls.cert-file c.pem: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")',
    )
    expect(problem({ key: { pem: await file(client.cert), name: names.key } })).toBe(
      '--tls.key-file k.pem: not a PEM private key (no "-----BEGIN PRIVATE KEY-----")',
    )
  })

  it('a damaged key', () => {
    expect(
      problem({
        key: { pem: pem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), name: names.key },
      }),
    ).toBe('--tls.key-file k.pem: not a valid private key: unsupported')
  })

  it('an encrypted key: works with its passphrase; without it or with a wrong one, says so', async () => {
    const encrypted = { pem: await file(await encryptKey(dir, client.key, 'open sesame')), name: names.key }
    const cert = { pem: await file(client.cert), name: names.cert }
    expect(problem({ cert, key: encrypted, passphrase: 'open sesame' })).toBeUndefined()
    expect(problem({ cert, key: encrypted })).toBe(
      '--tls.key-file k.pem: encrypted key: wrong or missing passphrase',
    )
    expect(problem({ cert, key: encrypted, passphrase: 'wrong' })).toBe(
      '--tls.key-file k.pem: encrypted key: wrong or missing passphrase',
    )
  })

  it('the traditional OpenSSL encryption (Proc-Type: 4,ENCRYPTED) too', async () => {
    const out = join(dir, 'traditional.key')
    execFileSync(
      'openssl',
      ['rsa', '-in', client.key, '-aes256', '-passout', 'pass:pw12', '-traditional', '-out', out],
      {
        stdio: 'ignore',
      },
    )
    const key = { pem: await file(out), name: names.key }
    expect((await readFile(out, 'utf8')).includes('Proc-Type: 4,ENCRYPTED')).toBe(true)
    expect(problem({ key, passphrase: 'pw12' })).toBeUndefined()
    expect(problem({ key })).toBe('--tls.key-file k.pem: encrypted key: wrong or missing passphrase')
  })
})
