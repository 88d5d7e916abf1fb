import { describe, expect, it } from 'vitest'
import { KAFKA_EXPORTER_FAMILIES } from '../../../src/metrics/catalog/kafka-exporter.js'
import { FAMILIES, type Family } from '../../../src/metrics/catalog.js'
import { EVERY_GRANULARITY, exportedAt, granularityArea } from '../../../src/metrics/granularity.js'
import { BEYOND_LEAN, inSet } from '../../../src/metrics/metric-sets.js'
import { allAlerts } from '../../../src/monitoring/alerts/index.js'
import { defaultConfig } from '../../../src/monitoring/config.js'
import { PER_PARTITION_PANELS } from '../../../src/monitoring/dashboards/per-partition.js'
import { PROMETHEUS_UP } from '../../../src/monitoring/promql.js'
import { exposition, type GoldenRun, pollTimeline } from '../../fakes/golden-cluster.js'
import { committedDashboards, panelQueries, variableQueries } from '../../support/dashboard-queries.js'

const BY_NAME = new Map(FAMILIES.map((f) => [f.name, f]))

/** The catalog families a PromQL expression selects (every selector is `name{...}`). */
function familiesOf(expr: string): Family[] {
  const names = [...expr.replace(/"[^"]*"/g, '""').matchAll(/\b([a-z_:][a-z0-9_:]*)\s*\{/g)].map((m) => m[1])
  return [...new Set(names)].flatMap((n) => {
    if (n === PROMETHEUS_UP) return []
    const f = BY_NAME.get(n as string)
    if (!f) throw new Error(`${n} in ${expr} is not a family of the catalog`)
    return [f]
  })
}

interface Use {
  readonly where: string
  readonly families: readonly Family[]
}

const alertUses: Use[] = allAlerts(defaultConfig).map((s) => ({
  where: `alert ${s.alert}`,
  families: familiesOf(s.expr),
}))

const dashboards = committedDashboards()
const perPartition = (uid: string, panel: string) => PER_PARTITION_PANELS[uid]?.includes(panel) === true
const panelUses: Use[] = dashboards.flatMap((d) =>
  panelQueries(d)
    .filter((q) => !perPartition(d.uid, q.panel))
    .map((q) => ({ where: `${d.uid} / ${q.panel}: ${q.expr}`, families: familiesOf(q.expr) })),
)
const variableUses: Use[] = dashboards.flatMap((d) =>
  variableQueries(d).map((v) => ({ where: `${d.uid} $${v.name}`, families: familiesOf(`${v.match}{}`) })),
)

const settingName = (g: (typeof EVERY_GRANULARITY)[number]) =>
  `--metrics.topic-granularity=${g.topics} --metrics.group-granularity=${g.groups}`

/** Families with at least one sample in a body. */
function sampled(body: string): Set<string> {
  const names = body
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)?.[0] as string)
  return new Set(names)
}

describe('every alert and dashboard at every granularity', () => {
  let run: GoldenRun | undefined
  const golden = async () => {
    run ??= await pollTimeline()
    return run
  }

  it('covers the uses: every alert, every panel outside the per-partition list, every variable', () => {
    expect(alertUses.length).toBe(allAlerts(defaultConfig).length)
    expect(panelUses.length).toBeGreaterThan(40)
    // Each names a catalog family, or Prometheus' own up (KafkascopeDown, the Scraped panel).
    for (const u of [...alertUses, ...panelUses])
      expect(
        u.families.length > 0 || /\bup\{/.test(u.where) || u.where === 'alert KafkascopeDown',
        u.where,
      ).toBe(true)
  })

  it.each(EVERY_GRANULARITY.map((g) => [settingName(g), g] as const))(
    'with %s, every family they use is exported and has samples from the golden cluster',
    async (_name, g) => {
      const body = exposition(await golden(), 'text', {
        topicGranularity: g.topics,
        groupGranularity: g.groups,
      })
      const present = sampled(body)
      for (const u of [...alertUses, ...panelUses, ...variableUses]) {
        for (const f of u.families) {
          expect(exportedAt(f, g), `${u.where} uses ${f.name}`).toBe(true)
          expect(present.has(f.name), `${u.where} uses ${f.name}, which has no sample`).toBe(true)
        }
      }
    },
  )

  it.each(EVERY_GRANULARITY.map((g) => [settingName(g), g] as const))(
    'with --metrics.set=lean and %s, every family they use is exported and has samples',
    async (_name, g) => {
      const body = exposition(await golden(), 'text', {
        topicGranularity: g.topics,
        groupGranularity: g.groups,
        set: 'lean',
      })
      const present = sampled(body)
      for (const u of [...alertUses, ...panelUses, ...variableUses])
        for (const f of u.families) {
          expect(inSet(f, 'lean'), `${u.where} uses ${f.name}, outside the lean set`).toBe(true)
          if (exportedAt(f, g)) expect(present.has(f.name), `${u.where} uses ${f.name}`).toBe(true)
        }
      // And the lean set does leave something out (what it leaves out is there in the full set).
      for (const { family, instead } of BEYOND_LEAN) {
        expect(present.has(family.name), family.name).toBe(false)
        expect(present.has(instead.name), instead.name).toBe(true)
      }
      const full = sampled(exposition(await golden(), 'text', { topicGranularity: 'partition' }))
      for (const { family } of BEYOND_LEAN) expect(full.has(family.name), family.name).toBe(true)
    },
  )

  it('leaves out of the lean set none of kafka_exporter’s families', () => {
    for (const f of Object.values(KAFKA_EXPORTER_FAMILIES)) expect(inSet(f, 'lean'), f.name).toBe(true)
  })

  it('would catch an alert or panel on a per-partition family', () => {
    const atTopic = EVERY_GRANULARITY.filter((g) => g.topics === 'topic' || g.groups === 'topic')
    const perPartitionFamilies = FAMILIES.filter((f) => granularityArea(f) !== null)
    for (const f of perPartitionFamilies)
      expect(
        atTopic.some((g) => !exportedAt(f, g)),
        f.name,
      ).toBe(true)
  })

  it('lists only panels that exist and do show partitions', () => {
    for (const [uid, panels] of Object.entries(PER_PARTITION_PANELS)) {
      const d = dashboards.find((x) => x.uid === uid)
      expect(d, uid).toBeDefined()
      const queries = panelQueries(d as (typeof dashboards)[number])
      for (const panel of panels) {
        const used = queries.filter((q) => q.panel === panel).flatMap((q) => familiesOf(q.expr))
        expect(used.length, `${uid} / ${panel}`).toBeGreaterThan(0)
        expect(
          used.some((f) => granularityArea(f) !== null),
          `${uid} / ${panel} uses no per-partition family: take it off PER_PARTITION_PANELS`,
        ).toBe(true)
      }
    }
  })
})
