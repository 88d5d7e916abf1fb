import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const cli = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'kafkascope-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the CLI from source (tsx), so the test needs no build; returns exit code and stderr. */
async function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { PATH: process.env.PATH },
  })
  const stderr: string[] = []
  child.stderr.on('data', (d) => stderr.push(String(d)))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stderr: stderr.join('') }
}

// Each test starts the CLI from source: tsx alone takes seconds on a busy 2-core machine, beyond vitest's 5 s default.
describe('the CLI with a bad configuration', { timeout: 30_000 }, () => {
  it('exits 2 naming the config file key, its line and the valid values', async () => {
    const file = join(dir, 'bad.yml')
    writeFileSync(file, 'kafka:\n  sasl:\n    enabled: true\n    mechanism: KERBEROS\n')
    expect(await runCli([`--config.file=${file}`])).toEqual({
      code: 2,
      stderr: `kafkascope: config file ${file} (line 4): invalid value for kafka.sasl.mechanism: "KERBEROS" is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, AWS_MSK_IAM\n`,
    })
  })

  it('exits 2 for a web config file the exporter-toolkit would reject, before listening', async () => {
    const file = join(dir, 'web.yml')
    writeFileSync(file, 'tls_server_config:\n  client_auth_type: RequireAndVerifyClientCert\n')
    expect(await runCli([`--web.config.file=${file}`, '--web.listen-address=127.0.0.1:0'])).toEqual({
      code: 2,
      stderr: `kafkascope: web config file ${file}: tls_server_config: missing one of cert or cert_file\n`,
    })
  })

  it('exits 2 for a CA file that is not PEM, naming the file, before polling', async () => {
    const file = join(dir, 'ca.pem')
    writeFileSync(file, 'not a certificate\n')
    expect(
      await runCli(['--tls.enabled', `--tls.ca-file=${file}`, '--web.listen-address=127.0.0.1:0']),
    ).toEqual({
      code: 2,
      stderr: `kafkascope: --tls.ca-file ${file}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----")\n`,
    })
  })

  it('exits 2 for AWS MSK IAM without a region anywhere, saying how to set it, before connecting', async () => {
    expect(
      await runCli(['--sasl.enabled', '--sasl.mechanism=awsiam', '--web.listen-address=127.0.0.1:0']),
    ).toEqual({
      code: 2,
      stderr:
        'kafkascope: --sasl.aws-region is required with --sasl.mechanism=awsiam (the region of the MSK cluster, e.g. us-east-1); also settable as KAFKASCOPE_SASL_AWS_REGION, or AWS_REGION as the AWS SDKs read it\n',
    })
  })

  it('exits 2 for a 100 KB topic filter with a one-line message', async () => {
    expect(await runCli([`--topic.filter=${'t'.repeat(102_400)}`])).toEqual({
      code: 2,
      stderr: `kafkascope: invalid value for flag --topic.filter: "${'t'.repeat(40)}…" (102400 characters) is too long; the limit is 16384 characters\n`,
    })
  })
})
