import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KAFKA_EXPORTER_FLAGS } from '../../../src/config/kafka-exporter.js'
import { type Invocation, parseInvocation } from '../../../src/config/parse.js'
import { BY_FLAG, type Config } from '../../../src/config/settings.js'
import { ConfigError } from '../../../src/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'kafkascope-ke-flags-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
/** A readable file: the parse layer checks paths exist; what is in them is checked when the daemon starts. */
function file(name: string): string {
  const path = join(dir, name)
  writeFileSync(path, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')
  return path
}
const CA = file('ca.pem')
const CERT = file('client.pem')
const KEY = file('client.key')

function run(argv: string[], env: NodeJS.ProcessEnv = {}): Extract<Invocation, { kind: 'run' }> {
  const inv = parseInvocation(argv, env)
  if (inv.kind !== 'run') throw new Error(`expected a run invocation, got ${inv.kind}`)
  return inv
}

function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseInvocation(argv, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe('KSC_CONFIG_INVALID')
    return (error as ConfigError).message
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`)
}

// The flags kafka_exporter.go registers with kingpin (toFlag* calls in main), plus --log.level and --log.format
// from promlog's AddFlags: written out here from its source, not derived from the table under test.
const FROM_ITS_SOURCE = [
  'web.listen-address',
  'web.telemetry-path',
  'topic.filter',
  'topic.exclude',
  'group.filter',
  'group.exclude',
  'log.enable-sarama',
  'kafka.server',
  'sasl.enabled',
  'sasl.handshake',
  'sasl.username',
  'sasl.password',
  'sasl.aws-region',
  'sasl.oauthbearer-token-url',
  'sasl.mechanism',
  'sasl.service-name',
  'sasl.kerberos-config-path',
  'sasl.realm',
  'sasl.kerberos-auth-type',
  'sasl.keytab-path',
  'sasl.disable-PA-FX-FAST',
  'tls.enabled',
  'tls.server-name',
  'tls.ca-file',
  'tls.cert-file',
  'tls.key-file',
  'server.tls.enabled',
  'server.tls.mutual-auth-enabled',
  'server.tls.ca-file',
  'server.tls.cert-file',
  'server.tls.key-file',
  'tls.insecure-skip-tls-verify',
  'kafka.version',
  'use.consumelag.zookeeper',
  'zookeeper.server',
  'kafka.labels',
  'refresh.metadata',
  'offset.show-all',
  'concurrent.enable',
  'topic.workers',
  'kafka.allow-auto-topic-creation',
  'verbosity',
  'log.level',
  'log.format',
]

type Expect = { accepted: Partial<Record<keyof Config, unknown>> } | { warned: string } | { refused: string }

const KERBEROS = 'is not supported: GSSAPI (Kerberos) is not supported'
const ZOOKEEPER = 'is not supported: kafkascope reads consumer-group offsets from Kafka only'
const SASL = ['--sasl.enabled', '--sasl.mechanism=scram-sha512', '--sasl.username=exporter']
const SASL_PW = [...SASL, '--sasl.password=s3cret']
const TLS = ['--tls.enabled']
const SERVER_TLS = ['--server.tls.enabled', `--server.tls.cert-file=${CERT}`, `--server.tls.key-file=${KEY}`]

/**
 * Each of kafka_exporter's 44 flags with a realistic value (and the flags it needs to mean something), and what
 * kafkascope does with it, as the README's tables say.
 */
const CASES: Record<string, [string[], Expect]> = {
  'web.listen-address': [['--web.listen-address=:9308'], { accepted: { listenAddresses: [':9308'] } }],
  'web.telemetry-path': [['--web.telemetry-path=/metrics'], { accepted: { telemetryPath: '/metrics' } }],
  'topic.filter': [
    ['--topic.filter=^(orders|payments)\\.'],
    { accepted: { topicFilter: '^(orders|payments)\\.' } },
  ],
  'topic.exclude': [['--topic.exclude=^__'], { accepted: { topicExclude: '^__' } }],
  'group.filter': [['--group.filter=(?i)^svc-'], { accepted: { groupFilter: '(?i)^svc-' } }],
  'group.exclude': [
    ['--group.exclude=^console-consumer-\\d+$'],
    { accepted: { groupExclude: '^console-consumer-\\d+$' } },
  ],
  'log.enable-sarama': [
    ['--log.enable-sarama'],
    {
      warned:
        "--log.enable-sarama (kafka_exporter's) has no effect in kafkascope: kafkascope is not built on Sarama",
    },
  ],
  'kafka.server': [
    ['--kafka.server=kafka-0.kafka:9092', '--kafka.server=kafka-1.kafka:9092'],
    { accepted: { kafkaServers: ['kafka-0.kafka:9092', 'kafka-1.kafka:9092'] } },
  ],
  'sasl.enabled': [[...SASL_PW], { accepted: { saslEnabled: true } }],
  'sasl.handshake': [
    [...SASL_PW, '--sasl.handshake=true'],
    {
      warned:
        "--sasl.handshake (kafka_exporter's) has no effect in kafkascope: kafkascope always sends the SaslHandshake request",
    },
  ],
  'sasl.username': [[...SASL_PW], { accepted: { saslUsername: 'exporter' } }],
  'sasl.password': [[...SASL_PW], { accepted: { saslMechanism: 'SCRAM-SHA-512' } }],
  'sasl.aws-region': [
    ['--sasl.enabled', '--sasl.mechanism=awsiam', '--sasl.aws-region=eu-west-1'],
    { accepted: { saslAwsRegion: 'eu-west-1', saslMechanism: 'AWS_MSK_IAM' } },
  ],
  'sasl.oauthbearer-token-url': [
    [
      '--sasl.enabled',
      '--sasl.mechanism=oauthbearer',
      '--sasl.username=kafka-exporter',
      '--sasl.password=client-secret',
      '--sasl.oauthbearer-token-url=https://idp.example.com/oauth2/token',
    ],
    {
      accepted: {
        oauthTokenUrl: 'https://idp.example.com/oauth2/token',
        oauthClientId: 'kafka-exporter',
        saslUsername: undefined,
      },
    },
  ],
  'sasl.mechanism': [[...SASL_PW], { accepted: { saslMechanism: 'SCRAM-SHA-512' } }],
  'sasl.service-name': [
    ['--sasl.service-name=kafka'],
    { refused: `flag --sasl.service-name (kafka_exporter's) ${KERBEROS}` },
  ],
  'sasl.kerberos-config-path': [
    ['--sasl.kerberos-config-path=/etc/krb5.conf'],
    { refused: `flag --sasl.kerberos-config-path (kafka_exporter's) ${KERBEROS}` },
  ],
  'sasl.realm': [
    ['--sasl.realm=EXAMPLE.COM'],
    { refused: `flag --sasl.realm (kafka_exporter's) ${KERBEROS}` },
  ],
  'sasl.kerberos-auth-type': [
    ['--sasl.kerberos-auth-type=keytabAuth'],
    { refused: `flag --sasl.kerberos-auth-type (kafka_exporter's) ${KERBEROS}` },
  ],
  'sasl.keytab-path': [
    ['--sasl.keytab-path=/etc/security/kafka.keytab'],
    { refused: `flag --sasl.keytab-path (kafka_exporter's) ${KERBEROS}` },
  ],
  'sasl.disable-PA-FX-FAST': [
    ['--sasl.disable-PA-FX-FAST'],
    { refused: `flag --sasl.disable-PA-FX-FAST (kafka_exporter's) ${KERBEROS}` },
  ],
  'tls.enabled': [[...TLS], { accepted: { tlsEnabled: true } }],
  'tls.server-name': [
    [...TLS, '--tls.server-name=kafka.example.com'],
    { accepted: { tlsServerName: 'kafka.example.com' } },
  ],
  'tls.ca-file': [[...TLS, `--tls.ca-file=${CA}`], { accepted: { tlsCaFile: CA } }],
  'tls.cert-file': [
    [...TLS, `--tls.cert-file=${CERT}`, `--tls.key-file=${KEY}`],
    { accepted: { tlsCertFile: CERT } },
  ],
  'tls.key-file': [
    [...TLS, `--tls.cert-file=${CERT}`, `--tls.key-file=${KEY}`],
    { accepted: { tlsKeyFile: KEY } },
  ],
  'server.tls.enabled': [[...SERVER_TLS], { accepted: { serverTlsEnabled: true } }],
  'server.tls.mutual-auth-enabled': [
    [...SERVER_TLS, '--server.tls.mutual-auth-enabled', `--server.tls.ca-file=${CA}`],
    { accepted: { serverTlsMutualAuth: true } },
  ],
  'server.tls.ca-file': [
    [...SERVER_TLS, '--server.tls.mutual-auth-enabled', `--server.tls.ca-file=${CA}`],
    { accepted: { serverTlsCaFile: CA } },
  ],
  'server.tls.cert-file': [[...SERVER_TLS], { accepted: { serverTlsCertFile: CERT } }],
  'server.tls.key-file': [[...SERVER_TLS], { accepted: { serverTlsKeyFile: KEY } }],
  'tls.insecure-skip-tls-verify': [
    [...TLS, '--tls.insecure-skip-tls-verify'],
    { accepted: { tlsInsecureSkipVerify: true } },
  ],
  'kafka.version': [
    ['--kafka.version=3.6.0'],
    {
      warned:
        "--kafka.version (kafka_exporter's) has no effect in kafkascope: kafkascope asks each broker which request versions it supports",
    },
  ],
  'use.consumelag.zookeeper': [
    ['--use.consumelag.zookeeper'],
    { refused: `flag --use.consumelag.zookeeper (kafka_exporter's) ${ZOOKEEPER}` },
  ],
  'zookeeper.server': [
    ['--zookeeper.server=zk-0.zk:2181'],
    { refused: `flag --zookeeper.server (kafka_exporter's) ${ZOOKEEPER}` },
  ],
  'kafka.labels': [
    ['--kafka.labels=cluster=prod-eu,env=prod'],
    { accepted: { kafkaLabels: { cluster: 'prod-eu', env: 'prod' } } },
  ],
  'refresh.metadata': [
    ['--refresh.metadata=1m'],
    {
      warned:
        "--refresh.metadata (kafka_exporter's) has no effect in kafkascope: kafkascope reads the cluster metadata at every poll",
    },
  ],
  'offset.show-all': [
    ['--offset.show-all=false'],
    {
      warned:
        "--offset.show-all (kafka_exporter's) has no effect in kafkascope: kafkascope exports every group that has offsets",
    },
  ],
  'concurrent.enable': [
    ['--concurrent.enable'],
    {
      warned: "--concurrent.enable (kafka_exporter's) has no effect in kafkascope: scrapes never query Kafka",
    },
  ],
  'topic.workers': [
    ['--topic.workers=20'],
    {
      warned:
        "--topic.workers (kafka_exporter's) has no effect in kafkascope: kafkascope batches its requests per broker",
    },
  ],
  'kafka.allow-auto-topic-creation': [
    ['--kafka.allow-auto-topic-creation=false'],
    {
      warned:
        "--kafka.allow-auto-topic-creation (kafka_exporter's) has no effect in kafkascope: kafkascope's metadata requests never create topics",
    },
  ],
  verbosity: [
    ['--verbosity=2'],
    { warned: "--verbosity (kafka_exporter's) has no effect in kafkascope: use --log.level=debug" },
  ],
  'log.level': [['--log.level=debug'], { accepted: { logLevel: 'debug' } }],
  'log.format': [['--log.format=json'], { accepted: { logFormat: 'json' } }],
}

describe("kafka_exporter's flags", () => {
  it('the table lists exactly the 44 flags of its source, each once', () => {
    const listed = KAFKA_EXPORTER_FLAGS.map((f) => f.flag)
    expect(listed).toHaveLength(44)
    expect(new Set(listed).size).toBe(44)
    expect([...listed].sort()).toEqual([...FROM_ITS_SOURCE].sort())
    expect(Object.keys(CASES).sort()).toEqual([...FROM_ITS_SOURCE].sort())
  })

  it("the README's counts are the table's", () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ')
    const count = (kind: string) => KAFKA_EXPORTER_FLAGS.filter((f) => f.fate.kind === kind).length
    expect(readme).toContain(`marks the ${count('setting')} that are kafkascope settings`)
    expect(readme).toContain(`the other ${44 - count('setting')}: the ${count('moot')} moot ones`)
    expect(readme).toContain(`the ${count('refused')} ZooKeeper and Kerberos ones exit 2`)
  })

  it('"setting" flags are kafkascope settings of the same kind; the others are not settings', () => {
    for (const f of KAFKA_EXPORTER_FLAGS) {
      const setting = BY_FLAG.get(f.flag)
      if (f.fate.kind === 'setting') {
        expect(setting, f.flag).toBeDefined()
        expect(setting?.kind === 'boolean', f.flag).toBe(f.type === 'bool')
        // kafkascope may repeat what kafka_exporter takes once (--web.listen-address), not the reverse.
        if (f.type === 'strings') expect(setting?.repeatable, f.flag).toBe(true)
      } else expect(setting, f.flag).toBeUndefined()
    }
  })

  it.each(Object.entries(CASES))('--%s', (flag, [argv, expected]) => {
    const fate = KAFKA_EXPORTER_FLAGS.find((f) => f.flag === flag)?.fate.kind
    if ('refused' in expected) {
      expect(fate).toBe('refused')
      expect(refusal(argv)).toContain(expected.refused)
      return
    }
    const inv = run(argv)
    if ('warned' in expected) {
      expect(fate).toBe('moot')
      // Exactly one line for the flag, and nothing else to warn about.
      expect(inv.warnings).toEqual([expect.stringContaining(expected.warned)])
      return
    }
    expect(fate).toBe('setting')
    expect(inv.warnings).toEqual([])
    expect(inv.config).toMatchObject(expected.accepted)
    const key = BY_FLAG.get(flag)?.key as keyof Config
    expect(inv.sources[key]).toBe('flag')
  })

  it('all accepted and moot ones together start, with one warning per moot flag', () => {
    const argv = Object.entries(CASES)
      .filter(([, [, e]]) => !('refused' in e))
      // Different mechanisms than the SCRAM ones.
      .filter(([f]) => f !== 'sasl.oauthbearer-token-url' && f !== 'sasl.aws-region')
      .flatMap(([, [a]]) => a)
    const inv = run(
      [...new Set(argv)].filter((a, i, all) => !a.startsWith('--kafka.server') || all.indexOf(a) === i),
    )
    const moot = KAFKA_EXPORTER_FLAGS.filter((f) => f.fate.kind === 'moot').map((f) => f.flag)
    expect(moot).toEqual([
      'log.enable-sarama',
      'sasl.handshake',
      'kafka.version',
      'refresh.metadata',
      'offset.show-all',
      'concurrent.enable',
      'topic.workers',
      'kafka.allow-auto-topic-creation',
      'verbosity',
    ])
    expect(inv.warnings).toHaveLength(moot.length)
    for (const [i, f] of moot.entries()) expect(inv.warnings[i]?.startsWith(`--${f} `), f).toBe(true)
  })
})

