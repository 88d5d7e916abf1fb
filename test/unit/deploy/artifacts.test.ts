import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ARTIFACTS } from '../../../src/artifacts.js'
import {
  CHART_DASHBOARDS_DIR,
  CHART_RULES_FILE,
  deployFiles,
  MONITORING_OVERLAY,
} from '../../../src/deploy/artifacts.js'
import { REPO } from './support/manifests.js'

const read = (path: string) => readFileSync(join(REPO, path), 'utf8')
const repoDashboards = () =>
  readdirSync(join(REPO, 'dashboards'))
    .filter((f) => f.endsWith('.json'))
    .sort()

describe('generated deployment manifests', () => {
  const files = deployFiles()

  it('are all registered in ARTIFACTS, so npm run generate writes them and generate:check checks them', () => {
    const registered = new Set(ARTIFACTS.map((a) => a.path))
    for (const f of files) expect(registered, f.path).toContain(f.path)
    expect(files.map((f) => f.path).every((p) => p.startsWith('deploy/'))).toBe(true)
  })

  it('are committed as generated (run npm run generate when this fails)', () => {
    for (const f of files) {
      expect(existsSync(join(REPO, f.path)), `${f.path} is missing`).toBe(true)
      expect(read(f.path), `${f.path} is stale`).toBe(f.content())
    }
  })

  it('give the PrometheusRule exactly the groups of the generated rule file', () => {
    const rule = parse(read(`${MONITORING_OVERLAY}/prometheusrule.yaml`))
    expect(rule.kind).toBe('PrometheusRule')
    const groups = parse(read('alerts/kafkascope.rules.yml')).groups
    expect(groups.length).toBeGreaterThan(0)
    expect(rule.spec.groups).toEqual(groups)
  })

  it('hold one ConfigMap per generated dashboard, labelled for the Grafana sidecar, with the same JSON', () => {
    const maps = read(`${MONITORING_OVERLAY}/grafana-dashboards.yaml`)
      .split(/^---$/m)
      .map((d) => parse(d))
      .filter((d) => d !== null)
    const keys = maps.flatMap((m) => Object.keys(m.data)).sort()
    expect(keys).toEqual(repoDashboards())
    for (const m of maps) {
      expect(m.kind).toBe('ConfigMap')
      expect(m.metadata.labels.grafana_dashboard).toBe('1')
      const [file, json] = Object.entries(m.data)[0] as [string, string]
      expect(JSON.parse(json)).toEqual(JSON.parse(read(`dashboards/${file}`)))
    }
  })

  it('give the chart the same rule file and exactly the generated dashboards (no stale copies)', () => {
    expect(read(CHART_RULES_FILE)).toBe(read('alerts/kafkascope.rules.yml'))
    const copies = readdirSync(join(REPO, CHART_DASHBOARDS_DIR)).sort()
    expect(copies).toEqual(repoDashboards())
    for (const f of copies) expect(read(`${CHART_DASHBOARDS_DIR}/${f}`)).toBe(read(`dashboards/${f}`))
  })
})
