export interface ClientBackoffOptions {
  /** Wait after the first failed attempt; doubles with each further one in a row. */
  readonly baseMs: number
  readonly maxMs: number
  /** A client without a failure for this long starts afresh (and is forgotten). */
  readonly forgetMs: number
  /** Clients remembered at most; the longest-quiet are forgotten first (an address flood cannot grow memory). */
  readonly maxClients: number
  readonly now?: () => number
}

export const CLIENT_BACKOFF: ClientBackoffOptions = {
  baseMs: 250,
  maxMs: 10_000,
  forgetMs: 60_000,
  maxClients: 10_000,
}

interface Failures {
  count: number
  last: number
  until: number
}

/**
 * Per-client-address backoff after wrong basic-auth credentials: while a client backs off, its uncached attempts
 * are answered 429 without a bcrypt verification, so one client guessing passwords gets at most one verification
 * per backoff (≤ 1 per 10 s after eight failures in a row) instead of as many as it can send. Attempts during the
 * backoff do not extend it: a well-behaved client on the same address (behind one NAT) gets its turn at the end.
 */
export class ClientBackoff {
  readonly #clients = new Map<string, Failures>()
  readonly #now: () => number

  constructor(private readonly opts: ClientBackoffOptions = CLIENT_BACKOFF) {
    this.#now = opts.now ?? Date.now
  }

  /** Milliseconds the client must still wait; 0 when it may try. */
  retryAfterMs(client: string): number {
    const entry = this.#clients.get(client)
    if (!entry) return 0
    const now = this.#now()
    if (now - entry.last >= this.opts.forgetMs) {
      this.#clients.delete(client)
      return 0
    }
    return Math.max(0, entry.until - now)
  }

  failed(client: string): void {
    const now = this.#now()
    const before = this.#clients.get(client)
    const count = before && now - before.last < this.opts.forgetMs ? before.count + 1 : 1
    const wait = Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.min(count - 1, 30))
    // Re-inserted so the map's order is by last failure: the first key is the longest-quiet client.
    this.#clients.delete(client)
    this.#clients.set(client, { count, last: now, until: now + wait })
    if (this.#clients.size > this.opts.maxClients) {
      const oldest = this.#clients.keys().next().value
      if (oldest !== undefined) this.#clients.delete(oldest)
    }
  }

  succeeded(client: string): void {
    this.#clients.delete(client)
  }

  /** Clients currently remembered (for tests). */
  get size(): number {
    return this.#clients.size
  }
}
