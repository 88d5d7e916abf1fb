import { quote } from '../limits.js'

/**
 * Every flag of kafka_exporter (its main source file registers 42 with kingpin, and promlog adds --log.level and
 * --log.format: 44), and what kafkascope does with each, so an existing Deployment's args start kafkascope instead
 * of crash-looping on an unknown flag. The README's flag tables and the unit test that passes all 44 come from this
 * list.
 *
 * - setting: a kafkascope setting of the same name and meaning (it is in SETTINGS, and --help shows it).
 * - moot: accepted, with one warning line at start saying why it has no effect here.
 * - refused: exit 2 with what to use instead, unless its value asks for nothing (false, or empty), which is moot.
 */
export type KafkaExporterFate =
  | { readonly kind: 'setting'; readonly note?: string }
  | { readonly kind: 'moot'; readonly why: string }
  | { readonly kind: 'refused'; readonly instead: string }

/** The value kingpin parses the flag as: bool flags may be bare or negated (--no-x), the others need a value. */
export type KafkaExporterType = 'bool' | 'string' | 'strings' | 'int' | 'duration'

export interface KafkaExporterFlag {
  readonly flag: string
  readonly type: KafkaExporterType
  /** kafka_exporter's default, as its --help shows it. */
  readonly default: string
  readonly fate: KafkaExporterFate
}

const same = (note?: string): KafkaExporterFate =>
  note === undefined ? { kind: 'setting' } : { kind: 'setting', note }
const moot = (why: string): KafkaExporterFate => ({ kind: 'moot', why })
const refused = (instead: string): KafkaExporterFate => ({ kind: 'refused', instead })

const ZOOKEEPER =
  'kafkascope reads consumer-group offsets from Kafka only: offsets committed to ZooKeeper (pre-0.9 consumers) are not supported. Commit offsets to Kafka (every client since Kafka 0.9 does) and drop this flag'
const KERBEROS =
  'GSSAPI (Kerberos) is not supported: the Kafka client kafkascope uses (@platformatic/kafka) has no Kerberos implementation. Use a listener with SCRAM-SHA-512 (--sasl.mechanism=scram-sha512), OAUTHBEARER, or mutual TLS (--tls.cert-file, --tls.key-file)'

const row = (flag: string, type: KafkaExporterType, def: string, fate: KafkaExporterFate) => ({
  flag,
  type,
  default: def,
  fate,
})

