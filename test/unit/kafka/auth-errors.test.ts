import {
  AuthenticationError,
  MultipleErrors,
  NetworkError,
  ResponseError,
  UserError,
} from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { KafkascopeError } from '../../../src/errors.js'
import {
  type ConnectionStage,
  explainConnectionError,
  type SecurityDescription,
} from '../../../src/kafka/auth-errors.js'

// The library's errors in the shapes a real broker produced (test/integration/auth.test.ts checks them live).
const SASL_AUTHENTICATE = 36
const SASL_HANDSHAKE = 17
const scram: SecurityDescription = { mechanism: 'SCRAM-SHA-512', tls: false, clientCertificate: false }
const tlsOnly: SecurityDescription = { mechanism: undefined, tls: true, clientCertificate: false }
const plaintext: SecurityDescription = { mechanism: undefined, tls: false, clientCertificate: false }

function connectionFailed(cause: Error): MultipleErrors {
  return new MultipleErrors('Cannot connect to any broker.', [
    new NetworkError('Connection to b:9094 failed.', { cause }),
  ])
}

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}

describe('explainConnectionError', () => {
  it.each<[string, Error, SecurityDescription, string, string]>([
    [
      'refused credentials: the broker message',
      connectionFailed(
        new AuthenticationError('SASL authentication failed.', {
          cause: new ResponseError(
            SASL_AUTHENTICATE,
            2,
            { '/': [58, 'SASL authentication failed.'] },
            {
              errorMessage:
                'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
            },
          ),
        }),
      ),
      scram,
      'KSC_KAFKA_AUTH',
      'failed to authenticate to broker b:9094 with SCRAM-SHA-512: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    ],
    [
      'a mechanism the listener does not enable: what it offers',
      connectionFailed(
        new AuthenticationError('Cannot find a suitable SASL mechanism.', {
          cause: new ResponseError(
            SASL_HANDSHAKE,
            1,
            { '/': [33, null] },
            { mechanisms: ['PLAIN', 'OAUTHBEARER'] },
          ),
        }),
      ),
      scram,
      'KSC_KAFKA_AUTH',
      'failed to authenticate to broker b:9094 with SCRAM-SHA-512: the broker does not enable SCRAM-SHA-512 on this listener (it offers PLAIN, OAUTHBEARER)',
    ],
    [
      'an unreadable secret file under the provider wrapper',
      connectionFailed(
        new AuthenticationError('The SASL/SCRAM-SHA-512 password provider threw an error.', {
          cause: new KafkascopeError(
            'KSC_SECRET_FILE',
            'failed to read secret file /run/pw (--sasl.password-file): ENOENT',
          ),
        }),
      ),
      scram,
      'KSC_KAFKA_AUTH',
      'failed to authenticate to broker b:9094 with SCRAM-SHA-512: failed to read secret file /run/pw (--sasl.password-file): ENOENT',
    ],
    [
      'an untrusted broker certificate',
      connectionFailed(
        nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
      ),
      tlsOnly,
      'KSC_KAFKA_TLS',
      'failed to verify the TLS certificate of broker b:9094: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); --tls.ca-file must hold the CA that signed it',
    ],
    [
      'an expired broker certificate',
      connectionFailed(nodeError('CERT_HAS_EXPIRED', 'certificate has expired')),
      tlsOnly,
      'KSC_KAFKA_TLS',
      'failed to verify the TLS certificate of broker b:9094: certificate has expired (CERT_HAS_EXPIRED)',
    ],
    [
      'a missing client certificate (Java answers "bad certificate")',
      new NetworkError('Connection error', {
        cause: nodeError('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate'),
      }),
      tlsOnly,
      'KSC_KAFKA_TLS',
      'the TLS session with broker b:9094 failed: the broker requires a client certificate (--tls.cert-file and --tls.key-file)',
    ],
    [
      'a client certificate the broker does not trust',
      new NetworkError('Connection error', {
        cause: nodeError('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate'),
      }),
      { ...tlsOnly, clientCertificate: true },
      'KSC_KAFKA_TLS',
      'the TLS session with broker b:9094 failed: the broker does not accept the client certificate (ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE)',
    ],
    [
      'TLS to a plaintext listener',
      connectionFailed(
        new UserError('TLS handshake failed. Please verify the broker supports TLS.', {
          cause: nodeError(
            'ECONNRESET',
            'Client network socket disconnected before secure TLS connection was established',
          ),
        }),
      ),
      tlsOnly,
      'KSC_KAFKA_TLS',
      'failed TLS handshake with broker b:9094: the connection closed during the handshake; does this listener use TLS?',
    ],
  ])('%s', (_, error, security, code, message) => {
    const explained = explainConnectionError(error, 'b:9094', security)
    expect(explained?.code).toBe(code)
    expect(explained?.message).toBe(message)
  })

  // A listener that expects what the client does not do closes without a word (shapes seen live, see auth.test.ts).
  const closed = () => new NetworkError('Connection closed')
  it.each<[string, Error, SecurityDescription, ConnectionStage, string, string]>([
    [
      'plaintext to a TLS listener: closed at ApiVersions',
      closed(),
      plaintext,
      'api-versions',
      'KSC_KAFKA_TLS',
      'failed to talk to broker b:9094: it closed the connection at the first request; the listener probably expects TLS (--tls.enabled)',
    ],
    [
      'SASL without TLS to a TLS listener: closed during the SASL handshake',
      connectionFailed(new NetworkError('Connection closed while waiting for ready.')),
      scram,
      'connect',
      'KSC_KAFKA_TLS',
      'failed to authenticate to broker b:9094 with SCRAM-SHA-512: it closed the connection during the SASL handshake; the listener probably expects TLS (--tls.enabled)',
    ],
    [
      'no SASL to a SASL listener: ApiVersions answered, the first other request closed',
      new KafkascopeError('KSC_KAFKA_REQUEST', 'failed to send Metadata', { cause: closed() }),
      plaintext,
      'first-request',
      'KSC_KAFKA_AUTH',
      'failed to talk to broker b:9094: it closed the connection after ApiVersions, as a SASL listener does when the client does not authenticate; the listener probably expects SASL (--sasl.enabled and --sasl.mechanism)',
    ],
    [
      'TLS without SASL to a SASL_SSL listener: the same',
      new KafkascopeError('KSC_KAFKA_REQUEST', 'failed to send Metadata', { cause: closed() }),
      tlsOnly,
      'first-request',
      'KSC_KAFKA_AUTH',
      'failed to talk to broker b:9094: it closed the connection after ApiVersions, as a SASL listener does when the client does not authenticate; the listener probably expects SASL (--sasl.enabled and --sasl.mechanism)',
    ],
  ])('%s', (_, error, security, stage, code, message) => {
    const explained = explainConnectionError(error, 'b:9094', security, stage)
    expect(explained?.code).toBe(code)
    expect(explained?.message).toBe(message)
  })

  it('says nothing about a close where it does not point at the listener', () => {
    // On a connection that has answered before (a broker restarting), or where TLS and SASL are already on.
    expect(explainConnectionError(closed(), 'b:9094', plaintext, 'request')).toBeUndefined()
    expect(explainConnectionError(closed(), 'b:9094', tlsOnly, 'api-versions')).toBeUndefined()
    expect(explainConnectionError(closed(), 'b:9094', scram, 'first-request')).toBeUndefined()
    expect(explainConnectionError(closed(), 'b:9094', plaintext, 'connect')).toBeUndefined()
  })

  it('leaves other failures alone (refused connection, timeout)', () => {
    const refused = connectionFailed(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))
    expect(explainConnectionError(refused, 'b:9094', scram)).toBeUndefined()
    expect(explainConnectionError(new Error('Request timed out'), 'b:9094', tlsOnly)).toBeUndefined()
    expect(explainConnectionError(undefined, 'b:9094', tlsOnly)).toBeUndefined()
  })
})
