import { inspect } from 'node:util'

export const REDACTED = '<redacted>'

/**
 * A password, client secret or key passphrase. The value is reachable only through reveal(); printing, logging or
 * serialising the object (String(), JSON.stringify, util.inspect, pino) shows <redacted>, so a Config holding it can
 * be logged or returned by an API without leaking it.
 */
export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
    rememberSecret(value)
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`
  }
}

/**
 * Every secret value seen by this process (from flags, environment, config file, secret files, OAuth tokens).
 * The logger removes them from each line as a last line of defence: secrets are never logged on purpose, but an
 * error message from a library or a server could quote one. Bounded, as tokens rotate.
 */
const pinned = new Set<string>()
const rotating = new Set<string>()
const MAX_ROTATING = 256
// Shorter values would blank out ordinary words of log lines; such secrets are too weak to matter anyway.
const MIN_LENGTH = 4

/**
 * Configured secrets (flags, environment, files) are kept for the life of the process; rotating ones (OAuth access
 * tokens) are bounded, oldest first, so a refreshing token can never push a password out of the scrub list.
 */
export function rememberSecret(value: string, kind: 'configured' | 'rotating' = 'configured'): void {
  if (value.length < MIN_LENGTH) return
  const set = kind === 'configured' ? pinned : rotating
  for (const form of [value, JSON.stringify(value).slice(1, -1)]) {
    set.delete(form)
    set.add(form)
  }
  while (rotating.size > MAX_ROTATING) rotating.delete(rotating.values().next().value as string)
}

/** `text` with every known secret replaced by <redacted>. */
export function scrubSecrets(text: string): string {
  let out = text
  for (const set of [pinned, rotating]) {
    for (const secret of set) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED)
  }
  return out
}
