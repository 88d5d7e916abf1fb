import { describeError, KafkascopeError } from '../errors.js'

/** What a connection error message should name besides the broker. */
export interface SecurityDescription {
  /** SASL mechanism, when SASL is on. */
  readonly mechanism: string | undefined
  readonly tls: boolean
  /** Whether kafkascope presents a client certificate (--tls.cert-file). */
  readonly clientCertificate: boolean
}

/**
 * Where on a connection an error came: a listener that expects TLS or SASL closes plaintext clients at a known
 * point. 'api-versions' is the library's first request on a connection, 'first-request' our first one after it.
 */
export type ConnectionStage = 'connect' | 'api-versions' | 'first-request' | 'request'

// Node's codes for a certificate chain it cannot trust.
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
])

/**
 * Turns the library's nested connection error (MultipleErrors → NetworkError → AuthenticationError →
 * ResponseError, or a Node TLS error) into one sentence naming the broker, the mechanism and the cause, e.g.
 * "failed to authenticate to broker 127.0.0.1:9094 with SCRAM-SHA-512: Authentication failed during
 * authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512". Returns undefined for errors
 * that are not about authentication or TLS (refused connections, timeouts), which keep their own message.
 */
export function explainConnectionError(
  error: unknown,
  broker: string,
  security: SecurityDescription,
  stage: ConnectionStage = 'connect',
): KafkascopeError | undefined {
  const chain = flatten(error)
  const auth = chain.find((e) => codeOf(e) === 'PLT_KFK_AUTHENTICATION')
  if (auth && security.mechanism !== undefined) {
    return new KafkascopeError(
      'KSC_KAFKA_AUTH',
      `failed to authenticate to broker ${broker} with ${security.mechanism}: ${authCause(auth, security.mechanism)}`,
    )
  }
  const tls = chain.find((e) => isTlsCode(codeOf(e)))
  if (tls) {
    const code = codeOf(tls) as string
    return new KafkascopeError(
      'KSC_KAFKA_TLS',
      `failed to verify the TLS certificate of broker ${broker}: ${tls.message} (${code})${tlsHint(code)}`,
    )
  }
  const alert = chain.find((e) => codeOf(e)?.startsWith('ERR_SSL_'))
  if (alert) {
    return new KafkascopeError(
      'KSC_KAFKA_TLS',
      `the TLS session with broker ${broker} failed: ${alertReason(codeOf(alert) as string, alert.message, security)}`,
    )
  }
  if (security.tls && chain.some((e) => e.message.startsWith('TLS handshake failed'))) {
    return new KafkascopeError(
      'KSC_KAFKA_TLS',
      `failed TLS handshake with broker ${broker}: the connection closed during the handshake; does this listener use TLS?`,
    )
  }
  if (chain.some(isConnectionClosed)) return closedByListener(broker, security, stage)
  return undefined
}

/**
 * The broker closed the connection without a word. A TLS listener reads a plaintext request as a broken TLS
 * record and closes at once (our first request, or the SASL handshake); a SASL listener answers ApiVersions, then
 * closes at the first other request of a client that did not authenticate. Elsewhere a close says nothing.
 */
function closedByListener(
  broker: string,
  security: SecurityDescription,
  stage: ConnectionStage,
): KafkascopeError | undefined {
  if (!security.tls && stage === 'api-versions') {
    return new KafkascopeError(
      'KSC_KAFKA_TLS',
      `failed to talk to broker ${broker}: it closed the connection at the first request; the listener probably expects TLS (--tls.enabled)`,
    )
  }
  if (!security.tls && stage === 'connect' && security.mechanism !== undefined) {
    return new KafkascopeError(
      'KSC_KAFKA_TLS',
      `failed to authenticate to broker ${broker} with ${security.mechanism}: it closed the connection during the SASL handshake; the listener probably expects TLS (--tls.enabled)`,
    )
  }
  if (security.mechanism === undefined && stage === 'first-request') {
    return new KafkascopeError(
      'KSC_KAFKA_AUTH',
      `failed to talk to broker ${broker}: it closed the connection after ApiVersions, as a SASL listener does when the client does not authenticate; the listener probably expects SASL (--sasl.enabled and --sasl.mechanism)`,
    )
  }
  return undefined
}

// The library's NetworkError for a socket the broker closed: "Connection closed" on a request in flight,
// "Connection closed while waiting for ready." while connecting (SASL handshake).
function isConnectionClosed(e: Error): boolean {
  return codeOf(e) === 'PLT_KFK_NETWORK' && e.message.startsWith('Connection closed')
}

function authCause(auth: Error, mechanism: string): string {
  const below = flatten(auth.cause)
  const response = below.find((e) => codeOf(e) === 'PLT_KFK_RESPONSE') as
    | (Error & { response?: { errorMessage?: string | null; mechanisms?: string[] } })
    | undefined
  const offered = response?.response?.mechanisms
  if (Array.isArray(offered)) {
    return `the broker does not enable ${mechanism} on this listener (it offers ${offered.join(', ') || 'none'})`
  }
  if (response?.response?.errorMessage) return response.response.errorMessage
  // Our own failures under the library's wrapper: an unreadable secret file, a token endpoint error, a token
  // the broker rejected (authBytesValidator in auth.ts).
  const ours =
    below.find((e) => e instanceof KafkascopeError) ?? below.find((e) => !codeOf(e)?.startsWith('PLT_KFK_'))
  if (ours) return describeError(ours)
  return describeError(auth)
}

function isTlsCode(code: string | undefined): boolean {
  return (
    code !== undefined && (UNTRUSTED.has(code) || code.startsWith('ERR_TLS_CERT') || code.startsWith('CERT_'))
  )
}

function tlsHint(code: string): string {
  if (UNTRUSTED.has(code)) return '; --tls.ca-file must hold the CA that signed it'
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return '; --tls.server-name can name the host the certificate is for'
  return ''
}

function alertReason(code: string, message: string, security: SecurityDescription): string {
  // Java brokers answer a missing client certificate with "bad certificate", so what we sent decides the text.
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA/.test(code)) {
    return security.clientCertificate
      ? `the broker does not accept the client certificate (${code})`
      : 'the broker requires a client certificate (--tls.cert-file and --tls.key-file)'
  }
  return `${message} (${code})`
}

function codeOf(e: Error): string | undefined {
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

/** The error, its causes and nested errors, depth first. */
function flatten(error: unknown, depth = 0, out: Error[] = []): Error[] {
  if (!(error instanceof Error) || depth > 8) return out
  out.push(error)
  const nested = (error as { errors?: unknown }).errors
  if (Array.isArray(nested)) for (const e of nested) flatten(e, depth + 1, out)
  flatten(error.cause, depth + 1, out)
  return out
}
