import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import { parseRegex } from '../../../src/config/values.js'
import { ConfigError, describeError } from '../../../src/errors.js'
import { clipPath, limitsTable, quote, truncate } from '../../../src/limits.js'

const dir = mkdtempSync(join(tmpdir(), 'kafkascope-limits-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The ConfigError message parseInvocation throws for these flags, environment and config file. */
function error(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseInvocation(argv, env)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error('expected a ConfigError')
}

function configFile(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const A40 = 'a'.repeat(40)

describe('quoting values in messages', () => {
  it('quotes a short value whole and a long one by its first 40 characters and its length', () => {
    expect(quote('kafka-1:9092')).toBe('"kafka-1:9092"')
    expect(quote(A40)).toBe(`"${A40}"`)
    expect(quote('a'.repeat(102_400))).toBe(`"${A40}…" (102400 characters)`)
  })

  it('shows paths up to 256 characters, and cuts strings to a maximum with their length', () => {
    expect(clipPath(`/${'p'.repeat(255)}`)).toBe(`/${'p'.repeat(255)}`)
    expect(clipPath(`/${'p'.repeat(300)}`)).toBe(`"/${'p'.repeat(255)}…" (301 characters)`)
    expect(truncate('abcdef', 3)).toBe('abc… (6 characters)')
    expect(truncate('abc', 3)).toBe('abc')
  })
})

describe('value length (4096 characters)', () => {
  const long = `${'x'.repeat(4097)}`
  const shown = `"${'x'.repeat(40)}…" (4097 characters)`

  it('a flag', () => {
    expect(error([`--sasl.username=${long}`])).toBe(
      `invalid value for flag --sasl.username: ${shown} is too long; the limit is 4096 characters`,
    )
  })

  it('an environment variable, and each value of a repeatable one', () => {
    expect(error([], { KAFKASCOPE_SASL_USERNAME: long })).toBe(
      `invalid value for environment variable KAFKASCOPE_SASL_USERNAME: ${shown} is too long; the limit is 4096 characters`,
    )
    expect(error([], { KAFKASCOPE_KAFKA_SERVER: `a:1,${long}` })).toBe(
      `invalid value for environment variable KAFKASCOPE_KAFKA_SERVER: ${shown} is too long; the limit is 4096 characters`,
    )
  })

  it('a config file key', () => {
    const file = configFile('long.yml', `kafka:\n  sasl:\n    username: ${long}\n`)
    expect(error([`--config.file=${file}`])).toBe(
      `config file ${file} (line 3): invalid value for kafka.sasl.username: ${shown} is too long; the limit is 4096 characters`,
    )
  })

  it('exactly 4096 characters is accepted', () => {
    const inv = parseInvocation([`--sasl.username=${'x'.repeat(4096)}`])
    expect(inv.kind === 'run' && inv.config.saslUsername?.length).toBe(4096)
  })

  it('a static label value from the config file (a map, not a single value)', () => {
    const file = configFile('label.yml', `kafka:\n  labels:\n    env: ${long}\n`)
    expect(error([`--config.file=${file}`])).toBe(
      `config file ${file} (line 3): invalid value for kafka.labels: the value of label "env", ${shown}, is too long; the limit is 4096 characters`,
    )
  })

  it('an unknown flag or key is named by its prefix', () => {
    expect(error([`--${'z'.repeat(100_000)}=1`])).toMatch(
      /^unknown flag "--z{38}…" \(100002 characters\); see --help for all flags$/,
    )
    const file = configFile('key.yml', `${'k'.repeat(100)}: 1\n`)
    expect(error([`--config.file=${file}`])).toMatch(
      new RegExp(
        `^config file ${file} \\(line 1\\): unknown key "k{40}…" \\(100 characters\\); valid keys: `,
      ),
    )
  })
})

describe('repeated values (256) and static labels (64)', () => {
  const servers = Array.from({ length: 257 }, (_, i) => `kafka-${i}:9092`)

  it('flags', () => {
    expect(error(servers.map((s) => `--kafka.server=${s}`))).toBe(
      'flag --kafka.server was given more than 256 times; that is the limit',
    )
    expect(parseInvocation(servers.slice(1).map((s) => `--kafka.server=${s}`)).kind).toBe('run')
  })

  it('an environment variable', () => {
    expect(error([], { KAFKASCOPE_KAFKA_SERVER: servers.join(',') })).toBe(
      'invalid value for environment variable KAFKASCOPE_KAFKA_SERVER: 257 values; the limit is 256',
    )
  })

  it('a config file list', () => {
    const file = configFile('servers.yml', `kafka:\n  server: [${servers.join(', ')}]\n`)
    expect(error([`--config.file=${file}`])).toBe(
      `config file ${file} (line 2): invalid value for kafka.server: 257 values; the limit is 256`,
    )
  })

  it('static labels', () => {
    const labels = Array.from({ length: 65 }, (_, i) => `l${i}=v`).join(',')
    expect(error([`--kafka.labels=${labels}`])).toBe(
      'invalid value for flag --kafka.labels: 65 labels; the limit is 64',
    )
  })
})

describe('regexes: 16384 characters, compiled at start as the poll compiles them', () => {
  it('a longer filter is refused by its length', () => {
    const pattern = `^(${Array.from({ length: 1000 }, (_, i) => `orders-eu-${i}.v1`).join('|')})$`
    expect(pattern.length).toBeGreaterThan(16_384)
    expect(error([`--topic.filter=${pattern}`])).toBe(
      `invalid value for flag --topic.filter: ${quote(pattern)} is too long; the limit is 16384 characters`,
    )
  })

  it('a long list of topic names within the limit compiles', () => {
    const pattern = `^(${Array.from({ length: 600 }, (_, i) => `topic-${i}`).join('|')})$`
    const inv = parseInvocation([`--topic.filter=${pattern}`])
    expect(inv.kind === 'run' && inv.config.topicFilter).toBe(pattern)
  })

  it('a syntax error fails the start, with the reason and not the whole pattern', () => {
    const file = configFile('regex.yml', `group:\n  exclude: "${'(a'.repeat(30)}"\n`)
    expect(error([`--config.file=${file}`])).toBe(
      `config file ${file} (line 2): invalid value for group.exclude: "${'(a'.repeat(20)}…" (60 characters) is not a valid RE2 regular expression: missing closing ) at character 59: "${'(a'.repeat(20)}…" (60 characters)`,
    )
  })

  it("RE2's repeat limit (1000, nested ones multiplied, as in Go) is found when compiling", () => {
    expect(() => parseRegex('(a{999}){999}')).toThrow(
      '"(a{999}){999}" is not a valid RE2 regular expression: invalid repeat count at character 9: "{999}"',
    )
    // A large literal, which V8 refused from ~32 K characters, is fine for RE2.
    expect(parseRegex('a'.repeat(100_000)).test('a'.repeat(100_000))).toBe(true)
  })
})

describe('host names (RFC 1123, IPv4, [IPv6]) and ports', () => {
  it.each<[string, string]>([
    [
      `${'a'.repeat(254)}:9092`,
      `"${A40}…" (259 characters) is not a broker address: the host name is longer than 253 characters`,
    ],
    [
      `${'a'.repeat(64)}.example.com:9092`,
      `"${A40}…" (81 characters) is not a broker address: a label of the host name is longer than 63 characters`,
    ],
    [
      '300.1.1.1:9092',
      '"300.1.1.1:9092" is not a broker address: the host is not an IPv4 address (four numbers 0-255)',
    ],
    ['[zz::1]:9092', '"[zz::1]:9092" is not a broker address: the host in brackets is not an IPv6 address'],
    [
      'kafka-.example.com:9092',
      '"kafka-.example.com:9092" is not a broker address: the host name may hold only letters, digits, _ and - in labels separated by dots, none starting or ending with -',
    ],
    ['kafka-1:0', '"kafka-1:0" is not a broker address; use host:port, e.g. kafka-1:9092'],
  ])('--kafka.server=%s', (address, message) => {
    expect(error([`--kafka.server=${address}`])).toBe(`invalid value for flag --kafka.server: ${message}`)
  })

  it.each([
    'kafka_1:9092',
    'b-1.msk.eu-west-1.amazonaws.com:9096',
    '10.0.0.1:9092',
    '[fe80::1]:9092',
    `${'a'.repeat(63)}:1`,
  ])('accepts --kafka.server=%s', (address) => {
    const inv = parseInvocation([`--kafka.server=${address}`])
    expect(inv.kind === 'run' && inv.config.kafkaServers).toEqual([address])
  })

  it('a listen address host and the TLS server name', () => {
    expect(error([`--web.listen-address=${'h'.repeat(300)}:9308`])).toBe(
      `invalid value for flag --web.listen-address: "${'h'.repeat(40)}…" (305 characters) is not a listen address: the host name is longer than 253 characters`,
    )
    expect(error([`--tls.server-name=${'h'.repeat(300)}`])).toBe(
      `invalid value for flag --tls.server-name: "${'h'.repeat(40)}…" (300 characters) is not a host name: the host name is longer than 253 characters; e.g. kafka-1.example.com`,
    )
  })
})

describe('file sizes, checked with stat before reading', () => {
  it('a config file over 1 MiB', () => {
    const file = configFile('huge.yml', `# ${'x'.repeat(1024 * 1024)}\n`)
    expect(error([`--config.file=${file}`])).toBe(
      `invalid value for flag --config.file: "${file}" is too large (1048579 bytes); the limit is 1 MiB`,
    )
  })

  it('a PEM file over 1 MiB and a secret file over 64 KiB', () => {
    const pem = configFile('huge.pem', 'x'.repeat(1024 * 1024 + 1))
    expect(error([`--tls.ca-file=${pem}`])).toBe(
      `invalid value for flag --tls.ca-file: "${pem}" is too large (1048577 bytes); the limit is 1 MiB`,
    )
    const secret = configFile('huge.secret', 'x'.repeat(64 * 1024 + 1))
    expect(error([], { KAFKASCOPE_SASL_PASSWORD_FILE: secret })).toBe(
      `invalid value for environment variable KAFKASCOPE_SASL_PASSWORD_FILE: "${secret}" is too large (65537 bytes); the limit is 64 KiB`,
    )
  })
})

describe('error messages are bounded as a last line of defence', () => {
  it('describeError and ConfigError cut at 8192 characters', () => {
    const huge = 'e'.repeat(50_000)
    expect(describeError(new Error(huge))).toBe(`${'e'.repeat(8192)}… (50000 characters)`)
    expect(new ConfigError(huge).message).toBe(`${'e'.repeat(8192)}… (50000 characters)`)
  })
})

describe("the README's limits table", () => {
  it('shows the messages parseInvocation gives', () => {
    const rows = limitsTable()
    const servers = Array.from({ length: 200 }, (_, i) => `kafka-${i}.example.com:9092`).join(',')
    const topics = `^(${Array.from({ length: 1000 }, (_, i) => `orders-eu-${i}.v1`).join('|')})$`
    expect(rows[0]?.exceeded).toBe(`\`${error([`--kafka.server=${servers}`])}\``)
    expect(rows[1]?.exceeded.startsWith(`\`${error([`--topic.filter=${topics}`])}\``)).toBe(true)
    expect(rows[4]?.exceeded).toBe(`\`${error([`--kafka.server=${'a'.repeat(300)}:9092`])}\``)
  })
})
