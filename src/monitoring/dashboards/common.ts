/**
 * Shared defaults of every kafkascope dashboard: scoped queries, small panel functions and
 * the dashboard frame. Dashboards are lists of calls to these, so they look alike and stay short.
 */
import * as common from '@grafana/grafana-foundation-sdk/common'
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus'
import * as stat from '@grafana/grafana-foundation-sdk/stat'
import * as table from '@grafana/grafana-foundation-sdk/table'
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries'
import type { Family } from '../../metrics/catalog.js'
import { runbookUrl } from '../alerts/index.js'
import { type AlertName, defaultConfig } from '../config.js'
import { sel } from '../promql.js'
import { CLUSTER, CLUSTER_LABEL, dedup } from './cluster-label.js'
import { DATASOURCE, grafanaVar, INSTANCE, TAG, TARGET } from './grafana.js'
import { datasourceVariable, targetVariables } from './variables.js'

export { CLUSTER, CLUSTER_LABEL, dedup, perCluster } from './cluster-label.js'
export { DATASOURCE, grafanaVar, INSTANCE, TAG, TARGET } from './grafana.js'
export { labelVariable } from './variables.js'

/** `family{cluster=~"$cluster", job=~"$job", instance=~"$instance", ...more}`: a family scoped to the choice. */
export function scoped(family: Family, ...more: string[]): string {
  return sel(family, CLUSTER, TARGET, INSTANCE, ...more)
}

/** A family scoped to the choice, once per cluster and series of its own labels (dedup by all of them). */
export function once(family: Family, ...more: string[]): string {
  return dedup(scoped(family, ...more), ...family.labels)
}

// --- queries -----------------------------------------------------------------------------------------------------

/** A range query (a graph line per series), with a legend template. */
export function query(expr: string, legend = '__auto'): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).legendFormat(legend).range()
}

/** An instant query in table format, one row per series. */
export function tableQuery(expr: string, refId: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .expr(expr)
    .instant()
    .format(prometheus.PromQueryFormat.Table)
    .refId(refId)
}

/**
 * Table columns from several instant queries, each declared once as [expression, column title]; a null title keeps
 * the query (its labels join the row) but hides its value. Ref ids, renames and hidden columns are derived, so a
 * column can never be renamed from the wrong query.
 */
export function columns(list: readonly [expr: string, title: string | null][]): {
  queries: prometheus.DataqueryBuilder[]
  rename: Record<string, string>
  hide: string[]
} {
  const rename: Record<string, string> = {}
  const hide: string[] = []
  const queries = list.map(([expr, title], i) => {
    const refId = String.fromCharCode(65 + i)
    if (title === null) hide.push(`Value #${refId}`)
    else rename[`Value #${refId}`] = title
    return tableQuery(expr, refId)
  })
  return { queries, rename, hide }
}

// --- panels ------------------------------------------------------------------------------------------------------

/** Grafana unit ids: messages/s for rates of offsets, plain counts, seconds, bytes, ratios. */
export const UNIT = {
  count: 'short',
  messagesPerSecond: 'mps',
  perSecond: 'cps',
  seconds: 's',
  bytes: 'bytes',
  ratio: 'percentunit',
} as const
export type Unit = (typeof UNIT)[keyof typeof UNIT]

interface PanelOpts {
  unit?: Unit
  span?: number
  height?: number
  /** Alerts about what the panel shows: their runbooks become the panel's links. */
  runbooks?: readonly AlertName[]
}

/** Panel links to the runbooks, through the same URL pattern as the rules' runbook_url. */
export function runbookLinks(alerts: readonly AlertName[] = []): dashboard.DashboardLinkBuilder[] {
  return alerts.map((alert) =>
    new dashboard.DashboardLinkBuilder(`Runbook: ${alert}`)
      .type(dashboard.DashboardLinkType.Link)
      .url(runbookUrl(defaultConfig, alert))
      .targetBlank(true),
  )
}

export function graph(
  title: string,
  description: string,
  queries: prometheus.DataqueryBuilder[],
  { unit = UNIT.count, span = 12, height = 8, runbooks }: PanelOpts = {},
): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .links(runbookLinks(runbooks))
    .unit(unit)
    .span(span)
    .height(height)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .showLegend(true)
        .calcs(['lastNotNull', 'max']),
    )
  for (const query of queries) panel.withTarget(query)
  return panel
}

