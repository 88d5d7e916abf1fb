import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { type KafkaCluster, startKafkaCluster } from '../harness/kafka/cluster.js'
import { DEFAULT_KAFKA_VERSION, ensureKafkaJars } from '../harness/kafka/jars.js'
import { compilePlugin } from '../harness/kafka/java-plugin.js'
import { type RunningExporter, startExporter } from '../support/exporter.js'
import { sampleValue } from '../support/exposition.js'

/**
 * AWS MSK IAM without MSK: one broker whose OAUTHBEARER listener checks tokens as MSK's IAM listener would, with a
 * callback handler compiled here (test/harness/kafka/plugins/MskIamTokenValidator.java). It accepts only a token in
 * the signer's documented format (base64url of a presigned https://kafka.<region>.amazonaws.com/ URL for
 * kafka-cluster:Connect) whose SigV4 signature verifies with the test's secret key and that has not expired, and
 * records every token it was sent. kafkascope signs with aws-msk-iam-sasl-signer-js from the AWS environment
 * variables (the default chain's first link). What this cannot show: MSK's own authorization (IAM policies, the
 * kafka-cluster:* actions per request), STS/IRSA/instance-metadata credentials, and MSK's TLS listener.
 */

const REGION = 'eu-west-1'
const KEY_ID = 'AKIAKAFKASCOPETEST01'
const SECRET_KEY = 'msk-iam-S3cr3t-access-key-value/for+the+test'
const WRONG_SECRET_KEY = 'msk-iam-wrong-S3cr3t-access-key-value'
const POLL_FAILED = 'failed to poll Kafka; serving kafkascope_up 0'
const REAUTH_MS = 3000

let cluster: KafkaCluster
let dir: string
let records: string
let listener: string
let exporter: RunningExporter | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kafkascope-msk-'))
  records = join(dir, 'tokens.log')
  const version = process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION
  const plugin = await compilePlugin('MskIamTokenValidator.java', version, await ensureKafkaJars(version))
  const jaas = [
    'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required',
    // The broker's own login on this listener (unused: inter-broker traffic stays on PLAINTEXT).
    'unsecuredLoginStringClaim_sub="broker"',
    `accessKeyId="${KEY_ID}"`,
    `secretAccessKey="${SECRET_KEY}"`,
    `region="${REGION}"`,
    `recordFile="${records}";`,
  ].join(' ')
  cluster = await startKafkaCluster({
    nodes: 1,
    version,
    classpath: [plugin],
    extraListeners: [
      {
        name: 'SASL_PLAINTEXT',
        props: () => ({
          'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'OAUTHBEARER',
          'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config': jaas,
          'listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class':
            'kafkascope.test.MskIamTokenValidator',
          // Sessions expire after 3 s unless the client re-authenticates (KIP-368), as MSK's IAM sessions do.
          'listener.name.sasl_plaintext.oauthbearer.connections.max.reauth.ms': String(REAUTH_MS),
        }),
      },
    ],
  })
  const node = cluster.nodes[0]
  if (!node) throw new Error('no node')
  listener = `${node.host}:${node.extraPorts.SASL_PLAINTEXT}`
}, 240_000)

afterAll(async () => {
  await cluster?.teardown()
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  // Only what each test sets: never the machine's AWS setup, never the instance metadata address.
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_REGION',
  ])
    vi.stubEnv(name, '')
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true')
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'))
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'))
})

afterEach(async () => {
  await exporter?.stop()
  if (exporter) {
    const text = exporter.logs.join('')
    for (const secret of [SECRET_KEY, WRONG_SECRET_KEY, ...tokensSent()]) expect(text).not.toContain(secret)
  }
  exporter = undefined
  vi.unstubAllEnvs()
})

/** The tokens the broker was sent, base64url as on the wire, from the validator's record of decoded URLs. */
function tokensSent(): string[] {
  return received().map((r) => Buffer.from(r.url).toString('base64url'))
}

function received(): { verdict: string; url: string; reason: string }[] {
  if (!existsSync(records)) return []
  return readFileSync(records, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^(ACCEPTED|REJECTED) (?:(.*) )?(https:\/\/\S+)$/.exec(line)
      if (!m) throw new Error(`unexpected record line ${line}`)
      return { verdict: m[1] as string, reason: m[2] ?? '', url: m[3] as string }
    })
}

async function start(flags: string[]): Promise<RunningExporter> {
  exporter = await startExporter([
    '--poll.interval=500ms',
    '--poll.timeout=5s',
    `--kafka.server=${listener}`,
    '--sasl.enabled',
    '--sasl.mechanism=awsiam',
    ...flags,
  ])
  return exporter
}