describe('kingpin forms', () => {
  it.each<[string[], boolean]>([
    [['--sasl.enabled'], true],
    [['--sasl.enabled=true'], true],
    [['--sasl.enabled=True'], true],
    [['--sasl.enabled=1'], true],
    [['--sasl.enabled=false'], false],
    [['--sasl.enabled=0'], false],
    [['--no-sasl.enabled'], false],
  ])('%j', (argv, value) => {
    expect(run([...argv, '--sasl.username=u', '--sasl.password=p']).config.saslEnabled).toBe(value)
  })

  it('moot and refused bools take the same forms; one that asks for nothing only warns', () => {
    expect(run(['--no-sasl.handshake']).warnings).toEqual([expect.stringMatching(/^--sasl\.handshake /)])
    expect(run(['--concurrent.enable=false']).warnings).toHaveLength(1)
    expect(run(['--no-use.consumelag.zookeeper']).warnings).toEqual([
      "--use.consumelag.zookeeper=false (kafka_exporter's) has no effect in kafkascope",
    ])
    expect(run(['--sasl.disable-PA-FX-FAST=false']).warnings).toHaveLength(1)
    expect(run(['--sasl.realm=']).warnings).toEqual([
      "--sasl.realm= (kafka_exporter's) has no effect in kafkascope",
    ])
    expect(refusal(['--use.consumelag.zookeeper=true'])).toContain('Commit offsets to Kafka')
    expect(refusal(['--concurrent.enable=maybe'])).toBe(
      'invalid value for flag --concurrent.enable: "maybe" is not a boolean; use true or false',
    )
  })

  it('a moot flag that takes a value takes it as the next argument too, and checks its type', () => {
    const inv = run(['--topic.workers', '20', '--kafka.version', '2.8.0', 'serve'])
    expect(inv.command).toBe('serve')
    expect(inv.warnings).toHaveLength(2)
    expect(refusal(['--topic.workers=many'])).toBe(
      'invalid value for flag --topic.workers: "many" is not a whole number',
    )
    expect(refusal(['--kafka.version'])).toBe('flag --kafka.version needs a value (string)')
  })

  it('the refusals say what to use instead', () => {
    expect(refusal(['--sasl.realm=EXAMPLE.COM'])).toContain(
      'Use a listener with SCRAM-SHA-512 (--sasl.mechanism=scram-sha512), OAUTHBEARER, or mutual TLS',
    )
    expect(refusal(['--sasl.enabled', '--sasl.mechanism=gssapi'])).toContain(
      'use a listener with SCRAM-SHA-512, OAUTHBEARER, or mutual TLS (--tls.cert-file, --tls.key-file) instead',
    )
  })

  it("a flag that is neither kafka_exporter's nor kafkascope's still exits 2, with a suggestion", () => {
    expect(refusal(['--topic.worker=4'])).toBe(
      'unknown flag --topic.worker (did you mean --topic.workers?); see --help for all flags',
    )
    expect(refusal(['--no-kafka.version'])).toMatch(/^unknown flag --no-kafka\.version/)
    expect(refusal(['--zookeeper.servers=zk:2181'])).toMatch(/^unknown flag --zookeeper\.servers/)
  })
})

