import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { get, type IncomingHttpHeaders } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parseExposition, sampleValue } from '../support/exposition.js'
import { httpsGet } from '../support/https-client.js'
import { createCa, issueCertificate } from '../support/tls-certs.js'

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
let child: ChildProcess | undefined

afterEach(() => {
  child?.kill('SIGKILL')
  child = undefined
})

/** A port nothing listens on: bind, read, close. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

/** A GET that asks for no encoding, as curl does by default (fetch always asks for gzip). */
function plainGet(url: string): Promise<{ headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        body += d
      })
      res.on('end', () => resolve({ headers: res.headers, body }))
    }).on('error', reject)
  })
}

/** Waits until at least `count` lines of the output match `re`; returns the first. */
async function waitForLines(output: string[], re: RegExp, count = 1, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const lines = output
      .join('')
      .split('\n')
      .filter((l) => re.test(l))
    if (lines.length >= count) return lines[0] as string
    if (Date.now() > deadline)
      throw new Error(`fewer than ${count} log lines match ${re} in:\n${output.join('')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('the kafkascope binary', () => {
  it('keeps serving kafkascope_up 0 when Kafka is unreachable, names what it tried, and stops on SIGTERM', async () => {
    const kafkaPort = await closedPort()
    const webPort = await closedPort()
    const stderr: string[] = []
    child = spawn(process.execPath, [
      cli,
      `--kafka.server=127.0.0.1:${kafkaPort}`,
      '--kafka.server=kafka.invalid:9092',
      `--web.listen-address=127.0.0.1:${webPort}`,
      '--poll.interval=500ms',
    ])
    child.stderr?.on('data', (d) => stderr.push(String(d)))

    const line = await waitForLines(stderr, /failed to poll Kafka/)
    expect(line).toContain(`127.0.0.1:${kafkaPort}`)
    expect(line).toContain('ECONNREFUSED')
    expect(line).toContain('kafka.invalid:9092')
    expect(line).toContain('ENOTFOUND')

    // Several failed polls later the daemon is still alive and serving.
    await waitForLines(stderr, /failed to poll Kafka/, 3)
    const res = await fetch(`http://127.0.0.1:${webPort}/metrics`)
    expect(res.status).toBe(200)
    const samples = parseExposition(await res.text())
    expect(sampleValue(samples, 'kafkascope_up')).toBe(0)
    expect(sampleValue(samples, 'kafkascope_collector_success', { collector: 'metadata' })).toBe(0)
    expect(sampleValue(samples, 'kafka_brokers')).toBeUndefined()
    expect((await fetch(`http://127.0.0.1:${webPort}/-/healthy`)).status).toBe(200)
    // Without Accept-Encoding (curl's default): the body inflated from the gzipped pieces, the same series.
    const plain = await plainGet(`http://127.0.0.1:${webPort}/metrics`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(plain.body))
    expect(sampleValue(parseExposition(plain.body), 'kafkascope_up')).toBe(0)
    expect(child.exitCode).toBeNull()

    // Exit code 0 means the clean path finished; the forced exit after 5 s would give 1.
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(stderr.join('')).toContain('shutting down')
  })

  it('exits 2 with a message naming a bad flag and the valid values', async () => {
    child = spawn(process.execPath, [cli, '--log.format=xml'])
    const stderr: string[] = []
    child.stderr?.on('data', (d) => stderr.push(String(d)))
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(stderr.join('')).toBe(
      'kafkascope: invalid value for flag --log.format: "xml" is not one of logfmt, json\n',
    )
  })
})

/** Runs the binary to its exit; returns the code and what it wrote to stderr. */
async function exitOf(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string }> {
  child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env } })
  const stderr: string[] = []
  child.stderr?.on('data', (d) => stderr.push(String(d)))
  const [code] = await once(child, 'exit')
  return { code: code as number, stderr: stderr.join('') }
}

