import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConfigError, describeError, KafkascopeError } from '../../../src/errors.js'
import { MskIamTokenProvider, mskIamRegion, type SignedToken } from '../../../src/kafka/msk-iam.js'
import { scrubSecrets } from '../../../src/secret.js'

/**
 * The MSK IAM token as aws-msk-iam-sasl-signer-js documents it (base64url of a SigV4-presigned
 * https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect URL), made through kafkascope's provider with
 * fixed credentials (the default chain's first link, the environment) at a fixed time. The signature is computed
 * here independently with node:crypto from the SigV4 specification, so a signer that signed something else fails.
 */

const KEY_ID = 'AKIDEXAMPLE'
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const FIXED_TIME = Date.UTC(2026, 11, 1, 10, 30, 0)
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const AWS_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
]
const home = mkdtempSync(join(tmpdir(), 'kafkascope-aws-'))

beforeEach(() => {
  // Never the developer's own AWS setup, and never the instance metadata address: only what a test sets.
  for (const name of AWS_VARIABLES) vi.stubEnv(name, '')
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true')
  vi.stubEnv('AWS_CONFIG_FILE', join(home, 'config'))
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, 'credentials'))
  vi.stubEnv('HOME', home)
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.useRealTimers()
})
afterAll(() => rmSync(home, { recursive: true, force: true }))

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest()
}

/** RFC 3986 unreserved characters stay, everything else is %XX (SigV4's URI encoding). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** SigV4 of a presigned GET / with only the host header signed and an empty payload. */
function expectedSignature(url: URL, secretKey: string, region: string, date: string): string {
  const query = [...url.searchParams]
    .filter(([k]) => k !== 'X-Amz-Signature' && k !== 'User-Agent')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .join('&')
  const canonical = ['GET', '/', query, `host:${url.host}`, '', 'host', EMPTY_SHA256].join('\n')
  const longDate = url.searchParams.get('X-Amz-Date') as string
  const scope = `${date}/${region}/kafka-cluster/aws4_request`
  const toSign = [
    'AWS4-HMAC-SHA256',
    longDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n')
  const key = ['aws4_request'].reduce(
    (k, part) => hmac(k, part),
    hmac(hmac(hmac(`AWS4${secretKey}`, date), region), 'kafka-cluster'),
  )
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
}

function decode(token: string): URL {
  expect(token).toMatch(/^[A-Za-z0-9_-]+$/) // base64url without padding: valid in an OAUTHBEARER auth= value
  return new URL(Buffer.from(token, 'base64url').toString('utf8'))
}

async function signAt(region: string): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(FIXED_TIME)
  return new MskIamTokenProvider({ region }).token()
}