describe("kafka_exporter's environment and OAUTHBEARER form", () => {
  it('SASL_USER_PASSWORD is the password when nothing else sets it', () => {
    const inv = run(SASL, { SASL_USER_PASSWORD: 'from-env' })
    expect(inv.config.saslPassword?.reveal()).toBe('from-env')
    expect(inv.sources.saslPassword).toBe('kafka_exporter environment')
    expect(inv.warnings).toEqual([])
  })

  it("kafkascope's own settings win over it, a password file without a conflict", () => {
    expect(
      run(SASL, { SASL_USER_PASSWORD: 'old', KAFKASCOPE_SASL_PASSWORD: 'new' }).config.saslPassword?.reveal(),
    ).toBe('new')
    expect(
      run([...SASL, '--sasl.password=flag'], { SASL_USER_PASSWORD: 'old' }).config.saslPassword?.reveal(),
    ).toBe('flag')
    const withFile = run([...SASL, `--sasl.password-file=${file('pw')}`], { SASL_USER_PASSWORD: 'old' })
    expect(withFile.config.saslPassword).toBeUndefined()
    expect(withFile.warnings).toEqual([])
  })

  it('with SASL off it is reported as ignored, naming the variable', () => {
    expect(run([], { SASL_USER_PASSWORD: 'x' }).warnings).toEqual([
      '--sasl.password is set (from SASL_USER_PASSWORD) but ignored: --sasl.enabled is false',
    ])
  })

  it('--sasl.username and SASL_USER_PASSWORD as client id and secret, SASL_OAUTHBEARER_TOKEN_URL as the token URL', () => {
    const inv = run(['--sasl.enabled', '--sasl.mechanism=oauthbearer', '--sasl.username=kafka-exporter'], {
      SASL_USER_PASSWORD: 'client-secret',
      SASL_OAUTHBEARER_TOKEN_URL: 'https://idp.example.com/token',
    })
    expect(inv.warnings).toEqual([])
    expect(inv.config.oauthClientId).toBe('kafka-exporter')
    expect(inv.config.oauthClientSecret?.reveal()).toBe('client-secret')
    expect(inv.config.oauthTokenUrl).toBe('https://idp.example.com/token')
    expect(inv.config.saslUsername).toBeUndefined()
    expect(inv.config.saslPassword).toBeUndefined()
  })

  it("kafkascope's OAuth settings win over the kafka_exporter form, which is then reported as ignored", () => {
    const inv = run([
      '--sasl.enabled',
      '--sasl.mechanism=OAUTHBEARER',
      '--sasl.oauthbearer-token-url=https://idp/token',
      '--sasl.oauthbearer-client-id=kafkascope',
      '--sasl.oauthbearer-client-secret=s',
      '--sasl.username=old',
    ])
    expect(inv.config.oauthClientId).toBe('kafkascope')
    expect(inv.warnings).toEqual([
      '--sasl.username is set (from the command line) but ignored by --sasl.mechanism=OAUTHBEARER',
    ])
  })

  it('with SASL off, the form stays as given, and is reported as ignored under the names used', () => {
    expect(run(['--sasl.mechanism=oauthbearer', '--sasl.username=kafka-exporter']).warnings).toEqual([
      '--sasl.mechanism is set (from the command line) but ignored: --sasl.enabled is false',
      '--sasl.username is set (from the command line) but ignored: --sasl.enabled is false',
    ])
  })

  it('without a token URL it names both ways to give one', () => {
    expect(
      refusal(['--sasl.enabled', '--sasl.mechanism=oauthbearer', '--sasl.username=a', '--sasl.password=b']),
    ).toMatch(/^--sasl\.oauthbearer-token-url is required with --sasl\.mechanism=OAUTHBEARER/)
  })
})

