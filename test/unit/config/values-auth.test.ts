import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  parseAwsRegion,
  parseBool,
  parseHostName,
  parseHttpUrl,
  parseReadableFile,
  parseRoleArn,
  parseSaslMechanism,
  parseSecret,
} from '../../../src/config/values-auth.js'
import { labelsFromYaml, parseFamilyName, parseLabels } from '../../../src/config/values-metrics.js'

describe('parseSaslMechanism', () => {
  it.each<[string, string]>([
    ['PLAIN', 'PLAIN'],
    ['plain', 'PLAIN'],
    ['SCRAM-SHA-256', 'SCRAM-SHA-256'],
    ['scram-sha-512', 'SCRAM-SHA-512'],
    // kafka_exporter's spellings
    ['scram-sha256', 'SCRAM-SHA-256'],
    ['scram-sha512', 'SCRAM-SHA-512'],
    ['oauthbearer', 'OAUTHBEARER'],
    ['awsiam', 'AWS_MSK_IAM'],
    ['AWS_MSK_IAM', 'AWS_MSK_IAM'],
  ])('%s → %s', (text, mechanism) => {
    expect(parseSaslMechanism(text)).toBe(mechanism)
  })

  it.each<[string, string]>([
    ['SCRAM', '"SCRAM" is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, AWS_MSK_IAM'],
    [
      'gssapi',
      'GSSAPI (Kerberos) is not supported: the Kafka client kafkascope uses (@platformatic/kafka) has no Kerberos implementation',
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseSaslMechanism(text)).toThrow(message)
  })
})

describe('AWS MSK IAM values', () => {
  it('regions as the SDKs name them', () => {
    for (const r of ['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-3'])
      expect(parseAwsRegion(r)).toBe(r)
    for (const r of ['US-EAST-1', 'us-east', 'kafka.us-east-1.amazonaws.com', ''])
      expect(() => parseAwsRegion(r)).toThrow(
        `"${r}" is not an AWS region; use e.g. us-east-1 (the region of the MSK cluster)`,
      )
  })

  it('role ARNs of any partition', () => {
    for (const a of [
      'arn:aws:iam::123456789012:role/kafkascope',
      'arn:aws-cn:iam::123456789012:role/path/msk-reader',
    ])
      expect(parseRoleArn(a)).toBe(a)
    for (const a of ['arn:aws:iam::12345:role/x', 'arn:aws:iam::123456789012:user/x', 'kafkascope'])
      expect(() => parseRoleArn(a)).toThrow(
        `"${a}" is not an IAM role ARN; use e.g. arn:aws:iam::123456789012:role/kafkascope`,
      )
  })
})

describe('other security values', () => {
  it("booleans are what Go's strconv.ParseBool (kingpin, kafka_exporter) accepts", () => {
    for (const t of ['true', 'True', 'TRUE', 't', 'T', '1']) expect(parseBool(t), t).toBe(true)
    for (const t of ['false', 'False', 'FALSE', 'f', 'F', '0']) expect(parseBool(t), t).toBe(false)
    for (const t of ['yes', 'on', 'tRUE', '2', ''])
      expect(() => parseBool(t)).toThrow(`"${t}" is not a boolean; use true or false`)
  })

  it('a secret is wrapped, and an empty one is rejected without echoing anything', () => {
    expect(parseSecret('s3cret').reveal()).toBe('s3cret')
    expect(() => parseSecret('')).toThrow(/^the value is empty$/)
  })

  it('token URLs are http(s) without credentials, which are never echoed', () => {
    expect(parseHttpUrl('https://idp.example.com/oauth2/token')).toBe('https://idp.example.com/oauth2/token')
    expect(() => parseHttpUrl('ftp://idp/token')).toThrow('"ftp://idp/token" is not an http or https URL')
    expect(() => parseHttpUrl('idp/token')).toThrow(
      '"idp/token" is not a URL; use e.g. https://idp.example.com/oauth2/token',
    )
    let message = ''
    try {
      parseHttpUrl('https://client:hunter2@idp/token')
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toBe(
      'the URL must not contain credentials; use --sasl.oauthbearer-client-id and a client secret setting',
    )
  })

  it('host names', () => {
    expect(parseHostName('kafka-1.example.com')).toBe('kafka-1.example.com')
    expect(parseHostName('10.0.0.1')).toBe('10.0.0.1')
    for (const t of ['', '-kafka', 'kafka_1', 'a b', 'kafka.'])
      expect(() => parseHostName(t)).toThrow(
        `"${t}" is not a host name: the host name may hold only letters, digits and - in labels separated by dots, none starting or ending with -; e.g. kafka-1.example.com`,
      )
  })

  it('readable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-values-'))
    const file = join(dir, 'ca.pem')
    writeFileSync(file, 'x')
    expect(parseReadableFile(file, 1024)).toBe(file)
    expect(() => parseReadableFile(join(dir, 'missing'), 1024)).toThrow(
      `cannot read "${join(dir, 'missing')}": no such file`,
    )
    expect(() => parseReadableFile(dir, 1024)).toThrow(`"${dir}" is a directory, not a file`)
    expect(() => parseReadableFile('', 1024)).toThrow('the path is empty')
  })
})

