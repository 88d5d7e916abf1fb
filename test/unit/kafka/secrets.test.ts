import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readSecretNow, secretSource } from '../../../src/kafka/secrets.js'
import { Secret, scrubSecrets } from '../../../src/secret.js'

const dir = mkdtempSync(join(tmpdir(), 'kafkascope-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('secret sources', () => {
  it('a value is returned as is', async () => {
    expect(await secretSource(new Secret('v4lue'), undefined, 'x')?.read()).toBe('v4lue')
    expect(secretSource(undefined, undefined, 'x')).toBeUndefined()
  })

  it('a file is read at every use, without its trailing newline, and its content is scrubbed from logs', async () => {
    const file = join(dir, 'pw')
    writeFileSync(file, 'first-secret\n')
    const source = secretSource(undefined, file, 'sasl.password-file')
    expect(await source?.read()).toBe('first-secret')
    const before = source?.fingerprint()
    // Kubernetes replaces secret files by swapping a symlink; a rename is the same kind of change.
    writeFileSync(join(dir, 'pw.new'), 'second-secret\r\n')
    renameSync(join(dir, 'pw.new'), file)
    expect(source?.fingerprint()).not.toBe(before)
    expect(await source?.read()).toBe('second-secret')
    expect(scrubSecrets('x second-secret y')).toBe('x <redacted> y')
  })

  it.each<[string, string | undefined, string]>([
    ['missing', undefined, 'failed to read secret file <file> (--sasl.password-file): ENOENT'],
    ['empty', '\n', 'secret file <file> (--sasl.password-file) is empty'],
    [
      'too large',
      'x'.repeat(64 * 1024 + 1),
      'secret file <file> (--sasl.password-file) is too large (65537 bytes); the limit is 64 KiB',
    ],
  ])('a %s file fails with the file and the flag named', async (name, content, message) => {
    const file = join(dir, `secret-${name}`)
    if (content !== undefined) writeFileSync(file, content)
    const expected = message.replace('<file>', file)
    await expect(secretSource(undefined, file, 'sasl.password-file')?.read()).rejects.toThrow(expected)
    expect(() => readSecretNow(undefined, file, 'sasl.password-file')).toThrow(expected)
  })
})
