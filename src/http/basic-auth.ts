import { createHash } from 'node:crypto'
import { compare } from 'bcryptjs'

const CACHE_SIZE = 100
// bcrypt of "fakepassword", the toolkit's own: unknown users cost as much as known ones, so timing does not
// reveal which user names exist.
const DUMMY_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi'

/**
 * HTTP basic authentication against bcrypt hashes, as exporter-toolkit does it: bcrypt is deliberately slow
 * (~100 ms at cost 10 in pure JS), so each verdict is cached under a SHA-256 of user, hash and password (the
 * password itself is not kept), and only one bcrypt comparison runs at a time so a flood of wrong passwords
 * cannot take every core.
 */
export class BasicAuth {
  readonly #cache = new Map<string, boolean>()
  #queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    /** bcryptjs's compare; injected in tests to count comparisons. */
    private readonly compareHash: (password: string, hash: string) => Promise<boolean> = compare,
  ) {}

  get enabled(): boolean {
    return this.users.size > 0
  }

  /** Whether the Authorization header holds a known user with the right password. */
  async verify(header: string | undefined): Promise<boolean> {
    const credentials = parseBasic(header)
    if (!credentials) return false
    const known = this.users.get(credentials.user)
    const hash = known ?? DUMMY_HASH
    const key = createHash('sha256')
      .update(credentials.user)
      .update('\0')
      .update(hash)
      .update('\0')
      .update(credentials.password)
      .digest('hex')
    let ok = this.#cache.get(key)
    if (ok === undefined) {
      ok = await this.#serialised(() => this.compareHash(credentials.password, hash))
      this.#remember(key, ok)
    }
    return ok && known !== undefined
  }

  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => undefined)
    return run
  }

  #remember(key: string, ok: boolean): void {
    if (this.#cache.size >= CACHE_SIZE) {
      // Oldest first; the toolkit evicts at random, either keeps hot entries most of the time.
      for (const old of [...this.#cache.keys()].slice(0, CACHE_SIZE / 10)) this.#cache.delete(old)
    }
    this.#cache.set(key, ok)
  }
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