/** A single number; `bad` colours it red from that value on, `good` green from that value on (red below). */
export function single(
  title: string,
  description: string,
  query: prometheus.DataqueryBuilder,
  {
    unit = UNIT.count,
    span = 4,
    height = 4,
    bad,
    good,
    runbooks,
  }: PanelOpts & { bad?: number; good?: number } = {},
): stat.PanelBuilder {
  const steps: dashboard.Threshold[] =
    bad !== undefined
      ? [
          { value: null, color: 'green' },
          { value: bad, color: 'red' },
        ]
      : good !== undefined
        ? [
            { value: null, color: 'red' },
            { value: good, color: 'green' },
          ]
        : [{ value: null, color: 'text' }]
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .links(runbookLinks(runbooks))
    .unit(unit)
    .span(span)
    .height(height)
    .withTarget(query)
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps))
}

/**
 * Instant queries merged into one table by their labels. `links` makes a column clickable (drill-down): each
 * entry maps a column to a URL that may use `${__value.raw}`.
 */
export function grid(
  title: string,
  description: string,
  queries: prometheus.DataqueryBuilder[],
  opts: PanelOpts & {
    links?: Record<string, { title: string; url: string }>
    rename?: Record<string, string>
    /** Columns not to show, besides Time and the target labels. */
    hide?: string[]
  } = {},
): table.PanelBuilder {
  const { span = 24, height = 8, links = {}, rename = {}, hide = [], unit = UNIT.count, runbooks } = opts
  const exclude = Object.fromEntries(
    ['Time', CLUSTER_LABEL, 'job', 'instance', '__name__', ...hide].map((c) => [c, true]),
  )
  const panel = new table.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .links(runbookLinks(runbooks))
    .unit(unit)
    .span(span)
    .height(height)
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: exclude,
        renameByName: rename,
      },
    })
  for (const query of queries) panel.withTarget(query)
  for (const [column, link] of Object.entries(links)) {
    panel.overrideByName(column, [{ id: 'links', value: [{ title: link.title, url: link.url }] }])
  }
  // Columns titled "... (s)" hold seconds.
  for (const column of Object.values(rename).filter((t) => t.endsWith('(s)'))) {
    panel.overrideByName(column, [{ id: 'unit', value: UNIT.seconds }])
  }
  return panel
}

/** A table of value columns declared once each (see columns()). */
export function columnGrid(
  title: string,
  description: string,
  list: readonly [expr: string, title: string | null][],
  opts: PanelOpts & { links?: Record<string, { title: string; url: string }> } = {},
): table.PanelBuilder {
  const { queries, rename, hide } = columns(list)
  return grid(title, description, queries, { ...opts, rename, hide })
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title)
}

// --- dashboards --------------------------------------------------------------------------------------------------

export interface DashboardSpec {
  readonly uid: string
  readonly title: string
  readonly description: string
  /** Variables after datasource, job and instance. */
  readonly variables: dashboard.QueryVariableBuilder[]
  readonly panels: (dashboard.RowBuilder | { build(): dashboard.Panel })[]
}

/** The URL of a dashboard with the current time range and target, for data links. */
export function dashboardUrl(uid: string, vars: Record<string, string>): string {
  const keep = [
    '__url_time_range',
    'datasource:queryparam',
    'cluster:queryparam',
    'job:queryparam',
    'instance:queryparam',
  ].map(grafanaVar)
  const params = Object.entries(vars).map(([k, v]) => `var-${k}=${v}`)
  return `/d/${uid}/?${[...keep, ...params].join('&')}`
}

export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([TAG, 'kafka'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .link(
      new dashboard.DashboardLinkBuilder('kafkascope')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .withVariable(datasourceVariable())
  for (const v of [...targetVariables(), ...spec.variables]) builder.withVariable(v)
  for (const p of spec.panels) {
    if (p instanceof dashboard.RowBuilder) builder.withRow(p)
    else builder.withPanel(p)
  }
  const built = builder.build()
  // Grafana assigns missing panel ids on load, differently each time; fixed ids keep the committed JSON stable.
  built.panels?.forEach((p, i) => {
    p.id = i + 1
  })
  return built
}
