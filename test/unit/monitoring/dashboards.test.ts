import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../src/metrics/catalog.js'
import { allAlerts, runbookUrl } from '../../../src/monitoring/alerts/index.js'
import { defaultConfig } from '../../../src/monitoring/config.js'
import { relabelCluster } from '../../../src/monitoring/dashboards/cluster-label.js'
import { DASHBOARDS, dashboardJson } from '../../../src/monitoring/dashboards/index.js'
import { PROMETHEUS_UP } from '../../../src/monitoring/promql.js'
import {
  committedDashboards,
  panelQueries,
  substitute,
  variableQueries,
} from '../../support/dashboard-queries.js'

const built = DASHBOARDS.map((d) => ({ file: d.file, dashboard: d.build() }))
const known = new Set([...FAMILIES.map((f) => f.name), PROMETHEUS_UP])

describe('dashboards', () => {
  it('have stable, unique uids of at most 40 characters, matching their file names', () => {
    expect(built.map((b) => b.dashboard.uid)).toEqual([
      'kafkascope-cluster',
      'kafkascope-topics',
      'kafkascope-consumer-groups',
      'kafkascope-share-groups',
      'kafkascope-exporter',
    ])
    for (const b of built) {
      expect(b.file).toBe(`${b.dashboard.uid}.json`)
      expect((b.dashboard.uid ?? '').length).toBeLessThanOrEqual(40)
    }
  })

  it('are built the same way twice (no random ids or timestamps)', () => {
    for (const d of DASHBOARDS) expect(JSON.stringify(d.build())).toBe(JSON.stringify(d.build()))
  })

  it('have the datasource, job and instance variables, plus topic and consumergroup where they apply', () => {
    const names = (uid: string) =>
      committedDashboards()
        .find((d) => d.uid === uid)
        ?.templating.list.map((v) => v.name)
    expect(names('kafkascope-cluster')).toEqual(['datasource', 'cluster', 'job', 'instance'])
    expect(names('kafkascope-topics')).toEqual(['datasource', 'cluster', 'job', 'instance', 'topic'])
    expect(names('kafkascope-consumer-groups')).toEqual([
      'datasource',
      'cluster',
      'job',
      'instance',
      'consumergroup',
      'topic',
    ])
    expect(names('kafkascope-share-groups')).toEqual([
      'datasource',
      'cluster',
      'job',
      'instance',
      'sharegroup',
      'topic',
    ])
    expect(names('kafkascope-exporter')).toEqual(['datasource', 'cluster', 'job', 'instance'])
  })

  it('import from grafana.com as they are: a DS_PROMETHEUS input, the datasource variable defaulting to it, requires', () => {
    for (const text of DASHBOARDS.map((d) => dashboardJson(d))) {
      const d = JSON.parse(text) as {
        __inputs: { name: string; type: string; pluginId: string }[]
        __requires: { type: string; id: string }[]
        panels: { type: string }[]
        templating: { list: { name: string; type: string; current?: { value?: string } }[] }
      }
      expect(d.__inputs).toEqual([
        expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
      ])
      expect(d.templating.list[0]).toMatchObject({
        name: 'datasource',
        type: 'datasource',
        current: { value: `\${DS_PROMETHEUS}` },
      })
      const required = d.__requires.map((r) => `${r.type}/${r.id}`)
      expect(required).toEqual(expect.arrayContaining(['grafana/grafana', 'datasource/prometheus']))
      for (const t of new Set(d.panels.map((p) => p.type).filter((t) => t !== 'row')))
        expect(required).toContain(`panel/${t}`)
      // Nothing else is left for the import to fill in.
      expect(text.match(/\$\{DS_[A-Z_]+\}/g)?.every((m) => m === `\${DS_PROMETHEUS}`)).toBe(true)
    }
  })

  it('state a unit on every panel, messages/s on the message rates', () => {
    for (const d of committedDashboards()) {
      for (const p of d.panels.filter((x) => x.type !== 'row')) {
        const unit = (p.fieldConfig as { defaults?: { unit?: string } } | undefined)?.defaults?.unit
        expect(unit, `${d.uid} / ${p.title}`).toMatch(/^(short|mps|cps|s|bytes|percentunit)$/)
        if (/^Messages in per|^Consumed vs produced/.test(p.title)) expect(unit, p.title).toBe('mps')
      }
    }
  })

  it("link the runbooks of the alerts about a panel, through the rules' runbook URL", () => {
    const urls = new Map(allAlerts(defaultConfig).map((s) => [runbookUrl(defaultConfig, s.alert), s.alert]))
    const linked = new Set<string>()
    for (const d of committedDashboards()) {
      for (const p of d.panels as { title: string; links?: { title: string; url: string }[] }[]) {
        for (const l of p.links ?? []) {
          const alert = urls.get(l.url)
          expect(alert, `${d.uid} / ${p.title}: ${l.url}`).toBeDefined()
          expect(l.title).toBe(`Runbook: ${alert}`)
          linked.add(alert as string)
        }
      }
    }
    // Every alert about Kafka or the exporter is reachable from some panel.
    expect([...linked].sort()).toEqual(
      allAlerts(defaultConfig)
        .map((s) => s.alert)
        .sort(),
    )
  })

  it('count cluster-wide figures once per cluster, not once per instance (sidecar layout)', () => {
    for (const d of committedDashboards().filter((x) => x.uid !== 'kafkascope-exporter')) {
      for (const q of panelQueries(d)) {
        const firstSelector = q.expr.search(/\b[a-z_:][a-z0-9_:]*\{/)
        const firstDedup = q.expr.indexOf('max by (cluster')
        expect(firstDedup, `${d.uid} / ${q.panel}: ${q.expr}`).toBeGreaterThanOrEqual(0)
        expect(firstDedup, `${d.uid} / ${q.panel}: ${q.expr}`).toBeLessThan(firstSelector)
        expect(q.expr, `${d.uid} / ${q.panel}`).not.toMatch(/\b(sum|count|avg)\((?!.*by)/)
      }
    }
  })

  it('name the cluster by another label when generated or installed so', () => {
    const text = relabelCluster(dashboardJson(DASHBOARDS[0] as (typeof DASHBOARDS)[number]), 'kafka_cluster')
    expect(text).not.toMatch(/[^_]cluster=~|by \(cluster|, cluster\)/)
    expect(text).toContain('kafka_cluster=~\\"$cluster\\"')
    expect(text).toContain('label_values(kafkascope_up, kafka_cluster)')
    expect(text).toContain('sum by (kafka_cluster) (max by (kafka_cluster, topic) (')
    expect(() => relabelCluster(text, 'a-b')).toThrow('a-b is no label name')
  })

  it('query only metrics of the catalog, through the datasource variable, scoped to the chosen target', () => {
    for (const d of committedDashboards()) {
      const queries = panelQueries(d)
      expect(queries.length, d.uid).toBeGreaterThan(5)
      for (const q of queries) {
        const where = `${d.uid} / ${q.panel}: ${q.expr}`
        const selectors = [...q.expr.matchAll(/\b([a-z_:][a-z0-9_:]*)\{([^}]*)\}/g)]
        expect(selectors.length, where).toBeGreaterThan(0)
        for (const [, name, matchers] of selectors) {
          expect(known, where).toContain(name)
          expect(matchers, where).toContain('job=~"$job", instance=~"$instance"')
        }
      }
      for (const v of variableQueries(d)) expect(known).toContain(v.match.replace(/\{.*$/, ''))
      for (const p of d.panels) {
        if (p.type !== 'row') expect(p.datasource?.uid, `${d.uid} / ${p.title}`).toBe(`\${datasource}`)
      }
    }
  })

  it('use $__rate_interval for every range function', () => {
    for (const d of committedDashboards()) {
      for (const q of panelQueries(d)) {
        for (const [, window] of q.expr.matchAll(/\[([^\]]+)\]/g))
          expect(window, q.expr).toBe('$__rate_interval')
      }
    }
  })

  it('lay panels out on the 24-column grid without overlaps, with unique titles', () => {
    for (const d of committedDashboards()) {
      const boxes = d.panels.map((p) => ({ title: p.title, ...p.gridPos }))
      // Rows are headings; the panels themselves are found by title (the end-to-end test does).
      const titles = d.panels.filter((p) => p.type !== 'row').map((p) => p.title)
      expect(new Set(titles).size, d.uid).toBe(titles.length)
      for (const b of boxes) expect(b.x + b.w, `${d.uid} / ${b.title}`).toBeLessThanOrEqual(24)
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1))
          expect(overlap(a, b), `${d.uid}: ${a.title} / ${b.title}`).toBe(false)
      }
    }
  })

  it('drill down from a consumer group to its topics and from a topic to its partitions', () => {
    const groups = committedDashboards().find((d) => d.uid === 'kafkascope-consumer-groups')
    const links = JSON.stringify(groups?.panels.map((p) => p.fieldConfig))
    expect(links).toContain(`var-consumergroup=\${__value.raw}&var-topic=$__all`)
    expect(links).toContain(`var-consumergroup=\${__data.fields.consumergroup}&var-topic=\${__value.raw}`)
    expect(links).toContain(`/d/kafkascope-consumer-groups/?\${__url_time_range}&\${datasource:queryparam}`)
  })
})

describe('substitute (how the end-to-end test runs dashboard queries)', () => {
  it('replaces Grafana variables and refuses unknown ones', () => {
    expect(substitute(`rate(x{a=~"$topic", b="\${job}"}[$__rate_interval])`, { topic: '.*', job: 'j' })).toBe(
      'rate(x{a=~".*", b="j"}[1m])',
    )
    expect(() => substitute('x{a="$nope"}', {})).toThrow('no value for variable $nope')
  })
})

interface GridPos {
  x: number
  y: number
  w: number
  h: number
}

function overlap(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}
