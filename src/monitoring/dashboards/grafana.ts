import type * as common from '@grafana/grafana-foundation-sdk/common'

/** The tag every kafkascope dashboard carries; the dashboards' link menu lists them by it. */
export const TAG = 'kafkascope'
/** Grafana's `${name}` interpolation, spelled so it cannot be mistaken for a JavaScript template. */
export function grafanaVar(name: string): string {
  return `$\{${name}}`
}

export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: grafanaVar('datasource') }

/** Every query is scoped to the kafkascope target chosen in the job and instance variables. */
export const TARGET = 'job=~"$job"'
export const INSTANCE = 'instance=~"$instance"'
