import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY } from '../../metrics/catalog.js'
import { sel } from '../promql.js'
import { CLUSTER, CLUSTER_LABEL } from './cluster-label.js'
import { DATASOURCE, grafanaVar, TARGET } from './grafana.js'
import { DS_INPUT } from './grafana-com.js'

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
