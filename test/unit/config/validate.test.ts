import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import { ConfigError } from '../../../src/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'kafkascope-validate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const existing = join(dir, 'file.pem')
writeFileSync(existing, 'x')
const configFile = join(dir, 'kafkascope.yml')
writeFileSync(configFile, `kafka:\n  sasl:\n    password_file: ${existing}\n`)

function warnings(argv: string[], env: NodeJS.ProcessEnv = {}): readonly string[] {
  const inv = parseInvocation(argv, env)
  if (inv.kind !== 'run') throw new Error('expected a run invocation')
  return inv.warnings
}

function error(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseInvocation(argv, env)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`)
}

const SCRAM = ['--sasl.enabled', '--sasl.mechanism=SCRAM-SHA-512']
const OAUTH = ['--sasl.enabled', '--sasl.mechanism=OAUTHBEARER']

describe('settings that depend on each other', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, string]>([
    [
      'SCRAM without a username',
      [...SCRAM, '--sasl.password=pw-secret'],
      {},
      '--sasl.username is required with --sasl.mechanism=SCRAM-SHA-512 (also settable as KAFKASCOPE_SASL_USERNAME or kafka.sasl.username in the config file)',
    ],
    [
      'PLAIN (the default mechanism) without a password',
      ['--sasl.enabled', '--sasl.username=alice'],
      {},
      "--sasl.password or --sasl.password-file is required with --sasl.mechanism=PLAIN (also settable as KAFKASCOPE_SASL_PASSWORD (or kafka_exporter's SASL_USER_PASSWORD) or kafka.sasl.password in the config file; or KAFKASCOPE_SASL_PASSWORD_FILE or kafka.sasl.password_file in the config file)",
    ],
    [
      'a password and a password file, naming where each came from',
      [...SCRAM, '--sasl.username=alice', `--config.file=${configFile}`],
      { KAFKASCOPE_SASL_PASSWORD: 'pw-secret' },
      'set only one of --sasl.password (from KAFKASCOPE_SASL_PASSWORD) and --sasl.password-file (from the config file key kafka.sasl.password_file)',
    ],
    [
      'OAUTHBEARER without a token URL',
      [...OAUTH, '--sasl.oauthbearer-client-id=id', '--sasl.oauthbearer-client-secret=s3cret'],
      {},
      "--sasl.oauthbearer-token-url is required with --sasl.mechanism=OAUTHBEARER (also settable as KAFKASCOPE_SASL_OAUTHBEARER_TOKEN_URL (or kafka_exporter's SASL_OAUTHBEARER_TOKEN_URL) or kafka.sasl.oauthbearer_token_url in the config file)",
    ],
    [
      'OAUTHBEARER without a client id',
      [...OAUTH, '--sasl.oauthbearer-token-url=https://idp/token', '--sasl.oauthbearer-client-secret=s3cret'],
      {},
      '--sasl.oauthbearer-client-id is required with --sasl.mechanism=OAUTHBEARER (also settable as KAFKASCOPE_SASL_OAUTHBEARER_CLIENT_ID or kafka.sasl.oauthbearer_client_id in the config file)',
    ],
    [
      'OAUTHBEARER without a client secret',
      [...OAUTH, '--sasl.oauthbearer-token-url=https://idp/token', '--sasl.oauthbearer-client-id=id'],
      {},
      '--sasl.oauthbearer-client-secret or --sasl.oauthbearer-client-secret-file is required with --sasl.mechanism=OAUTHBEARER (also settable as KAFKASCOPE_SASL_OAUTHBEARER_CLIENT_SECRET or kafka.sasl.oauthbearer_client_secret in the config file; or KAFKASCOPE_SASL_OAUTHBEARER_CLIENT_SECRET_FILE or kafka.sasl.oauthbearer_client_secret_file in the config file)',
    ],
    [
      'a client secret twice',
      [`--sasl.oauthbearer-client-secret-file=${existing}`, '--sasl.oauthbearer-client-secret=s3cret'],
      {},
      'set only one of --sasl.oauthbearer-client-secret (from the command line) and --sasl.oauthbearer-client-secret-file (from the command line)',
    ],
    [
      'a client certificate without its key',
      ['--tls.enabled', `--tls.cert-file=${existing}`],
      {},
      '--tls.key-file is required with --tls.cert-file (also settable as KAFKASCOPE_TLS_KEY_FILE or kafka.tls.key_file in the config file)',
    ],
    [
      'a key without its certificate',
      ['--tls.enabled', `--tls.key-file=${existing}`],
      {},
      '--tls.cert-file is required with --tls.key-file (also settable as KAFKASCOPE_TLS_CERT_FILE or kafka.tls.cert_file in the config file)',
    ],
    [
      'a key passphrase without a key',
      ['--tls.enabled', '--tls.key-password=phrase-secret'],
      {},
      '--tls.key-password is set but there is no --tls.key-file to decrypt',
    ],
  ])('rejects %s', (_, argv, env, message) => {
    const text = error(argv, env)
    expect(text).toBe(message)
    for (const secret of ['pw-secret', 's3cret', 'phrase-secret']) expect(text).not.toContain(secret)
  })

  it.each<[string, string[], string[]]>([
    [
      'TLS files while TLS is off',
      [`--tls.ca-file=${existing}`],
      ['--tls.ca-file is set (from the command line) but ignored: --tls.enabled is false'],
    ],
    [
      'SASL settings while SASL is off (a value equal to the default changes nothing, so it is not reported)',
      ['--sasl.username=alice', '--sasl.mechanism=SCRAM-SHA-256', '--tls.insecure-skip-tls-verify=false'],
      [
        '--sasl.mechanism is set (from the command line) but ignored: --sasl.enabled is false',
        '--sasl.username is set (from the command line) but ignored: --sasl.enabled is false',
      ],
    ],
    [
      'OAuth settings with SCRAM',
      [...SCRAM, '--sasl.username=a', '--sasl.password=pw-secret', '--sasl.oauthbearer-scope=kafka'],
      [
        '--sasl.oauthbearer-scope is set (from the command line) but ignored by --sasl.mechanism=SCRAM-SHA-512',
      ],
    ],
    [
      'a password with OAUTHBEARER',
      [
        ...OAUTH,
        '--sasl.oauthbearer-token-url=https://idp/token',
        '--sasl.oauthbearer-client-id=id',
        '--sasl.oauthbearer-client-secret=s3cret',
        '--sasl.password=pw-secret',
      ],
      ['--sasl.password is set (from the command line) but ignored by --sasl.mechanism=OAUTHBEARER'],
    ],
    ['a complete SCRAM setup', [...SCRAM, '--sasl.username=a', `--sasl.password-file=${existing}`], []],
    [
      'TLS switched off by a flag over a file that configures it',
      ['--no-tls.enabled', '--tls.ca-file', existing],
      ['--tls.ca-file is set (from the command line) but ignored: --tls.enabled is false'],
    ],
  ])('warns about %s', (_, argv, expected) => {
    expect(warnings(argv)).toEqual(expected)
  })
})

describe('boolean flags, as kafka_exporter users write them', () => {
  it.each<[string[], boolean]>([
    [['--tls.enabled'], true],
    [['--tls.enabled=true'], true],
    [['--tls.enabled=false'], false],
    [['--no-tls.enabled'], false],
    [[], false],
  ])('%j → %s', (argv, value) => {
    const inv = parseInvocation(argv)
    expect(inv.kind === 'run' && inv.config.tlsEnabled).toBe(value)
  })

  it('a bare boolean flag does not swallow the next argument', () => {
    const inv = parseInvocation(['--tls.enabled', 'serve'])
    expect(inv).toMatchObject({ kind: 'run', command: 'serve', config: { tlsEnabled: true } })
  })

  it.each<[string[], string]>([
    [
      ['--tls.enabled=yes'],
      'invalid value for flag --tls.enabled: "yes" is not a boolean; use true or false',
    ],
    [
      ['--no-tls.enabled=true'],
      'unknown flag --no-tls.enabled (did you mean --tls.enabled?); see --help for all flags',
    ],
    [['--no-log.level'], 'unknown flag --no-log.level (did you mean --log.level?); see --help for all flags'],
  ])('rejects %j', (argv, message) => {
    expect(error(argv)).toBe(message)
  })
})

describe('AWS MSK IAM settings', () => {
  const AWSIAM = ['--sasl.enabled', '--sasl.mechanism=awsiam']

  it('needs nothing more: region and credentials may come from the AWS environment', () => {
    expect(warnings([...AWSIAM])).toEqual([])
    expect(warnings([...AWSIAM, '--sasl.aws-region=eu-west-1', '--sasl.aws-profile=msk'])).toEqual([])
  })

  it('refuses a profile and a role together', () => {
    expect(
      error([...AWSIAM, '--sasl.aws-profile=msk', '--sasl.aws-role-arn=arn:aws:iam::123456789012:role/k']),
    ).toBe(
      'set only one of --sasl.aws-profile and --sasl.aws-role-arn (a role is assumed with the default credential chain)',
    )
  })

  it('warns about password and OAuth settings it ignores, and others about the AWS ones', () => {
    expect(warnings([...AWSIAM, '--sasl.username=alice'])).toEqual([
      '--sasl.username is set (from the command line) but ignored by --sasl.mechanism=AWS_MSK_IAM',
    ])
    expect(
      warnings([
        ...SCRAM,
        '--sasl.username=alice',
        '--sasl.password=pw-secret',
        '--sasl.aws-region=eu-west-1',
      ]),
    ).toEqual([
      '--sasl.aws-region is set (from the command line) but ignored by --sasl.mechanism=SCRAM-SHA-512',
    ])
  })
})
