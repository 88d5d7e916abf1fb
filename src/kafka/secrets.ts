import { readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { rememberSecret, type Secret } from '../config/secret.js'
import { KafkascopeError } from '../errors.js'

/** Where a password or client secret comes from: a value (flag, environment, config file) or a file. */
export interface SecretSource {
  /** The current value; a file is read anew every time, so a rotated secret needs no restart. */
  read(): Promise<string>
  /** Changes when the file changes; used to retry authentication at once after a fix. */
  fingerprint(): string
}

export function secretSource(
  value: Secret | undefined,
  file: string | undefined,
  flag: string,
): SecretSource | undefined {
  if (value !== undefined) return { read: async () => value.reveal(), fingerprint: () => 'value' }
  if (file === undefined) return undefined
  return {
    async read() {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (error) {
        throw fileError(file, flag, error)
      }
      return checkedSecret(text, file, flag)
    },
    fingerprint: () => fileFingerprint(file),
  }
}

/** For settings read once at start (the TLS key passphrase). */
export function readSecretNow(
  value: Secret | undefined,
  file: string | undefined,
  flag: string,
): string | undefined {
  if (value !== undefined) return value.reveal()
  if (file === undefined) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw fileError(file, flag, error)
  }
  return checkedSecret(text, file, flag)
}

function checkedSecret(text: string, file: string, flag: string): string {
  // `echo secret > file` and most editors end the file with a newline that is not part of the secret.
  const secret = text.replace(/[\r\n]+$/, '')
  if (secret === '') throw new KafkascopeError('KSC_SECRET_FILE', `secret file ${file} (--${flag}) is empty`)
  rememberSecret(secret)
  return secret
}

function fileError(file: string, flag: string, error: unknown): KafkascopeError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
  return new KafkascopeError('KSC_SECRET_FILE', `failed to read secret file ${file} (--${flag}): ${code}`)
}

/** Inode, size and mtime: a Kubernetes secret update swaps a symlink, which changes all three. */
export function fileFingerprint(file: string): string {
  try {
    const s = statSync(file)
    return `${s.ino}:${s.size}:${s.mtimeMs}`
  } catch {
    return 'missing'
  }
}
