import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { CHART_RULES_FILE } from '../../../src/deploy/artifacts.js'
import { ruleFile } from '../../../src/monitoring/alerts/index.js'
import { defaultConfig } from '../../../src/monitoring/config.js'
import { DASHBOARDS, dashboardJson } from '../../../src/monitoring/dashboards/index.js'
import { renderChart } from './support/chart.js'
import { type Any, byKind, one } from './support/expect.js'
import { REPO } from './support/manifests.js'

const scratch = mkdtempSync(join(tmpdir(), 'kafkascope-helm-monitoring-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Values through a file: a PromQL selector has commas and quotes that --set would split. */
function render(values: object) {
  const file = join(scratch, `values-${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(file, stringify(values))
  return renderChart([file])
}

describe('the chart at install: selector of the rules, label of the cluster', { timeout: 120_000 }, () => {
  it('selects with the rules the generator writes for the same selector', () => {
    const selector = 'job="kafka-exporter", namespace="kafka"'
    const objects = render({ prometheusRule: { enabled: true, selector } })
    const rule = one(objects, 'PrometheusRule') as Any
    expect(rule.spec.groups).toEqual(
      JSON.parse(JSON.stringify(ruleFile({ ...defaultConfig, selector }).groups)),
    )
    expect(JSON.stringify(rule.spec.groups)).not.toContain('job=\\"kafkascope\\"')
  })

  it('replaces the selector the rule file was generated with (the template names it)', () => {
    const template = readFileSync(join(REPO, 'deploy/helm/kafkascope/templates/prometheusrule.yaml'), 'utf8')
    const quoted = JSON.stringify(defaultConfig.selector)
    expect(template).toContain(`$generated := ${quoted}`)
    expect(readFileSync(join(REPO, CHART_RULES_FILE), 'utf8')).toContain(defaultConfig.selector)
  })

  it('refuses a selector that could break out of the rule file', () => {
    expect(() => render({ prometheusRule: { enabled: true, selector: "job='x'" } })).toThrow(/selector/)
    expect(() => render({ prometheusRule: { enabled: true, selector: 'job="a\\"b"' } })).toThrow(/selector/)
  })

  it('names the cluster by dashboards.clusterLabel exactly as the generator does', () => {
    const objects = render({ dashboards: { enabled: true, clusterLabel: 'kafka_cluster' } })
    const maps = byKind(objects, 'ConfigMap') as Any[]
    expect(maps.length).toBe(DASHBOARDS.length)
    for (const d of DASHBOARDS) {
      const map = maps.find((m) => d.file in m.data)
      expect(JSON.parse(map.data[d.file])).toEqual(JSON.parse(dashboardJson(d, 'kafka_cluster')))
      expect(map.data[d.file]).not.toMatch(/[^_]cluster=~|by \(cluster/)
    }
    expect(() => render({ dashboards: { enabled: true, clusterLabel: 'kafka-cluster' } })).toThrow(
      /clusterLabel/,
    )
  })
})
