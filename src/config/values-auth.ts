import { accessSync, constants, statSync } from 'node:fs'
import { hostProblem } from '../addresses.js'
import {
  formatSize,
  MAX_CONFIG_FILE_BYTES,
  MAX_PEM_FILE_BYTES,
  MAX_SECRET_FILE_BYTES,
  quote,
  quotePath,
} from '../limits.js'
import { Secret } from '../secret.js'

/**
 * Parsers for the Kafka security, metrics and file settings. Like values.ts, each throws a plain message naming the
 * bad value and what would be valid; a secret's value is never quoted.
 */

// What Go's strconv.ParseBool accepts, so kingpin-style values from kafka_exporter's args (--sasl.enabled=True) work.
const TRUE = ['true', 'True', 'TRUE', 't', 'T', '1']
const FALSE = ['false', 'False', 'FALSE', 'f', 'F', '0']

export function parseBool(text: string): boolean {
  if (TRUE.includes(text)) return true
  if (FALSE.includes(text)) return false
  throw new Error(`${quote(text)} is not a boolean; use true or false`)
}

export function parseSecret(text: string): Secret {
  if (text === '') throw new Error('the value is empty')
  return new Secret(text)
}

export function parseNonEmpty(text: string): string {
  if (text.trim() === '') throw new Error('the value is empty')
  return text
}

/**
 * A file that exists, is readable now and holds at most `maxBytes`; kafkascope reads it later (secret files on
 * every use). The size is checked with stat, before anything reads the file.
 */
export function parseReadableFile(text: string, maxBytes: number): string {
  if (text === '') throw new Error('the path is empty')
  let size: number
  try {
    const stat = statSync(text)
    if (stat.isDirectory()) throw new Error(`${quotePath(text)} is a directory, not a file`)
    accessSync(text, constants.R_OK)
    size = stat.size
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === undefined) throw error
    throw new Error(`cannot read ${quotePath(text)}: ${FILE_ERRORS[code] ?? code}`)
  }
  if (size > maxBytes)
    throw new Error(`${quotePath(text)} is too large (${size} bytes); the limit is ${formatSize(maxBytes)}`)
  return text
}

export function secretFile(text: string): string {
  return parseReadableFile(text, MAX_SECRET_FILE_BYTES)
}
export function pemFile(text: string): string {
  return parseReadableFile(text, MAX_PEM_FILE_BYTES)
}
export function configFile(text: string): string {
  return parseReadableFile(text, MAX_CONFIG_FILE_BYTES)
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  ENOTDIR: 'a parent of it is not a directory',
  ELOOP: 'too many symbolic links',
}

export function parseHttpUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error(`${quote(text)} is not a URL; use e.g. https://idp.example.com/oauth2/token`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${quote(text)} is not an http or https URL`)
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo it: the user part may hold a secret.
    throw new Error(
      'the URL must not contain credentials; use --sasl.oauthbearer-client-id and a client secret setting',
    )
  }
  return text
}

/** A name to verify certificates against: RFC 1123 strictly, as certificate names are. */
export function parseHostName(text: string): string {
  const problem = hostProblem(text, false)
  if (problem) throw new Error(`${quote(text)} is not a host name: ${problem}; e.g. kafka-1.example.com`)
  return text
}

export const SASL_MECHANISMS = [
  'PLAIN',
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
  'OAUTHBEARER',
  'AWS_MSK_IAM',
] as const
export type SaslMechanism = (typeof SASL_MECHANISMS)[number]

// kafka_exporter's spellings, so its flags keep working.
const MECHANISM_ALIASES: Record<string, SaslMechanism> = {
  plain: 'PLAIN',
  'scram-sha256': 'SCRAM-SHA-256',
  'scram-sha512': 'SCRAM-SHA-512',
  oauthbearer: 'OAUTHBEARER',
  awsiam: 'AWS_MSK_IAM',
}

const UNSUPPORTED_MECHANISMS: Record<string, string> = {
  gssapi:
    'GSSAPI (Kerberos) is not supported: the Kafka client kafkascope uses (@platformatic/kafka) has no Kerberos implementation; use a listener with SCRAM-SHA-512, OAUTHBEARER, or mutual TLS (--tls.cert-file, --tls.key-file) instead',
}

/** Kafka's mechanism names, case-insensitive, plus kafka_exporter's aliases (scram-sha512, ...). */
export function parseSaslMechanism(text: string): SaslMechanism {
  const lower = text.toLowerCase()
  const canonical = SASL_MECHANISMS.find((m) => m.toLowerCase() === lower) ?? MECHANISM_ALIASES[lower]
  if (canonical) return canonical
  const unsupported = UNSUPPORTED_MECHANISMS[lower]
  if (unsupported) throw new Error(unsupported)
  throw new Error(`${quote(text)} is not one of ${SASL_MECHANISMS.join(', ')}`)
}

/** An AWS region name as the SDKs take it: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ... */
export function parseAwsRegion(text: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(text))
    throw new Error(`${quote(text)} is not an AWS region; use e.g. us-east-1 (the region of the MSK cluster)`)
  return text
}

/** An IAM role ARN, e.g. arn:aws:iam::123456789012:role/kafkascope (any partition: aws, aws-cn, aws-us-gov). */
export function parseRoleArn(text: string): string {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(text))
    throw new Error(
      `${quote(text)} is not an IAM role ARN; use e.g. arn:aws:iam::123456789012:role/kafkascope`,
    )
  return text
}
