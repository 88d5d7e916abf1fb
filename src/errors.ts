import { MAX_ERROR_CHARS, truncate } from './limits.js'

/**
 * Errors with a stable `code` (for tests, logs and the JSON API) and the underlying `cause`.
 * Messages read "failed to <verb>: <cause>" so a log line is actionable on its own.
 */
export type ErrorCode =
  | 'KSC_CONFIG_INVALID'
  | 'KSC_KAFKA_UNREACHABLE'
  | 'KSC_KAFKA_REQUEST'
  | 'KSC_POLL_TIMEOUT'
  | 'KSC_HTTP_LISTEN'
  /** A broker refused our SASL credentials, or the mechanism is not enabled on its listener. */
  | 'KSC_KAFKA_AUTH'
  /** The TLS handshake with a broker failed: untrusted certificate, wrong name, client certificate refused. */
  | 'KSC_KAFKA_TLS'
  | 'KSC_OAUTH_TOKEN'
  /** aws-msk-iam-sasl-signer-js could not sign a token: no AWS credentials, a role that cannot be assumed. */
  | 'KSC_AWS_IAM_TOKEN'
  | 'KSC_SECRET_FILE'
  /** Writing to stdout failed for another reason than the reader closing it (a full disk, an I/O error). */
  | 'KSC_OUTPUT_WRITE'
  /** The poll worker thread could not be started. */
  | 'KSC_WORKER'

export class KafkascopeError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'KafkascopeError'
    this.code = code
  }
}

/**
 * Thrown for bad flags, environment variables or config keys; the CLI exits 2 on it. The message is bounded: values
 * are quoted by their prefix (limits.ts quote), and this cut is the last line of defence.
 */
export class ConfigError extends KafkascopeError {
  constructor(message: string) {
    super('KSC_CONFIG_INVALID', truncate(message, MAX_ERROR_CHARS))
    this.name = 'ConfigError'
  }
}

/**
 * One line describing an error, its nested errors (the Kafka client aggregates one per broker tried) and causes,
 * e.g. "failed to connect to any broker (tried a:9092): Connection to a:9092 failed: connect ECONNREFUSED a:9092".
 */
export function describeError(error: unknown, depth = 0): string {
  if (depth > 6) return '...'
  // Bounded: a library or a broker may put a huge value in its message, and this text is logged at every poll.
  if (depth === 0) return truncate(describeError(error, 1), MAX_ERROR_CHARS)
  if (!(error instanceof Error)) return String(error)
  let text = error.message
  const nested = (error as { errors?: unknown[] }).errors
  if (Array.isArray(nested) && nested.length > 0) {
    const inner = [...new Set(nested.map((e) => describeError(e, depth + 1)))]
    const shown = inner.slice(0, 3).join('; ')
    text = `${text.replace(/\.$/, '')} (${shown}${inner.length > 3 ? `; +${inner.length - 3} more` : ''})`
  }
  if (error.cause !== undefined && error.cause !== null) {
    const cause = describeError(error.cause, depth + 1)
    if (!text.includes(cause)) text = `${text.replace(/\.$/, '')}: ${cause}`
  }
  return text
}
