import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileSchema } from '../../../src/config/file.js'
import { type Invocation, parseInvocation } from '../../../src/config/parse.js'
import { type Config, filePath, SETTINGS } from '../../../src/config/settings.js'
import { ConfigError } from '../../../src/errors.js'
import { Secret } from '../../../src/secret.js'

const dir = mkdtempSync(join(tmpdir(), 'kafkascope-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let counter = 0
/** Writes a config file into the temp dir and returns its path. */
function file(content: string, name = `config-${++counter}.yml`): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}): Extract<Invocation, { kind: 'run' }> {
  const inv = parseInvocation(argv, env)
  if (inv.kind !== 'run') throw new Error(`expected a run invocation, got ${inv.kind}`)
  return inv
}

function fromFile(content: string, argv: string[] = [], env: NodeJS.ProcessEnv = {}): Config {
  return run([`--config.file=${file(content)}`, ...argv], env).config
}

function errorOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe('KSC_CONFIG_INVALID')
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('config file keys', () => {
  it('derive from the flags: dots nest, dashes become underscores, sasl and tls live under kafka', () => {
    expect(filePath('kafka.server')).toEqual(['kafka', 'server'])
    expect(filePath('web.listen-address')).toEqual(['web', 'listen_address'])
    expect(filePath('web.config.file')).toEqual(['web', 'config', 'file'])
    expect(filePath('sasl.mechanism')).toEqual(['kafka', 'sasl', 'mechanism'])
    expect(filePath('tls.insecure-skip-tls-verify')).toEqual(['kafka', 'tls', 'insecure_skip_tls_verify'])
  })

  it('give every setting allowed in files its own key (the schema builds without collisions)', () => {
    const leaves: string[] = []
    const walk = (section: ReturnType<typeof fileSchema>, path: string[]) => {
      for (const [key, child] of section.children) {
        if ('children' in child) walk(child, [...path, key])
        else leaves.push(child.key)
      }
    }
    walk(fileSchema(), [])
    expect(leaves.sort()).toEqual(
      SETTINGS.filter((s) => !('inFile' in s && s.inFile === false))
        .map((s) => s.key)
        .sort(),
    )
  })
})

describe('config file values', () => {
  it('reads every kind of value', () => {
    const c = fromFile(`
kafka:
  server: [a:9092, "b:9093"]
  labels: { env: prod, dc: eu-1 }
  sasl:
    enabled: true
    mechanism: scram-sha512
    username: alice
    password: hunter2-secret
  tls:
    enabled: true
    server_name: kafka.example.com
web:
  listen_address: 127.0.0.1:9400
  telemetry_path: /m
poll:
  interval: 1m30s
lag:
  fetch_max_bytes: 1MiB
status:
  allowed_lag: 010
metrics:
  granularity: topic
  disable:
    - kafka_consumergroup_current_offset
`)
    expect(c).toMatchObject({
      kafkaServers: ['a:9092', 'b:9093'],
      kafkaLabels: { env: 'prod', dc: 'eu-1' },
      saslEnabled: true,
      saslMechanism: 'SCRAM-SHA-512',
      saslUsername: 'alice',
      tlsEnabled: true,
      tlsServerName: 'kafka.example.com',
      // A single value where a list is expected is a list of one.
      listenAddresses: ['127.0.0.1:9400'],
      telemetryPath: '/m',
      pollInterval: 90_000,
      lagFetchMaxBytes: 1024 * 1024,
      // The source text reaches the parser, not YAML's reading of it (010 would be 8 or 10).
      statusAllowedLag: 10,
      metricsGranularity: 'topic',
      metricsDisable: ['kafka_consumergroup_current_offset'],
    })
    expect(c.saslPassword).toBeInstanceOf(Secret)
    expect(c.saslPassword?.reveal()).toBe('hunter2-secret')
  })

  it('resolves relative paths against the config file directory', () => {
    mkdirSync(join(dir, 'secrets'), { recursive: true })
    writeFileSync(join(dir, 'secrets', 'ca.pem'), 'not read here')
    const c = fromFile('kafka:\n  tls:\n    enabled: true\n    ca_file: secrets/ca.pem\n')
    expect(c.tlsCaFile).toBe(join(dir, 'secrets', 'ca.pem'))
  })

  it.each<[string, string]>([
    ['an empty file', ''],
    ['only comments', '# nothing set\n'],
    ['an empty section', 'kafka:\n  # server: [a:1]\n'],
  ])('%s leaves every default', (_, content) => {
    expect({ ...fromFile(content), configFile: undefined }).toEqual(run([]).config)
  })
})

