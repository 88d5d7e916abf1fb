/** host:port, as brokers are keyed in the connection pool. */
export interface Address {
  readonly host: string
  readonly port: number
}

export function addressKey(a: Address): string {
  return `${a.host}:${a.port}`
}

/**
 * Addresses that stopped answering (a request or connection timed out). They are asked last for cluster-wide
 * requests until they answer again or `holdMs` passes, so a hung bootstrap address or a frozen broker (SIGSTOP, GC
 * pause, half-open connection after a partition) costs one stagger delay once, not every poll.
 */
export class SlowBrokers {
  readonly #until = new Map<string, number>()

  constructor(
    private readonly holdMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the address was not slow before, so a caller can say so once rather than on every timeout. */
  timedOut(a: Address): boolean {
    const wasSlow = this.isSlow(a)
    this.#until.set(addressKey(a), this.now() + this.holdMs)
    return !wasSlow
  }

  answered(a: Address): void {
    this.#until.delete(addressKey(a))
  }

  isSlow(a: Address): boolean {
    const until = this.#until.get(addressKey(a))
    if (until === undefined) return false
    if (until > this.now()) return true
    this.#until.delete(addressKey(a))
    return false
  }

  /** The same addresses, the slow ones last; each group keeps its order (the user's bootstrap order first). */
  order<A extends Address>(candidates: readonly A[]): A[] {
    const slow = candidates.filter((c) => this.isSlow(c))
    return [...candidates.filter((c) => !slow.includes(c)), ...slow]
  }
}

/** Every candidate failed; `errors[i]` is candidate i's failure. */
export class AllFailedError extends Error {
  constructor(readonly errors: unknown[]) {
    super('every broker failed')
    this.name = 'AllFailedError'
  }
}

/**
 * Asks candidates in turn, happy-eyeballs style (RFC 8305): the next one starts as soon as the previous one failed
 * or has not answered within `staggerMs`; the first answer wins and the attempts still running are left to their
 * own timeouts (a late answer is dropped). Chosen over cutting each attempt to a share of the poll deadline because
 * a slow but working broker is never given up on (its answer can still win), a hung one costs `staggerMs` instead
 * of a share of the deadline, and a healthy cluster still gets exactly one request.
 */
export function raceInTurn<C, T>(
  candidates: readonly C[],
  attempt: (candidate: C) => Promise<T>,
  staggerMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (candidates.length === 0) {
      reject(new AllFailedError([]))
      return
    }
    const errors: unknown[] = new Array(candidates.length)
    let started = 0
    let failed = 0
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const startNext = () => {
      clearTimeout(timer)
      if (settled || started >= candidates.length) return
      const i = started++
      attempt(candidates[i] as C).then(
        (value) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          errors[i] = error
          failed++
          if (settled) return
          if (failed === candidates.length) {
            settled = true
            reject(new AllFailedError(errors))
          } else startNext()
        },
      )
      if (started < candidates.length) timer = setTimeout(startNext, staggerMs)
    }
    startNext()
  })
}

/** Where a pooled connection goes (the library leaves host and port unset until it connects). */
export function addressOf(connection: { host?: string; port?: number }): Address {
  return { host: connection.host ?? '', port: connection.port ?? 0 }
}

/** A bootstrap "host:port" or "[v6]:port" as the library takes it. */
export function toBroker(address: string): Address {
  const idx = address.lastIndexOf(':')
  return { host: address.slice(0, idx).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(idx + 1)) }
}
