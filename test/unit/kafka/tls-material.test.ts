import { copyFileSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import type { Config } from '../../../src/config/settings.js'
import { slices } from '../../../src/config/slices.js'
import { ConfigError } from '../../../src/errors.js'
import { kafkaSecurity } from '../../../src/kafka/auth.js'
import { createLogger } from '../../../src/log.js'
import {
  type CertificateAuthority,
  createCa,
  encryptKey,
  type IssuedCertificate,
  issueCertificate,
} from '../../support/tls-certs.js'

let dir: string
let ca: CertificateAuthority
let otherCa: CertificateAuthority
let client: IssuedCertificate
let other: IssuedCertificate

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-tls-'))
  ca = await createCa(dir, 'ca')
  otherCa = await createCa(dir, 'other-ca')
  client = await issueCertificate(dir, ca, 'client', { usage: 'clientAuth' })
  other = await issueCertificate(dir, ca, 'other', { usage: 'clientAuth' })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function config(flags: string[]): Config {
  const inv = parseInvocation(['--tls.enabled', ...flags])
  if (inv.kind !== 'run') throw new Error('expected a run')
  return inv.config
}

function security(flags: string[]) {
  const lines: Record<string, unknown>[] = []
  const log = createLogger({ level: 'info', format: 'json' }, (l) => lines.push(JSON.parse(l)))
  return { security: kafkaSecurity(slices(config(flags)).kafka.security, log), lines }
}

function startError(flags: string[]): string {
  try {
    security(flags)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error('expected a ConfigError')
}

/** Replaces `path` atomically with new content, as a Kubernetes secret update does (new inode). */
function rotate(path: string, content: string | Buffer): void {
  writeFileSync(`${path}.new`, content)
  renameSync(`${path}.new`, path)
}

/** A copy of `source` under `name` in the test directory, so the test can rotate it. */
function copy(source: string, name: string): string {
  const path = join(dir, name)
  copyFileSync(source, path)
  return path
}

describe('Kafka TLS files at start (exit 2)', () => {
  it('a CA file that is not PEM, which the TLS stack would accept, is refused at start', () => {
    const garbage = join(dir, 'garbage.pem')
    writeFileSync(garbage, 'not a certificate\n')
    expect(startError([`--tls.ca-file=${garbage}`])).toBe(
      `--tls.ca-file ${garbage}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")`,
    )
  })

  it('a key that does not match the certificate', () => {
    expect(startError([`--tls.cert-file=${client.cert}`, `--tls.key-file=${other.key}`])).toBe(
      `the key in --tls.key-file ${other.key} does not match the certificate in --tls.cert-file ${client.cert}`,
    )
  })

  it('an encrypted key: a missing or wrong passphrase is refused; the right one, as a value or a file, works', async () => {
    const key = await encryptKey(dir, client.key, 'key-passphrase')
    const flags = [`--tls.ca-file=${ca.cert}`, `--tls.cert-file=${client.cert}`, `--tls.key-file=${key}`]
    expect(startError(flags)).toBe(`--tls.key-file ${key}: encrypted key: wrong or missing passphrase`)
    expect(startError([...flags, '--tls.key-password=wrong-one'])).toBe(
      `--tls.key-file ${key}: encrypted key: wrong or missing passphrase`,
    )
    const tls = security([...flags, '--tls.key-password=key-passphrase']).security.tls
    expect({ ...tls }.passphrase).toBe('key-passphrase')
    const passwordFile = join(dir, 'passphrase')
    writeFileSync(passwordFile, 'key-passphrase\n')
    const fromFile = security([...flags, `--tls.key-password-file=${passwordFile}`]).security.tls
    expect({ ...fromFile }.passphrase).toBe('key-passphrase')
    expect({ ...fromFile }.key).toEqual(readFileSync(key))
  })
})

describe('rotated Kafka TLS files', () => {
  it('a rotated CA that is not PEM keeps the previous one, with a warning; a good one is then used', () => {
    const caFile = copy(ca.cert, 'rotating-ca.pem')
    const { security: s, lines } = security([`--tls.ca-file=${caFile}`])
    expect({ ...s.tls }.ca).toEqual(readFileSync(ca.cert))

    rotate(caFile, 'oops, a log file\n')
    expect({ ...s.tls }.ca).toEqual(readFileSync(ca.cert))
    expect(lines.at(-1)).toMatchObject({
      level: 'warn',
      msg: 'cannot use the changed TLS files for Kafka; new connections keep using the previous ones',
      err: `--tls.ca-file ${caFile}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")`,
    })
    // Once per change, not at every connection.
    const count = lines.length
    expect({ ...s.tls }.ca).toEqual(readFileSync(ca.cert))
    expect(lines).toHaveLength(count)

    rotate(caFile, readFileSync(otherCa.cert))
    expect({ ...s.tls }.ca).toEqual(readFileSync(otherCa.cert))
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      msg: 'TLS files for Kafka changed; new connections use them',
    })
  })

  it('a certificate and key rotated one after the other are taken once they match again', () => {
    const cert = copy(client.cert, 'rotating.crt')
    const key = copy(client.key, 'rotating.key')
    const { security: s, lines } = security([`--tls.cert-file=${cert}`, `--tls.key-file=${key}`])

    rotate(key, readFileSync(other.key))
    expect({ ...s.tls }).toMatchObject({ cert: readFileSync(client.cert), key: readFileSync(client.key) })
    expect(lines.at(-1)?.err).toBe(
      `the key in --tls.key-file ${key} does not match the certificate in --tls.cert-file ${cert}`,
    )

    rotate(cert, readFileSync(other.cert))
    expect({ ...s.tls }).toMatchObject({ cert: readFileSync(other.cert), key: readFileSync(other.key) })
  })

  it('a file that disappears, or grows past 1 MiB, keeps the previous set', () => {
    const caFile = copy(ca.cert, 'vanishing-ca.pem')
    const { security: s, lines } = security([`--tls.ca-file=${caFile}`])
    rotate(caFile, 'x'.repeat(1024 * 1024 + 1))
    expect({ ...s.tls }.ca).toEqual(readFileSync(ca.cert))
    expect(lines.at(-1)?.err).toBe(`--tls.ca-file ${caFile} is too large (1048577 bytes); the limit is 1 MiB`)
    unlinkSync(caFile)
    expect({ ...s.tls }.ca).toEqual(readFileSync(ca.cert))
    expect(lines.at(-1)?.err).toBe(`--tls.ca-file ${caFile}: cannot read it (ENOENT)`)
  })
})