describe('precedence: flag > environment > file > default', () => {
  const content =
    'poll:\n  interval: 30s\n  timeout: 20s\nlog:\n  level: warn\nkafka:\n  server: [file:1, file:2]\n'
  const path = file(content, 'precedence.yml')

  it.each<[string, string[], NodeJS.ProcessEnv, Partial<Config>, Partial<Record<keyof Config, string>>]>([
    ['file over default', [], {}, { pollInterval: 30_000 }, { pollInterval: 'file' }],
    [
      'environment over file',
      [],
      { KAFKASCOPE_POLL_INTERVAL: '45s' },
      { pollInterval: 45_000, pollTimeout: 20_000 },
      { pollInterval: 'environment', pollTimeout: 'file' },
    ],
    [
      'flag over environment and file',
      ['--poll.interval=1m'],
      { KAFKASCOPE_POLL_INTERVAL: '45s' },
      { pollInterval: 60_000 },
      { pollInterval: 'flag' },
    ],
    [
      'a repeatable flag replaces the whole file list',
      ['--kafka.server=flag:1'],
      {},
      { kafkaServers: ['flag:1'] },
      { kafkaServers: 'flag' },
    ],
    [
      'an environment list replaces the file list',
      [],
      { KAFKASCOPE_KAFKA_SERVER: 'env:1' },
      { kafkaServers: ['env:1'] },
      { kafkaServers: 'environment' },
    ],
    ['default when no source sets it', [], {}, { logFormat: 'logfmt' }, { logFormat: 'default' }],
    [
      'an empty environment variable does not hide the file',
      [],
      { KAFKASCOPE_LOG_LEVEL: '' },
      { logLevel: 'warn' },
      { logLevel: 'file' },
    ],
  ])('%s', (_, argv, env, expected, sources) => {
    const inv = run([`--config.file=${path}`, ...argv], env)
    expect(inv.config).toMatchObject(expected)
    expect(inv.sources).toMatchObject(sources)
  })

  it('takes the config file path from the environment too', () => {
    expect(run([], { KAFKASCOPE_CONFIG_FILE: path }).config.pollInterval).toBe(30_000)
  })

  it('validates the whole file, even a value a flag overrides (the file must be valid on its own)', () => {
    expect(
      errorOf(() => run([`--config.file=${file('log:\n  level: loud\n')}`, '--log.level=warn'])),
    ).toMatch(/invalid value for log\.level/)
  })
})

