import { readFileSync, statSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { KafkascopeError } from '../errors.js'
import { fileFingerprint } from '../files.js'
import { clipPath, formatSize, MAX_SECRET_FILE_BYTES } from '../limits.js'
import { rememberSecret, type Secret } from '../secret.js'

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
        checkSize((await stat(file)).size, file, flag)
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
    checkSize(statSync(file).size, file, flag)
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw fileError(file, flag, error)
  }
  return checkedSecret(text, file, flag)
}

/** A file rotated into something huge (a log file, a core dump) is refused before it is read. */
function checkSize(size: number, file: string, flag: string): void {
  if (size > MAX_SECRET_FILE_BYTES)
    throw new KafkascopeError(
      'KSC_SECRET_FILE',
      `secret file ${clipPath(file)} (--${flag}) is too large (${size} bytes); the limit is ${formatSize(MAX_SECRET_FILE_BYTES)}`,
    )
}

function checkedSecret(text: string, file: string, flag: string): string {
  // `echo secret > file` and most editors end the file with a newline that is not part of the secret.
  const secret = text.replace(/[\r\n]+$/, '')
  if (secret === '') throw new KafkascopeError('KSC_SECRET_FILE', `secret file ${file} (--${flag}) is empty`)
  rememberSecret(secret)
  return secret
}

function fileError(file: string, flag: string, error: unknown): KafkascopeError {
  if (error instanceof KafkascopeError) return error
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
  return new KafkascopeError('KSC_SECRET_FILE', `failed to read secret file ${file} (--${flag}): ${code}`)
}