export const KAFKA_EXPORTER_FLAGS: readonly KafkaExporterFlag[] = [
  row('web.listen-address', 'string', ':9308', same()),
  row('web.telemetry-path', 'string', '/metrics', same()),
  row('topic.filter', 'string', '.*', same('RE2, as in kafka_exporter')),
  row('topic.exclude', 'string', '^$', same('RE2, as in kafka_exporter')),
  row('group.filter', 'string', '.*', same('RE2, as in kafka_exporter')),
  row('group.exclude', 'string', '^$', same('RE2, as in kafka_exporter')),
  row(
    'log.enable-sarama',
    'bool',
    'false',
    moot('kafkascope is not built on Sarama; --log.level=debug logs its own Kafka connections'),
  ),
  row('kafka.server', 'strings', 'kafka:9092', same("kafkascope's default is localhost:9092")),
  row('sasl.enabled', 'bool', 'false', same()),
  row(
    'sasl.handshake',
    'bool',
    'true',
    moot('kafkascope always sends the SaslHandshake request, as every Kafka broker expects'),
  ),
  row('sasl.username', 'string', '', same("with OAUTHBEARER, the client id (kafka_exporter's form)")),
  row(
    'sasl.password',
    'string',
    '',
    same('SASL_USER_PASSWORD is read when unset; with OAUTHBEARER, the client secret'),
  ),
  row('sasl.aws-region', 'string', '$AWS_REGION', same('MSK IAM: see --sasl.mechanism=awsiam')),
  row('sasl.oauthbearer-token-url', 'string', '', same('SASL_OAUTHBEARER_TOKEN_URL is read when unset')),
  row(
    'sasl.mechanism',
    'string',
    '',
    same('plain, scram-sha256, scram-sha512, oauthbearer as kafka_exporter spells them; gssapi exits 2'),
  ),
  row('sasl.service-name', 'string', '', refused(KERBEROS)),
  row('sasl.kerberos-config-path', 'string', '', refused(KERBEROS)),
  row('sasl.realm', 'string', '', refused(KERBEROS)),
  row('sasl.kerberos-auth-type', 'string', '', refused(KERBEROS)),
  row('sasl.keytab-path', 'string', '', refused(KERBEROS)),
  row('sasl.disable-PA-FX-FAST', 'bool', 'false', refused(KERBEROS)),
  row('tls.enabled', 'bool', 'false', same()),
  row('tls.server-name', 'string', '', same()),
  row('tls.ca-file', 'string', '', same()),
  row('tls.cert-file', 'string', '', same()),
  row('tls.key-file', 'string', '', same()),
  row('server.tls.enabled', 'bool', 'false', same('a tls_server_config web config')),
  row('server.tls.mutual-auth-enabled', 'bool', 'false', same('client_auth_type RequireAndVerifyClientCert')),
  row('server.tls.ca-file', 'string', '', same('client_ca_file')),
  row('server.tls.cert-file', 'string', '', same('cert_file')),
  row('server.tls.key-file', 'string', '', same('key_file')),
  row('tls.insecure-skip-tls-verify', 'bool', 'false', same()),
  row(
    'kafka.version',
    'string',
    '2.0.0',
    moot('kafkascope asks each broker which request versions it supports (ApiVersions)'),
  ),
  row('use.consumelag.zookeeper', 'bool', 'false', refused(ZOOKEEPER)),
  row('zookeeper.server', 'strings', 'localhost:2181', refused(ZOOKEEPER)),
  row('kafka.labels', 'string', '', same('any label name but those kafkascope uses; cluster=... works')),
  row(
    'refresh.metadata',
    'duration',
    '30s',
    moot('kafkascope reads the cluster metadata at every poll (--poll.interval)'),
  ),
  row(
    'offset.show-all',
    'bool',
    'true',
    moot(
      'kafkascope exports every group that has offsets, with or without members; select groups with --group.filter or --group.allow',
    ),
  ),
  row(
    'concurrent.enable',
    'bool',
    'false',
    moot('scrapes never query Kafka: they are served from the last background poll'),
  ),
  row('topic.workers', 'int', '100', moot('kafkascope batches its requests per broker instead of per topic')),
  row(
    'kafka.allow-auto-topic-creation',
    'bool',
    'false',
    moot("kafkascope's metadata requests never create topics"),
  ),
  row('verbosity', 'int', '0', moot('use --log.level=debug for more detail')),
  row('log.level', 'string', 'info', same()),
  row('log.format', 'string', 'logfmt', same()),
]

export const KAFKA_EXPORTER_BY_FLAG: ReadonlyMap<string, KafkaExporterFlag> = new Map(
  KAFKA_EXPORTER_FLAGS.map((f) => [f.flag, f]),
)

/**
 * What a moot or refused flag with this value leads to: a warning to log at start, or the reason to refuse it
 * (exit 2). A value kingpin would reject (kafka_exporter exited then too) throws. `value` is the text after `=` or
 * the next argument; for bool flags already 'true' or 'false'.
 */
export function kafkaExporterOnly(
  f: KafkaExporterFlag,
  value: string,
): { readonly warning: string } | { readonly refusal: string } {
  if (f.type === 'int' && !/^-?\d+$/.test(value)) throw new Error(`${quote(value)} is not a whole number`)
  switch (f.fate.kind) {
    case 'refused':
      // A value that asks for nothing (a switch left off, an empty path) has no effect either way.
      if ((f.type === 'bool' && value === 'false') || (f.type !== 'bool' && value === ''))
        return { warning: `--${f.flag}=${value} (kafka_exporter's) has no effect in kafkascope` }
      return { refusal: `flag --${f.flag} (kafka_exporter's) is not supported: ${f.fate.instead}` }
    case 'moot':
      return { warning: `--${f.flag} (kafka_exporter's) has no effect in kafkascope: ${f.fate.why}` }
    case 'setting':
      throw new Error(`--${f.flag} is a kafkascope setting, not handled here`)
  }
}