describe('the MSK IAM token (aws-msk-iam-sasl-signer-js, default credential chain)', () => {
  it('is a presigned kafka-cluster:Connect URL for the region, signed with the fixed credentials', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    const url = decode(await signAt('eu-west-1'))
    expect(url.protocol).toBe('https:')
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com')
    expect(url.pathname).toBe('/')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'kafka-cluster:Connect',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${KEY_ID}/20261201/eu-west-1/kafka-cluster/aws4_request`,
      'X-Amz-Date': '20261201T103000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': expectedSignature(url, SECRET_KEY, 'eu-west-1', '20261201'),
      'User-Agent': 'aws-msk-iam-sasl-signer-js/1.0.3',
    })
    // A different secret key gives a different signature: the assertion above is not vacuous.
    expect(expectedSignature(url, `${SECRET_KEY}x`, 'eu-west-1', '20261201')).not.toBe(
      url.searchParams.get('X-Amz-Signature'),
    )
  })

  it('carries and signs the session token of temporary credentials (IRSA, assumed roles)', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    vi.stubEnv('AWS_SESSION_TOKEN', 'session/token+value=')
    const url = decode(await signAt('us-east-1'))
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session/token+value=')
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'ASIAEXAMPLE/20261201/us-east-1/kafka-cluster/aws4_request',
    )
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(url, SECRET_KEY, 'us-east-1', '20261201'),
    )
  })

  it('is never shown in logs: it is scrubbed from any text once signed', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY_ID)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY)
    const token = await signAt('us-east-1')
    expect(scrubSecrets(`sent ${token} to the broker`)).not.toContain(token)
  })

  it('fails with what to set when the chain finds no credentials', async () => {
    const error = await new MskIamTokenProvider({ region: 'us-east-1' }).token().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(KafkascopeError)
    expect((error as KafkascopeError).code).toBe('KSC_AWS_IAM_TOKEN')
    expect(describeError(error)).toMatch(
      /^failed to sign an AWS MSK IAM token for region us-east-1: no AWS credentials found; provide them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile \(AWS_PROFILE or --sasl.aws-profile\), a web identity \(IRSA: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE\), EKS Pod Identity, or an ECS task or EC2 instance role: .*credentials/i,
    )
  })

  it('fails naming a profile that has no credentials', async () => {
    const error = await new MskIamTokenProvider({ region: 'us-east-1', profile: 'msk' }).token().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(describeError(error)).toMatch(
      /^failed to sign an AWS MSK IAM token for region us-east-1: no credentials for AWS profile msk in the shared config or credentials file/,
    )
  })
})

describe('MskIamTokenProvider refresh', () => {
  function counting(lifetimeMs: number, clock: { now: number }) {
    const calls: number[] = []
    const sign = async (): Promise<SignedToken> => {
      calls.push(clock.now)
      return { token: `token-number-${calls.length}-of-the-test`, expiryTime: clock.now + lifetimeMs }
    }
    return { calls, provider: new MskIamTokenProvider({ region: 'us-east-1', sign, now: () => clock.now }) }
  }

  it('reuses a token until 80% of its lifetime, then signs a new one', async () => {
    const clock = { now: FIXED_TIME }
    const { calls, provider } = counting(900_000, clock)
    expect(await provider.token()).toBe('token-number-1-of-the-test')
    clock.now += 719_999
    expect(await provider.token()).toBe('token-number-1-of-the-test')
    clock.now += 1
    expect(await provider.token()).toBe('token-number-2-of-the-test')
    expect(calls).toEqual([FIXED_TIME, FIXED_TIME + 720_000])
  })

  it('follows the shorter lifetime the signer gives for credentials about to expire', async () => {
    const clock = { now: FIXED_TIME }
    const { calls, provider } = counting(60_000, clock)
    await provider.token()
    clock.now += 48_000
    await provider.token()
    expect(calls).toHaveLength(2)
  })

  it('signs once for concurrent connections, and again after a broker rejected the token', async () => {
    const clock = { now: FIXED_TIME }
    const { calls, provider } = counting(900_000, clock)
    const tokens = await Promise.all([provider.token(), provider.token(), provider.token()])
    expect(new Set(tokens).size).toBe(1)
    expect(calls).toHaveLength(1)
    provider.invalidate()
    await provider.token()
    expect(calls).toHaveLength(2)
  })
})

describe('the MSK IAM region', () => {
  it('is the setting, else AWS_REGION, else AWS_DEFAULT_REGION', () => {
    const none = { region: undefined, profile: undefined, roleArn: undefined }
    expect(mskIamRegion({ ...none, region: 'eu-west-1' }, { AWS_REGION: 'us-east-1' })).toBe('eu-west-1')
    expect(mskIamRegion(none, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-east-1')
    expect(mskIamRegion(none, { AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-west-2')
  })

  it('is required: a ConfigError (exit 2) saying how to set it', () => {
    const none = { region: undefined, profile: undefined, roleArn: undefined }
    expect(() => mskIamRegion(none, { AWS_REGION: '' })).toThrow(ConfigError)
    expect(() => mskIamRegion(none, {})).toThrow(
      '--sasl.aws-region is required with --sasl.mechanism=awsiam (the region of the MSK cluster, e.g. us-east-1); also settable as KAFKASCOPE_SASL_AWS_REGION, or AWS_REGION as the AWS SDKs read it',
    )
  })
})