describe('the kafkascope binary with kafka_exporter Deployment args', () => {
  it("starts with kafka_exporter's moot flags, one warning line each, and serves /healthz, its build info and cluster=", async () => {
    const kafkaPort = await closedPort()
    const webPort = await closedPort()
    const stderr: string[] = []
    // As an existing kafka_exporter Deployment passes them (the community chart's extraArgs example included).
    child = spawn(
      process.execPath,
      [
        cli,
        `--kafka.server=127.0.0.1:${kafkaPort}`,
        `--web.listen-address=127.0.0.1:${webPort}`,
        '--kafka.labels=cluster=prod-eu',
        '--log.enable-sarama',
        '--kafka.version=2.8.0',
        '--refresh.metadata=1m',
        '--no-sasl.handshake',
        '--offset.show-all=false',
        '--concurrent.enable',
        '--topic.workers',
        '20',
        '--kafka.allow-auto-topic-creation=false',
        '--verbosity=1',
        '--use.consumelag.zookeeper=false',
        '--topic.filter=(?i)^[[:alpha:]]',
        '--log.format=json',
        '--poll.interval=500ms',
      ],
      { env: { PATH: process.env.PATH } },
    )
    child.stderr?.on('data', (d) => stderr.push(String(d)))
    await waitForLines(stderr, /failed to poll Kafka/)
    const warnings = stderr
      .join('')
      .split('\n')
      .filter((l) => l.includes('"level":"warn"') && l.includes("(kafka_exporter's) has no effect"))
    const flags = warnings.map((l) => /--([a-z.-]+)/.exec(l)?.[1])
    expect(flags).toEqual([
      'log.enable-sarama',
      'kafka.version',
      'refresh.metadata',
      'sasl.handshake',
      'offset.show-all',
      'concurrent.enable',
      'topic.workers',
      'kafka.allow-auto-topic-creation',
      'verbosity',
      'use.consumelag.zookeeper',
    ])

    const health = await fetch(`http://127.0.0.1:${webPort}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.text()).toBe('ok')
    const samples = parseExposition(await (await fetch(`http://127.0.0.1:${webPort}/metrics`)).text())
    expect(sampleValue(samples, 'kafkascope_up', { cluster: 'prod-eu' })).toBe(0)
    const build = samples.find((s) => s.name === 'kafka_exporter_build_info')
    expect(build?.value).toBe(1)
    expect(build?.labels).toMatchObject({
      cluster: 'prod-eu',
      goversion: `node${process.version}`,
      goos: process.platform,
    })
    expect(child.exitCode).toBeNull()
  })

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    [
      'ZooKeeper lag',
      ['--use.consumelag.zookeeper', '--zookeeper.server=zk-0:2181'],
      {},
      /^kafkascope: flag --use\.consumelag\.zookeeper \(kafka_exporter's\) is not supported: kafkascope reads consumer-group offsets from Kafka only.*drop this flag\n$/,
    ],
    [
      'a Kerberos flag',
      ['--sasl.keytab-path=/etc/kafka.keytab'],
      {},
      /^kafkascope: flag --sasl\.keytab-path \(kafka_exporter's\) is not supported: GSSAPI \(Kerberos\) is not supported.*Use a listener with SCRAM-SHA-512/,
    ],
    [
      'the GSSAPI mechanism',
      ['--sasl.enabled', '--sasl.mechanism=gssapi'],
      {},
      /^kafkascope: invalid value for flag --sasl\.mechanism: GSSAPI \(Kerberos\) is not supported.*instead\n$/,
    ],
    [
      "a flag neither kafka_exporter's nor kafkascope's",
      ['--topic.worker=20'],
      {},
      /^kafkascope: unknown flag --topic\.worker \(did you mean --topic\.workers\?\); see --help for all flags\n$/,
    ],
    [
      'a bad RE2 filter',
      ['--group.filter=^svc-(billing|debug'],
      {},
      /^kafkascope: invalid value for flag --group\.filter: "\^svc-\(billing\|debug" is not a valid RE2 regular expression: missing closing \) at character 6: /,
    ],
  ])('exits 2 for %s, saying what to use instead', async (_, args, env, message) => {
    const { code, stderr } = await exitOf(args, env)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
  })

  it('serves HTTPS with --server.tls.*, mutual TLS included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafkascope-cli-tls-'))
    try {
      const ca = await createCa(dir, 'ca')
      const server = await issueCertificate(dir, ca, 'server', { sans: 'IP:127.0.0.1', usage: 'serverAuth' })
      const client = await issueCertificate(dir, ca, 'prometheus', {
        sans: 'DNS:prometheus',
        usage: 'clientAuth',
      })
      const webPort = await closedPort()
      const stderr: string[] = []
      child = spawn(
        process.execPath,
        [
          cli,
          `--kafka.server=127.0.0.1:${await closedPort()}`,
          `--web.listen-address=127.0.0.1:${webPort}`,
          '--server.tls.enabled',
          '--server.tls.mutual-auth-enabled=true',
          `--server.tls.ca-file=${ca.cert}`,
          `--server.tls.cert-file=${server.cert}`,
          `--server.tls.key-file=${server.key}`,
        ],
        { env: { PATH: process.env.PATH } },
      )
      child.stderr?.on('data', (d) => stderr.push(String(d)))
      // Listening is logged once the endpoint accepts connections (the web config is loaded before that).
      await waitForLines(stderr, /web config loaded/)
      await waitForLines(stderr, /serving metrics/)
      const url = `https://127.0.0.1:${webPort}/healthz`
      expect(await httpsGet(url, { ca: ca.cert, client })).toMatchObject({ status: 200, body: 'ok' })
      await expect(httpsGet(url, { ca: ca.cert })).rejects.toThrow()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
