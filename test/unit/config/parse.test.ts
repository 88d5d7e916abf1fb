import { describe, expect, it } from 'vitest'
import { helpText, parseInvocation } from '../../../src/config/parse.js'
import type { Config } from '../../../src/config/settings.js'
import { ConfigError } from '../../../src/errors.js'

/** Runs parseInvocation and returns the config, failing the test for help/version. */
function config(argv: string[], env: NodeJS.ProcessEnv = {}): Config {
  const inv = parseInvocation(argv, env)
  if (inv.kind !== 'run') throw new Error(`expected a run invocation, got ${inv.kind}`)
  return inv.config
}

/** The error thrown for argv/env: must be a ConfigError with the stable code. */
function configError(argv: string[], env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseInvocation(argv, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe('KSC_CONFIG_INVALID')
    return error as ConfigError
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`)
}

describe('parseInvocation defaults', () => {
  it('runs serve with kafka_exporter-compatible defaults when given nothing', () => {
    const inv = parseInvocation([], {})
    expect(inv).toMatchObject({ kind: 'run', command: 'serve', warnings: [] })
    expect(inv.kind === 'run' && inv.config).toEqual({
      kafkaServers: ['localhost:9092'],
      kafkaLabels: {},
      saslEnabled: false,
      saslMechanism: 'PLAIN',
      saslUsername: undefined,
      saslPassword: undefined,
      saslPasswordFile: undefined,
      oauthTokenUrl: undefined,
      oauthClientId: undefined,
      oauthClientSecret: undefined,
      oauthClientSecretFile: undefined,
      oauthScope: undefined,
      saslAwsRegion: undefined,
      tlsEnabled: false,
      tlsCaFile: undefined,
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
      tlsKeyPassword: undefined,
      tlsKeyPasswordFile: undefined,
      tlsServerName: undefined,
      tlsInsecureSkipVerify: false,
      listenAddresses: [':9308'],
      telemetryPath: '/metrics',
      webConfigFile: undefined,
      serverTlsEnabled: false,
      serverTlsMutualAuth: false,
      serverTlsCaFile: undefined,
      serverTlsCertFile: undefined,
      serverTlsKeyFile: undefined,
      pollInterval: 15_000,
      pollTimeout: 10_000,
      configRefreshInterval: 300_000,
      logDirsRefreshInterval: 60_000,
      topicFilter: '.*',
      topicExclude: '^$',
      groupFilter: '.*',
      groupExclude: '^$',
      lagFetchMaxBytes: 4 * 1024 * 1024,
      topicAllow: [],
      topicIgnore: [],
      groupAllow: [],
      groupIgnore: [],
      statusWindow: 600_000,
      statusAllowedLag: 0,
      groupInactiveGrace: 1_800_000,
      logLevel: 'info',
      logFormat: 'logfmt',
      describeFormat: 'table',
      metricsGranularity: 'partition',
      metricsSet: 'full',
      metricsDisable: [],
      configFile: undefined,
    })
    expect(inv.kind === 'run' && new Set(Object.values(inv.sources))).toEqual(new Set(['default']))
  })

  it('returns a frozen config', () => {
    expect(Object.isFrozen(config([]))).toBe(true)
  })

  it('accepts the positional command serve before or after flags', () => {
    for (const argv of [['serve'], ['serve', '--log.level=debug'], ['--log.level=debug', 'serve']]) {
      const inv = parseInvocation(argv)
      expect(inv.kind === 'run' && inv.command).toBe('serve')
    }
  })
})

describe('parseInvocation flags', () => {
  it.each<[string, string[], Partial<Config>]>([
    ['--flag=value', ['--log.level=debug'], { logLevel: 'debug' }],
    ['--flag value', ['--log.level', 'warn'], { logLevel: 'warn' }],
    ['a value containing =', ['--topic.filter=^a=b$'], { topicFilter: '^a=b$' }],
    ['a duration', ['--poll.interval=1m30s'], { pollInterval: 90_000 }],
    ['a duration as separate arg', ['--poll.timeout', '500ms'], { pollTimeout: 500 }],
    ['log dirs every 5 minutes', ['--log-dirs.refresh-interval=5m'], { logDirsRefreshInterval: 300_000 }],
    ['log dirs never read', ['--log-dirs.refresh-interval=0s'], { logDirsRefreshInterval: 0 }],
    [
      'the config refresh interval',
      ['--topic.config-refresh-interval=1h'],
      { configRefreshInterval: 3_600_000 },
    ],
    ['a telemetry path', ['--web.telemetry-path=/kafka/metrics'], { telemetryPath: '/kafka/metrics' }],
    [
      'group filters',
      ['--group.filter=^app-', '--group.exclude', '-test$'],
      { groupFilter: '^app-', groupExclude: '-test$' },
    ],
    ['json logs', ['--log.format=json'], { logFormat: 'json' }],
    [
      'repeated --kafka.server, in order',
      ['--kafka.server=b:9092', '--kafka.server', 'a:9093'],
      { kafkaServers: ['b:9092', 'a:9093'] },
    ],
    ['a single --kafka.server replaces the default', ['--kafka.server=k:1'], { kafkaServers: ['k:1'] }],
    [
      'repeated --web.listen-address',
      ['--web.listen-address=:9308', '--web.listen-address=127.0.0.1:9309'],
      { listenAddresses: [':9308', '127.0.0.1:9309'] },
    ],
    ['an IPv6 listen address', ['--web.listen-address=[::1]:9308'], { listenAddresses: ['[::1]:9308'] }],
    ['an IPv6 broker', ['--kafka.server=[::1]:9092'], { kafkaServers: ['[::1]:9092'] }],
  ])('parses %s', (_, argv, expected) => {
    expect(config(argv)).toMatchObject(expected)
  })

  it.each<[string, string[]]>([
    ['--help', ['--help']],
    ['-h', ['-h']],
    ['--help after a command and flags', ['serve', '--kafka.server', 'a:1', '--help']],
  ])('%s asks for help', (_, argv) => {
    expect(parseInvocation(argv)).toEqual({ kind: 'help' })
  })

  it('--version asks for the version', () => {
    expect(parseInvocation(['--log.level=debug', '--version'])).toEqual({ kind: 'version' })
  })
})

describe('parseInvocation environment', () => {
  it.each<[string, NodeJS.ProcessEnv, Partial<Config>]>([
    ['a single value', { KAFKASCOPE_LOG_LEVEL: 'error' }, { logLevel: 'error' }],
    ['a comma list', { KAFKASCOPE_KAFKA_SERVER: 'a:9092,b:9092' }, { kafkaServers: ['a:9092', 'b:9092'] }],
    [
      'a comma list with spaces',
      { KAFKASCOPE_KAFKA_SERVER: 'a:9092, b:9092 ' },
      { kafkaServers: ['a:9092', 'b:9092'] },
    ],
    ['dashes as underscores', { KAFKASCOPE_WEB_LISTEN_ADDRESS: ':1,:2' }, { listenAddresses: [':1', ':2'] }],
    ['a duration', { KAFKASCOPE_TOPIC_CONFIG_REFRESH_INTERVAL: '10m' }, { configRefreshInterval: 600_000 }],
    ['a telemetry path', { KAFKASCOPE_WEB_TELEMETRY_PATH: '/m' }, { telemetryPath: '/m' }],
    ['an empty variable as unset', { KAFKASCOPE_LOG_LEVEL: '' }, { logLevel: 'info' }],
    [
      'a non-repeatable value containing a comma, whole',
      { KAFKASCOPE_TOPIC_FILTER: 'a{1,2}' },
      { topicFilter: 'a{1,2}' },
    ],
    [
      'unrelated variables ignored',
      { KAFKA_SERVER: 'x:1', LOG_LEVEL: 'debug' },
      { kafkaServers: ['localhost:9092'], logLevel: 'info' },
    ],
  ])('reads %s', (_, env, expected) => {
    expect(config([], env)).toMatchObject(expected)
  })

  it('takes flag over environment over default, per setting', () => {
    const c = config(['--log.level=warn', '--kafka.server=flag:1'], {
      KAFKASCOPE_LOG_LEVEL: 'debug',
      KAFKASCOPE_KAFKA_SERVER: 'env:1,env:2',
      KAFKASCOPE_LOG_FORMAT: 'json',
    })
    expect(c.logLevel).toBe('warn')
    expect(c.kafkaServers).toEqual(['flag:1'])
    expect(c.logFormat).toBe('json')
    expect(c.telemetryPath).toBe('/metrics')
  })

  it('does not validate an environment variable that a flag overrides', () => {
    expect(config(['--log.level=warn'], { KAFKASCOPE_LOG_LEVEL: 'loud' }).logLevel).toBe('warn')
  })
})

describe('parseInvocation errors', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, string]>([
    [
      'unknown flag close to a known one',
      ['--kafka.servr=a:1'],
      {},
      'unknown flag --kafka.servr (did you mean --kafka.server?); see --help for all flags',
    ],
    [
      'unknown flag, plural',
      ['--kafka.servers', 'a:1'],
      {},
      'unknown flag --kafka.servers (did you mean --kafka.server?); see --help for all flags',
    ],
    ['unknown flag far from all', ['--quiet'], {}, 'unknown flag --quiet; see --help for all flags'],
    [
      "unknown flag near kafka_exporter's",
      ['--verbose'],
      {},
      'unknown flag --verbose (did you mean --verbosity?); see --help for all flags',
    ],
    ['missing value at the end', ['--kafka.server'], {}, 'flag --kafka.server needs a value (host:port)'],
    [
      'missing value before another flag',
      ['--poll.interval', '--log.level=info'],
      {},
      'flag --poll.interval needs a value (duration)',
    ],
    [
      'non-repeatable flag twice',
      ['--log.level=info', '--log.level', 'debug'],
      {},
      'flag --log.level was given more than once; it takes a single value',
    ],
    ['unknown command', ['run'], {}, 'unexpected argument "run"; commands are: serve, describe, log-dirs'],
    [
      'command twice',
      ['serve', 'serve'],
      {},
      'unexpected argument "serve"; commands are: serve, describe, log-dirs',
    ],
    ['single-dash flag', ['-v'], {}, 'unexpected argument "-v"; commands are: serve, describe, log-dirs'],
    [
      'duration without unit',
      ['--poll.interval=15'],
      {},
      'invalid value for flag --poll.interval: "15" is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h',
    ],
    [
      'duration below the minimum',
      ['--poll.timeout=50ms'],
      {},
      'invalid value for flag --poll.timeout: "50ms" is too short; the minimum is 100ms',
    ],
    [
      'log dirs refresh below its minimum (other than 0)',
      ['--log-dirs.refresh-interval=500ms'],
      {},
      'invalid value for flag --log-dirs.refresh-interval: "500ms" is too short; the minimum is 1000ms',
    ],
    [
      'config refresh below its minimum',
      ['--topic.config-refresh-interval=500ms'],
      {},
      'invalid value for flag --topic.config-refresh-interval: "500ms" is too short; the minimum is 1000ms',
    ],
    [
      'log level not in the enum',
      ['--log.level=verbose'],
      {},
      'invalid value for flag --log.level: "verbose" is not one of debug, info, warn, error',
    ],
    [
      'log format not in the enum',
      ['--log.format', 'JSON'],
      {},
      'invalid value for flag --log.format: "JSON" is not one of logfmt, json',
    ],
    [
      'listen address without colon',
      ['--web.listen-address=9308'],
      {},
      'invalid value for flag --web.listen-address: "9308" is not a listen address; use host:port or :port, e.g. :9308 or 127.0.0.1:9308',
    ],
    [
      'listen port out of range',
      ['--web.listen-address=:70000'],
      {},
      'invalid value for flag --web.listen-address: ":70000" is not a listen address; use host:port or :port, e.g. :9308 or 127.0.0.1:9308',
    ],
    [
      'broker without port',
      ['--kafka.server', 'kafka-1'],
      {},
      'invalid value for flag --kafka.server: "kafka-1" is not a broker address; use host:port, e.g. kafka-1:9092',
    ],
    [
      'broker with an empty value',
      ['--kafka.server='],
      {},
      'invalid value for flag --kafka.server: "" is not a broker address; use host:port, e.g. kafka-1:9092',
    ],
    [
      'telemetry path without slash',
      ['--web.telemetry-path=metrics'],
      {},
      'invalid value for flag --web.telemetry-path: "metrics" must be a path below /, e.g. /metrics',
    ],
    [
      'telemetry path /',
      ['--web.telemetry-path=/'],
      {},
      'invalid value for flag --web.telemetry-path: "/" must be a path below /, e.g. /metrics',
    ],
    [
      'bad environment enum',
      [],
      { KAFKASCOPE_LOG_LEVEL: 'loud' },
      'invalid value for environment variable KAFKASCOPE_LOG_LEVEL: "loud" is not one of debug, info, warn, error',
    ],
    [
      'bad entry in an environment list',
      [],
      { KAFKASCOPE_KAFKA_SERVER: 'a:9092,b' },
      'invalid value for environment variable KAFKASCOPE_KAFKA_SERVER: "b" is not a broker address; use host:port, e.g. kafka-1:9092',
    ],
    [
      'bad environment duration',
      [],
      { KAFKASCOPE_POLL_INTERVAL: '1 m' },
      'invalid value for environment variable KAFKASCOPE_POLL_INTERVAL: "1 m" is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h',
    ],
  ])('rejects %s', (_, argv, env, message) => {
    expect(configError(argv, env).message).toBe(message)
  })

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    [
      'a bad include regex',
      ['--topic.filter=('],
      {},
      /^invalid value for flag --topic\.filter: "\(" is not a valid RE2 regular expression: missing closing \) at character 1: "\("$/,
    ],
    [
      'a bad exclude regex',
      ['--group.exclude', '[a-'],
      {},
      /^invalid value for flag --group\.exclude: "\[a-" is not a valid RE2 regular expression: missing closing \] at character 1: "\[a-"$/,
    ],
    [
      'a bad regex from the environment',
      [],
      { KAFKASCOPE_TOPIC_EXCLUDE: '*' },
      /^invalid value for environment variable KAFKASCOPE_TOPIC_EXCLUDE: "\*" is not a valid RE2 regular expression: missing argument to repetition operator at character 1: "\*"$/,
    ],
  ])('rejects %s, quoting the engine reason', (_, argv, env, message) => {
    expect(configError(argv, env).message).toMatch(message)
  })
})

describe('helpText', () => {
  it('lists every flag with its environment variable and default', () => {
    const help = helpText()
    expect(help).toContain('  --kafka.server=<host:port> (repeatable)')
    expect(help).toContain('Default: localhost:9092. Env: KAFKASCOPE_KAFKA_SERVER')
    expect(help).toContain('Default: 15s. Env: KAFKASCOPE_POLL_INTERVAL')
    expect(help).toContain('Default: 5m. Env: KAFKASCOPE_TOPIC_CONFIG_REFRESH_INTERVAL')
    expect(help).toContain('--version')
  })
})
