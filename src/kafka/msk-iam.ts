import { ConfigError, KafkascopeError } from '../errors.js'
import { rememberSecret } from '../secret.js'

/** What the signer needs: the region, and where credentials come from when not from the default chain. */
export interface MskIamSettings {
  /** Undefined: AWS_REGION, then AWS_DEFAULT_REGION, as the AWS SDKs read them. */
  readonly region: string | undefined
  /** A named profile of the shared config and credentials files instead of the default chain. */
  readonly profile: string | undefined
  /** A role to assume (STS AssumeRole) with the default chain's credentials. */
  readonly roleArn: string | undefined
}

/** A token as aws-msk-iam-sasl-signer-js returns it: base64url of a presigned URL, expiry in ms since epoch. */
export interface SignedToken {
  readonly token: string
  readonly expiryTime: number
}

export interface MskIamOptions {
  readonly region: string
  readonly profile?: string | undefined
  readonly roleArn?: string | undefined
  /** Injected in tests; default: the signer library, loaded on first use. */
  readonly sign?: () => Promise<SignedToken>
  readonly now?: () => number
}

/** As oauth.ts: a token is reused until this share of its lifetime has passed. */
const REFRESH_FACTOR = 0.8

/** The region from the setting or the standard AWS variables; exit 2 at start when there is none. */
export function mskIamRegion(settings: MskIamSettings, env: NodeJS.ProcessEnv = process.env): string {
  const region = settings.region ?? (env.AWS_REGION || undefined) ?? (env.AWS_DEFAULT_REGION || undefined)
  if (region === undefined) {
    throw new ConfigError(
      '--sasl.aws-region is required with --sasl.mechanism=awsiam (the region of the MSK cluster, e.g. us-east-1); also settable as KAFKASCOPE_SASL_AWS_REGION, or AWS_REGION as the AWS SDKs read it',
    )
  }
  return region
}

/**
 * OAUTHBEARER tokens for AWS MSK IAM: a SigV4-presigned kafka-cluster:Connect URL, made by AWS's own signer
 * (aws-msk-iam-sasl-signer-js) from the credentials of the standard chain (environment, shared config and profile,
 * web identity for IRSA, EKS Pod Identity, ECS, EC2 instance metadata), a named profile, or an assumed role.
 * Signing is local except where the chain itself calls AWS (STS, metadata). A token lives at most 15 minutes (less
 * when the credentials expire sooner) and is renewed at 80% of that, so a new connection never presents an
 * expired one; concurrent connections share one signing.
 */
export class MskIamTokenProvider {
  #cached: { token: string; refreshAt: number } | undefined
  #inflight: Promise<string> | undefined
  readonly #now: () => number
  readonly #sign: () => Promise<SignedToken>

  constructor(private readonly opts: MskIamOptions) {
    this.#now = opts.now ?? Date.now
    this.#sign = opts.sign ?? (() => signWithLibrary(opts))
  }

  token(): Promise<string> {
    if (this.#cached && this.#now() < this.#cached.refreshAt) return Promise.resolve(this.#cached.token)
    this.#inflight ??= this.#request().finally(() => {
      this.#inflight = undefined
    })
    return this.#inflight
  }

  /** Forget the cached token, e.g. after a broker rejected it. */
  invalidate(): void {
    this.#cached = undefined
  }

  async #request(): Promise<string> {
    const signedAt = this.#now()
    let signed: SignedToken
    try {
      signed = await this.#sign()
    } catch (error) {
      // The SDK's own message follows as the cause (describeError); the hint says what to set.
      const hint = hintFor(error, this.opts)
      throw new KafkascopeError(
        'KSC_AWS_IAM_TOKEN',
        `failed to sign an AWS MSK IAM token for region ${this.opts.region}${hint === '' ? '' : `: ${hint}`}`,
        { cause: error },
      )
    }
    // The token is a bearer credential for its lifetime: never in a log line or an error message.
    rememberSecret(signed.token, 'rotating')
    const lifetime = Math.max(0, signed.expiryTime - signedAt)
    this.#cached = { token: signed.token, refreshAt: signedAt + lifetime * REFRESH_FACTOR }
    return signed.token
  }
}

async function signWithLibrary(opts: MskIamOptions): Promise<SignedToken> {
  // Loaded on first use: the AWS SDK it brings is large, and only MSK users need it.
  const signer = await import('aws-msk-iam-sasl-signer-js')
  if (opts.roleArn !== undefined)
    return signer.generateAuthTokenFromRole({ region: opts.region, awsRoleArn: opts.roleArn })
  if (opts.profile !== undefined)
    return signer.generateAuthTokenFromProfile({ region: opts.region, awsProfileName: opts.profile })
  return signer.generateAuthToken({ region: opts.region })
}

/** What to do about the SDK's error, or '' when its own message says it all. */
function hintFor(error: unknown, opts: MskIamOptions): string {
  const name = error instanceof Error ? error.name : ''
  const message = error instanceof Error ? error.message : String(error)
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    if (opts.profile !== undefined)
      return `no credentials for AWS profile ${opts.profile} in the shared config or credentials file (~/.aws, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)`
    return 'no AWS credentials found; provide them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE or --sasl.aws-profile), a web identity (IRSA: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE), EKS Pod Identity, or an ECS task or EC2 instance role'
  }
  if (opts.roleArn !== undefined) return `assuming role ${opts.roleArn} failed`
  return ''
}