describe('config file errors', () => {
  it.each<[string, string, string]>([
    [
      'an unknown top-level key, with a suggestion',
      'kafak:\n  server: [a:1]\n',
      '(line 1): unknown key kafak (did you mean kafka?); valid keys: kafka, web, poll, topic, log_dirs, group, lag, status, log, metrics',
    ],
    [
      'an unknown nested key, with a suggestion and the valid keys',
      'kafka:\n  sasl:\n    mechansim: PLAIN\n',
      '(line 3): unknown key kafka.sasl.mechansim (did you mean kafka.sasl.mechanism?); valid keys in kafka.sasl: enabled, mechanism, username, password, password_file, oauthbearer_token_url, oauthbearer_client_id, oauthbearer_client_secret, oauthbearer_client_secret_file, oauthbearer_scope, aws_region, aws_profile, aws_role_arn',
    ],
    [
      'the flag spelling instead of the key',
      'web:\n  listen-address: :9308\n',
      '(line 2): unknown key web.listen-address (did you mean web.listen_address?); valid keys in web: listen_address, telemetry_path, config, server',
    ],
    [
      'config.file, which only a flag or the environment can set',
      'config:\n  file: other.yml\n',
      '(line 1): unknown key config; valid keys: kafka, web, poll, topic, log_dirs, group, lag, status, log, metrics',
    ],
    [
      'a bad enum value, naming the valid values',
      'kafka:\n  sasl:\n    mechanism: FOO\n',
      '(line 3): invalid value for kafka.sasl.mechanism: "FOO" is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, AWS_MSK_IAM',
    ],
    [
      'an unsupported SASL mechanism, saying why',
      'kafka:\n  sasl:\n    mechanism: GSSAPI\n',
      '(line 3): invalid value for kafka.sasl.mechanism: GSSAPI (Kerberos) is not supported: the Kafka client kafkascope uses (@platformatic/kafka) has no Kerberos implementation; use a listener with SCRAM-SHA-512, OAUTHBEARER, or mutual TLS (--tls.cert-file, --tls.key-file) instead',
    ],
    [
      'a duration given as a bare number',
      'poll:\n  interval: 15\n',
      '(line 2): invalid value for poll.interval: "15" is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h',
    ],
    [
      'a boolean given as yes',
      'kafka:\n  tls:\n    enabled: yes\n',
      '(line 3): invalid value for kafka.tls.enabled: "yes" is not a boolean; use true or false',
    ],
    [
      'a bad entry in a list',
      'kafka:\n  server:\n    - a:9092\n    - nope\n',
      '(line 4): invalid value for kafka.server: "nope" is not a broker address; use host:port, e.g. kafka-1:9092',
    ],
    [
      'a list for a single value',
      'log:\n  level: [info, debug]\n',
      '(line 2): invalid value for log.level: must be a single value, not a list',
    ],
    [
      'a map for a list',
      'kafka:\n  server: { a: 1 }\n',
      '(line 2): invalid value for kafka.server: must be a list of values or a single value, not a map',
    ],
    [
      'a key without a value',
      'log:\n  level:\n',
      '(line 2): log.level has no value; give one or remove the key to use the default',
    ],
    [
      'a section given a value',
      'kafka: localhost:9092\n',
      '(line 1): kafka must be a map with the keys server, labels, sasl, tls, not a string',
    ],
    [
      'a list at the top',
      '- kafka\n',
      '(line 1): the top level must be a map with the keys kafka, web, poll, topic, log_dirs, group, lag, status, log, metrics, not a list',
    ],
    [
      'labels as a string',
      'kafka:\n  labels: env=prod\n',
      '(line 2): invalid value for kafka.labels: must be a map of label name to value, e.g. { env: prod }',
    ],
    [
      'a reserved label',
      'kafka:\n  labels: { instance: a }\n',
      '(line 2): invalid value for kafka.labels: label "instance" is reserved: Prometheus or the operator attach it to every target (it would become exported_instance); pick another name, e.g. kafka_instance',
    ],
    [
      'a label kafkascope uses',
      'kafka:\n  labels: { topic: a }\n',
      '(line 2): invalid value for kafka.labels: label "topic" is reserved: kafkascope uses it (e.g. on kafka_topic_partitions); pick another name, e.g. kafka_topic',
    ],
    [
      'an unknown metric family',
      'metrics:\n  disable: [kafka_consumergroup_lagg]\n',
      '(line 2): invalid value for metrics.disable: "kafka_consumergroup_lagg" is not a metric family of kafkascope (did you mean kafka_consumergroup_lag?); see the Metrics table in the README',
    ],
    [
      'a missing file setting',
      'kafka:\n  sasl:\n    password_file: /nonexistent/pw\n',
      '(line 3): invalid value for kafka.sasl.password_file: cannot read "/nonexistent/pw": no such file',
    ],
    [
      'a duplicate key',
      'log:\n  level: info\n  level: debug\n',
      'is not valid YAML (line 3): Map keys must be unique',
    ],
    ['a non-string key', 'log:\n  1: info\n', '(line 2): keys must be strings, got a number'],
  ])('%s', (_, content, expected) => {
    const path = file(content)
    expect(errorOf(() => run([`--config.file=${path}`]))).toBe(`config file ${path} ${expected}`)
  })

  it('a file that cannot be read', () => {
    expect(errorOf(() => run(['--config.file=/nonexistent/kafkascope.yml']))).toBe(
      'invalid value for flag --config.file: cannot read "/nonexistent/kafkascope.yml": no such file',
    )
  })

  it('never quotes a secret: not in a YAML syntax error, not for a bad secret value', () => {
    const secret = 'pa55word-that-must-not-leak'
    const broken = file(`kafka:\n  sasl:\n    password: "${secret}\n`)
    const syntax = errorOf(() => run([`--config.file=${broken}`]))
    expect(syntax).toBe(`config file ${broken} is not valid YAML (line 4): Missing closing "quote`)
    expect(syntax).not.toContain(secret)
    const empty = file('kafka:\n  sasl:\n    password: ""\n')
    expect(errorOf(() => run([`--config.file=${empty}`]))).toBe(
      `config file ${empty} (line 3): invalid value for kafka.sasl.password: the value is empty`,
    )
  })
})
