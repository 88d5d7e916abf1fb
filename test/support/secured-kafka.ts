import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type KafkaCluster, startKafkaCluster } from '../harness/kafka/cluster.js'
import { type CertificateAuthority, createCa, type IssuedCertificate, issueCertificate } from './tls-certs.js'

/** Users and secrets the secured cluster knows; tests pass them to kafkascope through files. */
export const USERS = {
  scram512: { name: 'alice', password: 'alice-scram512-S3cr3t-value' },
  scram256: { name: 'bob', password: 'bob-scram256-S3cr3t-value' },
  plain: { name: 'carol', password: 'carol-plain-S3cr3t-value' },
} as const

export interface SecuredKafka {
  readonly cluster: KafkaCluster
  /** Files of this run: CA, client certificate, an untrusted CA, ... */
  readonly dir: string
  readonly ca: CertificateAuthority
  /** A CA that did not sign the broker certificate. */
  readonly otherCa: CertificateAuthority
  readonly client: IssuedCertificate
  /** host:port of each listener on the single node. */
  readonly saslPlaintext: string
  readonly ssl: string
  readonly saslSsl: string
  teardown(): Promise<void>
}

/**
 * One broker with every client listener the auth tests need, started once per test file:
 *   SASL_PLAINTEXT: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (Kafka's default unsecured JWT validator,
 *                   which accepts unsigned tokens with a `sub` claim, as a stand-in for an OIDC provider's tokens)
 *   SSL:            client certificate required (mutual TLS)
 *   SASL_SSL:       SCRAM-SHA-512 over TLS
 * Inter-broker traffic stays on PLAINTEXT, which the harness always has.
 */
export async function startSecuredKafka(): Promise<SecuredKafka> {
  const dir = await mkdtemp(join(tmpdir(), 'kafkascope-auth-'))
  try {
    const ca = await createCa(dir, 'test-ca')
    const otherCa = await createCa(dir, 'other-ca')
    const broker = await issueCertificate(dir, ca, 'broker', {
      sans: 'IP:127.0.0.1,DNS:localhost',
      usage: 'serverAuth',
    })
    const client = await issueCertificate(dir, ca, 'kafkascope-client', { usage: 'clientAuth' })
    const jaas = {
      plain: `org.apache.kafka.common.security.plain.PlainLoginModule required user_${USERS.plain.name}="${USERS.plain.password}";`,
      scram: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      oauth:
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";',
    }
    const keystore = (listener: string) => ({
      [`listener.name.${listener}.ssl.keystore.type`]: 'PEM',
      [`listener.name.${listener}.ssl.keystore.location`]: broker.keystore,
      [`listener.name.${listener}.ssl.truststore.type`]: 'PEM',
      [`listener.name.${listener}.ssl.truststore.location`]: ca.cert,
    })
    const cluster = await startKafkaCluster({
      nodes: 1,
      formatArgs: [
        '--add-scram',
        `SCRAM-SHA-512=[name=${USERS.scram512.name},password=${USERS.scram512.password}]`,
        '--add-scram',
        `SCRAM-SHA-256=[name=${USERS.scram256.name},password=${USERS.scram256.password}]`,
      ],
      extraListeners: [
        {
          name: 'SASL_PLAINTEXT',
          props: () => ({
            'listener.name.sasl_plaintext.sasl.enabled.mechanisms':
              'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
            'listener.name.sasl_plaintext.plain.sasl.jaas.config': jaas.plain,
            'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config': jaas.scram,
            'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': jaas.scram,
            'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config': jaas.oauth,
          }),
        },
        {
          name: 'SSL',
          props: () => ({ ...keystore('ssl'), 'listener.name.ssl.ssl.client.auth': 'required' }),
        },
        {
          name: 'SASL_SSL',
          props: () => ({
            ...keystore('sasl_ssl'),
            'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
            'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': jaas.scram,
          }),
        },
      ],
    })
    const node = cluster.nodes[0]
    if (!node) throw new Error('the secured cluster has no node')
    const at = (listener: string) => `${node.host}:${node.extraPorts[listener]}`
    return {
      cluster,
      dir,
      ca,
      otherCa,
      client,
      saslPlaintext: at('SASL_PLAINTEXT'),
      ssl: at('SSL'),
      saslSsl: at('SASL_SSL'),
      async teardown() {
        await cluster.teardown()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