describe('static labels', () => {
  it.each<[string, Record<string, string>]>([
    ['env=prod', { env: 'prod' }],
    ['env=prod,dc=eu-1', { env: 'prod', dc: 'eu-1' }],
    ['k=a=b', { k: 'a=b' }],
    ['empty=', { empty: '' }],
    ['', {}],
    // kafka_exporter users name their cluster so; neither Prometheus nor the operator attach it to targets.
    ['cluster=prod-eu', { cluster: 'prod-eu' }],
  ])('%j', (text, labels) => {
    expect(parseLabels(text)).toEqual(labels)
  })

  it.each<[string, string]>([
    ['env', '"env" is not name=value; use e.g. env=prod,dc=eu-1'],
    ['1env=a', '"1env" is not a label name; use letters, digits and _, not first a digit'],
    ['my-env=a', '"my-env" is not a label name; use letters, digits and _, not first a digit'],
    ['__name=a', 'label "__name" is reserved: names starting with __ are Prometheus\'s own'],
    ['env=a,env=b', 'label "env" is given twice'],
    [
      'job=x',
      'label "job" is reserved: Prometheus or the operator attach it to every target (it would become exported_job); pick another name, e.g. kafka_job',
    ],
    [
      'consumergroup=x',
      'label "consumergroup" is reserved: kafkascope uses it (e.g. on kafka_consumergroup_current_offset); pick another name, e.g. kafka_consumergroup',
    ],
    [
      'le=x',
      'label "le" is reserved: it has a meaning in the exposition format; pick another name, e.g. kafka_le',
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseLabels(text)).toThrow(message)
  })

  it('reads the config-file map, numbers and booleans as text', () => {
    expect(labelsFromYaml({ env: 'prod', shard: 3, primary: true })).toEqual({
      env: 'prod',
      shard: '3',
      primary: 'true',
    })
    expect(() => labelsFromYaml({ env: { nested: 1 } })).toThrow('the value of label "env" must be a string')
    expect(() => labelsFromYaml(['env'])).toThrow('must be a map of label name to value, e.g. { env: prod }')
  })
})

describe('metric family names for --metrics.disable', () => {
  it('accepts catalog names and suggests close ones', () => {
    expect(parseFamilyName('kafka_consumergroup_lag')).toBe('kafka_consumergroup_lag')
    expect(() => parseFamilyName('kafka_brokerz')).toThrow(
      '"kafka_brokerz" is not a metric family of kafkascope (did you mean kafka_brokers?); see the Metrics table in the README',
    )
    expect(() => parseFamilyName('up')).toThrow(
      '"up" is not a metric family of kafkascope; see the Metrics table in the README',
    )
  })
})
