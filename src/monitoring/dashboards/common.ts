/**
 * Shared defaults of every kafkascope dashboard: the datasource and target variables, small panel functions and
 * the dashboard frame. Dashboards are lists of calls to these, so they look alike and stay short.
 */
import * as common from '@grafana/grafana-foundation-sdk/common'
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus'
import * as stat from '@grafana/grafana-foundation-sdk/stat'
import * as table from '@grafana/grafana-foundation-sdk/table'
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import { runbookUrl } from '../alerts/index.js'
import { type AlertName, defaultConfig } from '../config.js'
import { sel } from '../promql.js'

export const TAG = 'kafkascope'
/** Grafana's `${name}` interpolation, spelled so it cannot be mistaken for a JavaScript template. */
export function grafanaVar(name: string): string {
  return `$\{${name}}`
}

export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: grafanaVar('datasource') }

/**
 * The label that names the Kafka cluster. The builders always write `cluster`; relabelCluster() (generation, from
 * config.clusterLabel) and the chart (dashboards.clusterLabel) rewrite the JSON, so its every use must go through
 * CLUSTER, the `by (cluster` of dedup() or the cluster variable.
 */
export const CLUSTER_LABEL = 'cluster'

/** Every query is scoped to the cluster and kafkascope targets chosen in the cluster, job and instance variables. */
export const CLUSTER = `${CLUSTER_LABEL}=~"$cluster"`
export const TARGET = 'job=~"$job"'
export const INSTANCE = 'instance=~"$instance"'

/** `family{cluster=~"$cluster", job=~"$job", instance=~"$instance", ...more}`: a family scoped to the choice. */
export function scoped(family: Family, ...more: string[]): string {
  return sel(family, CLUSTER, TARGET, INSTANCE, ...more)
}

/**
 * One series per cluster and `key`, however many kafkascope instances report it. In the sidecar layout every broker
 * pod's kafkascope reports the whole cluster, so a plain sum over instances would count each partition once per
 * broker; instances of one cluster report the same values, and max picks one of them.
 */
export function dedup(expr: string, ...key: string[]): string {
  return `max by (${[CLUSTER_LABEL, ...key].join(', ')}) (${expr})`
}

/** A family scoped to the choice, once per cluster and series of its own labels (dedup by all of them). */
export function once(family: Family, ...more: string[]): string {
  return dedup(scoped(family, ...more), ...family.labels)
}

/** `agg by (cluster, ...by) (dedup(expr, ...key))`: a cluster-wide figure counted once per cluster. */
export function perCluster(
  agg: 'sum' | 'count' | 'max' | 'min' | 'avg',
  expr: string,
  key: string[],
  by: string[] = [],
): string {
  return `${agg} by (${[CLUSTER_LABEL, ...by].join(', ')}) (${dedup(expr, ...key)})`
}

// --- variables ---------------------------------------------------------------------------------------------------

/** The import input of grafana.com's dashboard import: Grafana replaces `${DS_PROMETHEUS}` by the chosen datasource. */
export const DS_INPUT = 'DS_PROMETHEUS'

/** Defaults to the datasource picked at import; provisioned as-is, Grafana falls back to its default datasource. */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  const imported = grafanaVar(DS_INPUT)
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ selected: false, text: imported, value: imported })
}

/** A variable filled from `label_values(<family with matchers>, label)`. */
export function labelVariable(
  name: string,
  label: string,
  source: string,
  opts: { multi?: boolean } = {},
): dashboard.QueryVariableBuilder {
  const query = `label_values(${source}, ${label})`
  const v = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
  // With "All", Grafana sends `.*` (not a list of every value), which keeps queries short on big clusters.
  return opts.multi
    ? v.multi(true).includeAll(true).allValue('.*').current({ text: 'All', value: '$__all', selected: true })
    : v
}

/**
 * cluster, job and instance, from kafkascope_up: every kafkascope target has it, whatever it collects. Without a
 * cluster label the cluster variable is empty and "All" (`.*`) matches the missing label.
 */
export function targetVariables(): dashboard.QueryVariableBuilder[] {
  return [
    labelVariable('cluster', CLUSTER_LABEL, sel(FAMILY.up), { multi: true }),
    labelVariable('job', 'job', sel(FAMILY.up, CLUSTER)),
    labelVariable('instance', 'instance', sel(FAMILY.up, CLUSTER, TARGET), { multi: true }),
  ]
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

/** What grafana.com's import needs besides the dashboard: the datasource to ask for, and what the dashboard uses. */
export function importable(d: dashboard.Dashboard): Record<string, unknown> {
  const panelTypes = [...new Set((d.panels ?? []).map((p) => p.type).filter((t) => t !== 'row'))].sort()
  return {
    __inputs: [
      {
        name: DS_INPUT,
        label: 'Prometheus',
        description: 'The Prometheus that scrapes kafkascope',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
      ...panelTypes.map((t) => ({ type: 'panel', id: t, name: t, version: '' })),
    ],
    ...d,
  }
}

/**
 * The forms CLUSTER_LABEL takes in the dashboard JSON, as [before, after] around it: a matcher, the first label of
 * a `by (...)`, the label of label_values() and a hidden table column. relabelCluster(), the mixin and the chart's
 * dashboards template (deploy/helm/kafkascope/templates/dashboards.yaml) all rewrite exactly these.
 */
export const CLUSTER_FORMS: readonly (readonly [before: string, after: string])[] = [
  ['', '=~\\"$cluster\\"'],
  ['by (', ''],
  [', ', ')'],
  ['"', '": true'],
]

/** The dashboard JSON with another label naming the cluster (config.clusterLabel). */
export function relabelCluster(json: string, label: string): string {
  if (label === CLUSTER_LABEL) return json
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label))
    throw new Error(`failed to relabel dashboards: ${label} is no label name`)
  return CLUSTER_FORMS.reduce(
    (text, [before, after]) =>
      text.replaceAll(`${before}${CLUSTER_LABEL}${after}`, `${before}${label}${after}`),
    json,
  )
}
