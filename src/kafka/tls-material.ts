import { readFileSync, statSync } from 'node:fs'
import { createSecureContext } from 'node:tls'
import { ConfigError, describeError } from '../errors.js'
import { fileFingerprint } from '../files.js'
import { clipPath, formatSize, MAX_PEM_FILE_BYTES } from '../limits.js'
import type { Logger } from '../log.js'
import { checkPemFiles, type PemFiles } from '../pem.js'
import type { Secret } from '../secret.js'
import { readSecretNow } from './secrets.js'

/** The files of the Kafka TLS settings (undefined = not configured) and a passphrase given as a value. */
export interface TlsFileSettings {
  readonly ca?: string
  readonly cert?: string
  readonly key?: string
  readonly passphraseFile?: string
  readonly passphrase?: Secret
}

export interface TlsContent {
  readonly ca?: Buffer
  readonly cert?: Buffer
  readonly key?: Buffer
  readonly passphrase?: string
}

/**
 * The CA, client certificate, key and key passphrase, read and checked together: at start a bad file is a
 * ConfigError (exit 2) naming it; while running, when one of the files changes, the whole set is read again and
 * used only if it still checks out. A rotated file that is unreadable, not PEM, or a key that no longer matches
 * the certificate keeps the previous set in force, with one warning per change, instead of failing every new
 * connection with an OpenSSL error. Checking the set, not each file, also means a certificate and key rotated
 * one after the other are taken once both match.
 */
export class TlsMaterial {
  #content: TlsContent
  #fingerprint: string

  constructor(
    readonly settings: TlsFileSettings,
    readonly log: Logger,
  ) {
    this.#fingerprint = this.#currentFingerprint()
    try {
      this.#content = this.#load()
    } catch (error) {
      throw new ConfigError((error as Error).message)
    }
  }

  /** The set in force, re-read first if a file changed since the last look. */
  current(): TlsContent {
    const now = this.#currentFingerprint()
    if (now === this.#fingerprint) return this.#content
    this.#fingerprint = now
    try {
      this.#content = this.#load()
      this.log.info(
        { files: this.#files().join(',') },
        'TLS files for Kafka changed; new connections use them',
      )
    } catch (error) {
      this.log.warn(
        { err: describeError(error) },
        'cannot use the changed TLS files for Kafka; new connections keep using the previous ones',
      )
    }
    return this.#content
  }

  /** The set in force, without looking at the files (for the getters after the first of one connection). */
  last(): TlsContent {
    return this.#content
  }

  #files(): string[] {
    const s = this.settings
    return [s.ca, s.cert, s.key, s.passphraseFile].filter((f): f is string => f !== undefined)
  }

  #currentFingerprint(): string {
    return this.#files().map(fileFingerprint).join('|')
  }

  #load(): TlsContent {
    const s = this.settings
    const read = (file: string | undefined, flag: string) =>
      file === undefined
        ? undefined
        : { pem: readBounded(file, flag, MAX_PEM_FILE_BYTES), name: `--${flag} ${clipPath(file)}` }
    // Read with the key it unlocks, so rotating both needs no restart.
    const passphrase = readSecretNow(s.passphrase, s.passphraseFile, 'tls.key-password-file')
    const files: PemFiles = {
      ca: read(s.ca, 'tls.ca-file'),
      cert: read(s.cert, 'tls.cert-file'),
      key: read(s.key, 'tls.key-file'),
      passphrase,
    }
    checkPemFiles(files)
    const content: TlsContent = {
      ...(files.ca ? { ca: files.ca.pem } : {}),
      ...(files.cert ? { cert: files.cert.pem } : {}),
      ...(files.key ? { key: files.key.pem } : {}),
      ...(passphrase !== undefined && files.key ? { passphrase } : {}),
    }
    try {
      // The checks above name the file; this catches whatever else OpenSSL refuses (e.g. a key type it lacks).
      createSecureContext({ ...content })
    } catch (error) {
      throw new Error(
        `OpenSSL refuses them (${this.#files().map(clipPath).join(', ')}): ${describeError(error)}`,
      )
    }
    return content
  }
}

/** The file's bytes, refused by size (stat, before reading) when it holds more than `max`. */
function readBounded(file: string, flag: string, max: number): Buffer {
  const name = `--${flag} ${clipPath(file)}`
  const unreadable = (error: unknown) =>
    new Error(`${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? describeError(error)})`)
  let size: number
  try {
    size = statSync(file).size
  } catch (error) {
    throw unreadable(error)
  }
  if (size > max) throw new Error(`${name} is too large (${size} bytes); the limit is ${formatSize(max)}`)
  try {
    return readFileSync(file)
  } catch (error) {
    throw unreadable(error)
  }
}