describe('--server.tls.*', () => {
  it('needs the certificate and key, and the CA for mutual TLS', () => {
    expect(refusal(['--server.tls.enabled', `--server.tls.cert-file=${CERT}`])).toMatch(
      /^--server\.tls\.key-file is required with --server\.tls\.enabled/,
    )
    expect(refusal([...SERVER_TLS, '--server.tls.mutual-auth-enabled'])).toMatch(
      /^--server\.tls\.ca-file is required with --server\.tls\.mutual-auth-enabled: without it no client certificate could be verified/,
    )
  })

  it('is one of two ways to configure the endpoint: not both', () => {
    expect(refusal([...SERVER_TLS, `--web.config.file=${file('web.yml')}`])).toMatch(
      /^set only one of --server\.tls\.enabled \(kafka_exporter's, from the command line\) and --web\.config\.file/,
    )
  })

  it('files without --server.tls.enabled, or a CA without mutual TLS, are reported as ignored', () => {
    expect(run([`--server.tls.cert-file=${CERT}`]).warnings).toEqual([
      '--server.tls.cert-file is set (from the command line) but ignored: --server.tls.enabled is false',
    ])
    expect(run([...SERVER_TLS, `--server.tls.ca-file=${CA}`]).warnings).toEqual([
      '--server.tls.ca-file is set (from the command line) but ignored: --server.tls.mutual-auth-enabled is false',
    ])
  })
})
