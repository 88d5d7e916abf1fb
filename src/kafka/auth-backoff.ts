import { KafkascopeError } from '../errors.js'

export interface BackoffOptions {
  /** The first failure is retried at once (the next poll); then base, 2×base, 4×base, ... up to maxMs. */
  readonly baseMs: number
  readonly maxMs: number
  readonly now?: () => number
}

/**
 * Backs off reconnecting after the brokers refused our credentials or certificate: repeating a wrong password every
 * poll only fills the brokers' logs (and may lock an account at an identity provider). While backing off, the last
 * failure is reported again without a connection attempt. A changed secret or certificate file (fingerprint) ends
 * the backoff at once, so fixing the file is picked up at the next poll.
 */
export class AuthBackoff {
  #failures = 0
  #retryAt = 0
  #last: KafkascopeError | undefined
  #fingerprint = ''
  readonly #now: () => number

  constructor(private readonly opts: BackoffOptions) {
    this.#now = opts.now ?? Date.now
  }

  /** Throws the last failure while backing off with unchanged credentials. */
  check(fingerprint: string): void {
    if (this.#last === undefined) return
    if (fingerprint !== this.#fingerprint) {
      this.succeeded()
      return
    }
    const waitMs = this.#retryAt - this.#now()
    if (waitMs <= 0) return
    throw new KafkascopeError(
      this.#last.code,
      `${this.#last.message} (not retried for another ${Math.ceil(waitMs / 1000)}s after ${this.#failures} failures in a row, unless a secret or certificate file changes)`,
    )
  }

  failed(error: KafkascopeError, fingerprint: string): void {
    this.#failures++
    this.#last = error
    this.#fingerprint = fingerprint
    const delay =
      this.#failures === 1 ? 0 : Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** (this.#failures - 2))
    this.#retryAt = this.#now() + delay
  }

  succeeded(): void {
    this.#failures = 0
    this.#last = undefined
    this.#retryAt = 0
  }
}
