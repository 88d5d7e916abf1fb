import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DASHBOARDS } from '../../src/monitoring/dashboards/index.js'

/** The parts of a committed dashboard JSON that hold queries. */
interface DashboardJson {
  uid: string
  title: string
  templating: { list: { name: string; type: string; query?: unknown }[] }
  panels: {
    title: string
    type: string
    gridPos: { x: number; y: number; w: number; h: number }
    datasource?: { type?: string; uid?: string }
    fieldConfig?: unknown
    targets?: { expr?: string; instant?: boolean; range?: boolean }[]
  }[]
}

export interface PanelQuery {
  readonly dashboard: string
  readonly panel: string
  readonly expr: string
  readonly instant: boolean
}

export interface VariableQuery {
  readonly dashboard: string
  readonly name: string
  readonly label: string
  readonly match: string
}

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The committed dashboards, as Grafana would load them. */
export function committedDashboards(): DashboardJson[] {
  return DASHBOARDS.map(
    (d) => JSON.parse(readFileSync(join(root, 'dashboards', d.file), 'utf8')) as DashboardJson,
  )
}

export function panelQueries(d: DashboardJson): PanelQuery[] {
  return d.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => {
      if (typeof t.expr !== 'string') throw new Error(`${d.uid} / ${p.title}: a target without expr`)
      return { dashboard: d.uid, panel: p.title, expr: t.expr, instant: t.instant === true }
    }),
  )
}

/** Query variables, which all use Grafana's `label_values(<selector>, <label>)`. */
export function variableQueries(d: DashboardJson): VariableQuery[] {
  return d.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const m = /^label_values\((.+), (\w+)\)$/.exec(String(v.query))
      if (!m) throw new Error(`${d.uid}: variable ${v.name} is not label_values(...): ${String(v.query)}`)
      return { dashboard: d.uid, name: v.name, match: m[1] as string, label: m[2] as string }
    })
}

/**
 * Replaces Grafana's variables as Grafana would before sending a query: `$__rate_interval` by a fixed window and
 * `$name`/`${name}` by the given (regex) values. An unknown variable throws, so a typo cannot pass as a literal.
 */
export function substitute(
  expr: string,
  values: Readonly<Record<string, string>>,
  rateInterval = '1m',
): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, plain: string | undefined) => {
      const name = (braced ?? plain) as string
      const value = values[name]
      if (value === undefined) throw new Error(`no value for variable $${name} in ${expr}`)
      return value
    })
}
