import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { LOG_LEVELS } from '../../../src/config/settings.js'
import { CHART_VALUES_SCHEMA } from '../../../src/deploy/helm-values-schema.js'
import type { JsonSchema } from '../../../src/deploy/json-schema.js'
import { CHART, renderChart } from './support/chart.js'

const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'))

/** Key paths of closed schema objects missing from the values, and value keys the schema does not list. */
function compare(schema: JsonSchema, value: unknown, path: string, out: string[]): void {
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  if (properties === undefined || schema.additionalProperties !== false) return
  const v = (value ?? {}) as Record<string, unknown>
  for (const k of Object.keys(properties)) {
    if (!(k in v)) out.push(`${path}${k} is in the schema, not in values.yaml`)
    else compare(properties[k] as JsonSchema, v[k], `${path}${k}.`, out)
  }
  for (const k of Object.keys(v))
    if (!(k in properties)) out.push(`${path}${k} is in values.yaml, not in the schema`)
}

describe('values.schema.json', () => {
  it('is the generated schema, and lists exactly the keys values.yaml documents', () => {
    expect(JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8'))).toEqual(CHART_VALUES_SCHEMA)
    const mismatches: string[] = []
    compare(CHART_VALUES_SCHEMA, values, '', mismatches)
    expect(mismatches).toEqual([])
  })

  it('fails on an unknown key, naming it and where it is', () => {
    expect(() => renderChart([], ['prometheus.serviceMonitor.intervall=1m'])).toThrow(
      /at '\/prometheus\/serviceMonitor': additional properties 'intervall' not allowed/,
    )
    expect(() => renderChart([], ['kafkaServers[0]=kafka:9092'])).toThrow(
      /at '': additional properties 'kafkaServers' not allowed/,
    )
  })

  it('fails on an unknown key in a values file, as helm install does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-values-'))
    const file = join(dir, 'values.yaml')
    writeFileSync(file, 'tls:\n  enabled: true\n  caFiel: ca.crt\n')
    try {
      expect(() => renderChart([file])).toThrow(/at '\/tls': additional properties 'caFiel' not allowed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("refuses a value kafkascope would refuse at start, listing kafkascope's valid values", () => {
    let message = ''
    try {
      renderChart([], ['logLevel=verbose'])
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain("at '/logLevel'")
    for (const level of LOG_LEVELS) expect(message).toContain(`'${level}'`)
  })
})

describe('values that cannot work', () => {
  const refused: [string, string[], RegExp][] = [
    ['the Kafka subchart', ['kafka.enabled=true'], /kafka\.enabled: .*deploys no Kafka/],
    [
      'Kerberos',
      ['sasl.enabled=true', 'sasl.kerberos.enabled=true'],
      /does not support Kerberos \(GSSAPI\); use/,
    ],
    [
      "kafka_exporter's binary",
      ['command={/bin/kafka_exporter}'],
      /command: \/bin\/kafka_exporter is kafka_exporter's binary/,
    ],
    ['endpoint TLS without its Secret', ['server.tls.enabled=true'], /server\.tls\.secretName is required/],
    [
      'two web configs',
      ['server.tls.enabled=true', 'server.tls.secretName=s', 'webConfig.secretName=w'],
      /server\.tls\.enabled and webConfig\.secretName: set one/,
    ],
    [
      'mutual TLS with httpGet probes',
      ['server.tls.enabled=true', 'server.tls.secretName=s', 'server.tls.mutualAuthEnabled=true'],
      /liveness\.probe: .*kubelet cannot present a client certificate.*use tcpSocket/,
    ],
    [
      'both monitors',
      ['prometheus.serviceMonitor.enabled=true', 'prometheus.podMonitor.enabled=true'],
      /enable one, or Prometheus scrapes every series twice/,
    ],
  ]
  it.each(refused)('refuses %s, saying what to do', (_, set, message) => {
    expect(() => renderChart([], set)).toThrow(message)
  })
})
