import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parseExposition, sampleValue } from '../support/exposition.js'

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