async function pollError(e: RunningExporter): Promise<string> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const line = e.logs
      .map((l) => JSON.parse(l) as { msg: string; err?: string })
      .find((l) => l.msg === POLL_FAILED)
    if (line) return line.err ?? ''
    if (Date.now() > deadline) throw new Error(`no "${POLL_FAILED}" line in:\n${e.logs.join('')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('AWS MSK IAM against an OAUTHBEARER listener that checks MSK tokens', () => {
  it('authenticates with a token signed for the region from AWS credentials in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    const before = received().length
    const e = await start([`--sasl.aws-region=${REGION}`])
    await e.waitFor('kafkascope_up 1 and one broker', (s) =>
      sampleValue(s, 'kafkascope_up') === 1 && sampleValue(s, 'kafka_brokers') === 1 ? true : undefined,
    )
    const mine = received().slice(before)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.map((r) => r.verdict)).toEqual(mine.map(() => 'ACCEPTED'))
    const url = new URL(mine[0]?.url as string)
    expect(url.host).toBe(`kafka.${REGION}.amazonaws.com`)
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect')
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      new RegExp(`^${KEY_ID}/\\d{8}/${REGION}/kafka-cluster/aws4_request$`),
    )
    // One signing serves every connection while the token is fresh.
    expect(new Set(mine.map((r) => r.url)).size).toBe(1)
  })

  it('re-authenticates long-lived connections before the broker ends their session, polls never failing', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    const before = received().length
    const e = await start([`--sasl.aws-region=${REGION}`])
    await e.waitFor('kafkascope_up 1', (s) => (sampleValue(s, 'kafkascope_up') === 1 ? true : undefined))
    const connections = received().length - before
    // Three session lifetimes: each connection re-authenticates with the (still valid) token at least twice.
    const until = Date.now() + 3 * REAUTH_MS
    while (Date.now() < until) {
      expect(sampleValue(await e.scrape(), 'kafkascope_up')).toBe(1)
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(received().length - before).toBeGreaterThanOrEqual(connections * 3)
    expect(
      received()
        .slice(before)
        .every((r) => r.verdict === 'ACCEPTED'),
    ).toBe(true)
    expect(e.logs.join('')).not.toContain(POLL_FAILED)
  })

  it('takes the region from AWS_REGION when --sasl.aws-region is not given', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    vi.stubEnv('AWS_REGION', REGION)
    const e = await start([])
    await e.waitFor('kafkascope_up 1', (s) => (sampleValue(s, 'kafkascope_up') === 1 ? true : undefined))
  })

  it('a token signed with the wrong secret key: refused, one clear error, kafkascope_up 0, no crash', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', WRONG_SECRET_KEY)
    const before = received().length
    const e = await start([`--sasl.aws-region=${REGION}`])
    expect(await pollError(e)).toBe(
      `read cluster metadata: failed to authenticate to broker ${listener} with AWS_MSK_IAM (OAUTHBEARER): the broker rejected the OAuth token (invalid_token)`,
    )
    await e.waitFor('kafkascope_up 0', (s) => (sampleValue(s, 'kafkascope_up') === 0 ? true : undefined))
    const mine = received().slice(before)
    expect(mine[0]).toMatchObject({ verdict: 'REJECTED' })
    expect(mine[0]?.reason).toMatch(/^X-Amz-Signature is [0-9a-f]{64}, expected [0-9a-f]{64}$/)
  })

  it('a token for another region: refused by the listener', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    const before = received().length
    const e = await start(['--sasl.aws-region=us-east-1'])
    await pollError(e)
    expect(received().slice(before)[0]?.reason).toBe(
      `host is kafka.us-east-1.amazonaws.com, expected kafka.${REGION}.amazonaws.com`,
    )
  })

  it('no credentials anywhere: says what to provide, sends nothing, kafkascope_up 0', async () => {
    const before = received().length
    const e = await start([`--sasl.aws-region=${REGION}`])
    expect(await pollError(e)).toMatch(
      new RegExp(
        `^read cluster metadata: failed to authenticate to broker ${listener} with AWS_MSK_IAM \\(OAUTHBEARER\\): failed to sign an AWS MSK IAM token for region ${REGION}: no AWS credentials found; provide them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, .*`,
      ),
    )
    await e.waitFor('kafkascope_up 0', (s) => (sampleValue(s, 'kafkascope_up') === 0 ? true : undefined))
    expect(received().length).toBe(before)
  })
})
