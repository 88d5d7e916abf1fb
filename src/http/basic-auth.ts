import { createHmac, randomBytes } from 'node:crypto'
import { hash as bcryptHash, verify as bcryptVerify } from '@node-rs/bcrypt'
import { ClientBackoff } from './client-backoff.js'

// Verified credentials kept at most, and for how long. Only successes are kept: caching failures too let a flood of
// unique wrong passwords evict the legitimate entry, sending every real scrape back to bcrypt behind the flood.
const VERIFIED_CACHE_SIZE = 64
const VERIFIED_TTL_MS = 10 * 60_000
// Verifications running at once (each holds one of libuv's four threads for ~50-100 ms at cost 10). Two leave the
// other threads to gzip and file reads, and the event loop a core on a two-core machine; beyond them an attempt is
// answered 429 at once rather than queued, so a flood cannot build a queue that real scrapes wait behind.
const MAX_IN_FLIGHT = 2
// What a client refused for lack of a free verification is told to wait.
const BUSY_RETRY_MS = 1000

export type Verdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'denied' }
  /** Not verified: the client is backing off after failures, or every verification slot is taken. */
  | { readonly kind: 'throttled'; readonly retryAfterMs: number }

export interface BasicAuthOptions {
  /** Injected in tests to control its clock. */
  readonly backoff?: ClientBackoff
  /** bcrypt verification; injected in tests to count or slow down verifications. */
  readonly verifyHash?: (password: string, hash: string) => Promise<boolean>
  readonly maxInFlight?: number
  readonly now?: () => number
}

/**
 * HTTP basic authentication against bcrypt hashes, as exporter-toolkit does it, without letting wrong guesses slow
 * down real scrapes:
 * - bcrypt runs natively in libuv's thread pool (@node-rs/bcrypt), never on the event loop;
 * - verified credentials are cached under an HMAC of user and password with a per-process random key (the password
 *   is not kept), so a correct scrape pays bcrypt once per 10 minutes. An entry counts only while its user still
 *   has the hash it was verified against: a reloaded file with a changed or removed user invalidates it, one with
 *   other changes keeps it (an empty cache after each edit would hand a flood the scrapes' verifications too);
 * - uncached attempts are bounded by a per-client backoff after failures and by MAX_IN_FLIGHT verifications;
 * - an unknown user is verified against a dummy hash of the configured cost, and the throttling decisions never
 *   depend on the user, so wrong user and wrong password take the same time.
 */
export class BasicAuth {
  readonly #key = randomBytes(32)
  /** HMAC → the hash it matched and until when; in use order, the first key is the least recently used. */
  readonly #verified = new Map<string, { readonly hash: string; readonly expires: number }>()
  /** Verifications under way, so simultaneous scrapes with the same credentials (an HA pair) share one. */
  readonly #pending = new Map<string, Promise<boolean>>()
  #users: ReadonlyMap<string, string> = new Map()
  #dummy: Promise<string> = Promise.resolve('')
  #dummyCost = 0
  readonly #backoff: ClientBackoff
  readonly #verifyHash: (password: string, hash: string) => Promise<boolean>
  readonly #maxInFlight: number
  readonly #now: () => number
  #inFlight = 0

  constructor(users: ReadonlyMap<string, string>, options: BasicAuthOptions = {}) {
    this.#backoff = options.backoff ?? new ClientBackoff()
    this.#verifyHash = options.verifyHash ?? ((password, hash) => bcryptVerify(password, hash))
    this.#maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT
    this.#now = options.now ?? Date.now
    this.setUsers(users)
  }

  /** The users of a (re)loaded web config. */
  setUsers(users: ReadonlyMap<string, string>): void {
    this.#users = users
    const cost = costOf(users)
    if (users.size === 0 || cost === this.#dummyCost) return
    this.#dummyCost = cost
    // Made in the thread pool; a random password, so no guess matches it.
    this.#dummy = bcryptHash(randomBytes(18).toString('base64'), cost)
  }

  get enabled(): boolean {
    return this.#users.size > 0
  }

  /** Whether the Authorization header holds a known user with the right password; `client` is its address. */
  async verify(header: string | undefined, client: string): Promise<Verdict> {
    const credentials = parseBasic(header)
    // No credentials (a browser's first request) or garbled ones: nothing to verify, and not a guess.
    if (!credentials) return DENIED
    const key = createHmac('sha256', this.#key)
      .update(credentials.user)
      .update('\0')
      .update(credentials.password)
      .digest('base64')
    if (this.#cached(key, credentials.user)) return OK
    const waitMs = this.#backoff.retryAfterMs(client)
    if (waitMs > 0) return { kind: 'throttled', retryAfterMs: waitMs }
    let matches = this.#pending.get(key)
    if (!matches) {
      if (this.#inFlight >= this.#maxInFlight) return { kind: 'throttled', retryAfterMs: BUSY_RETRY_MS }
      matches = this.#run(key, credentials.user, credentials.password)
    }
    if (await matches) {
      this.#backoff.succeeded(client)
      return OK
    }
    this.#backoff.failed(client)
    return DENIED
  }

  #cached(key: string, user: string): boolean {
    const entry = this.#verified.get(key)
    if (entry === undefined) return false
    this.#verified.delete(key)
    if (entry.expires <= this.#now() || entry.hash !== this.#users.get(user)) return false
    this.#verified.set(key, entry)
    return true
  }

  async #run(key: string, user: string, password: string): Promise<boolean> {
    this.#inFlight++
    const known = this.#users.get(user)
    const work = (async () => {
      try {
        // Both branches cost one verification against a hash of the same cost.
        const ok = await this.#verifyHash(password, known ?? (await this.#dummy))
        return ok && known !== undefined
      } finally {
        this.#inFlight--
        this.#pending.delete(key)
      }
    })()
    this.#pending.set(key, work)
    const ok = await work
    if (ok) this.#remember(key, known as string)
    return ok
  }

  #remember(key: string, hash: string): void {
    this.#verified.delete(key)
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.#verified.keys().next().value
      if (oldest !== undefined) this.#verified.delete(oldest)
    }
    this.#verified.set(key, { hash, expires: this.#now() + VERIFIED_TTL_MS })
  }
}

const OK: Verdict = { kind: 'ok' }
const DENIED: Verdict = { kind: 'denied' }

/** The highest cost among the users' hashes ($2y$10$... → 10), for the dummy hash of unknown users. */
function costOf(users: ReadonlyMap<string, string>): number {
  let cost = 4
  for (const hash of users.values()) cost = Math.max(cost, Number(hash.slice(4, 6)) || 4)
  return cost
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const m = header === undefined ? null : /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!m) return undefined
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** The toolkit's rate_limit: a token bucket refilled every `intervalMs`, holding at most `burst` tokens. */
export class RateLimiter {
  #tokens: number
  #last: number

  constructor(
    private readonly intervalMs: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = burst
    this.#last = now()
  }

  allow(): boolean {
    const t = this.now()
    this.#tokens = Math.min(this.burst, this.#tokens + (t - this.#last) / this.intervalMs)
    this.#last = t
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
