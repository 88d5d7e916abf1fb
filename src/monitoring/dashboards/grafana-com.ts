import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard'

/** The import input of grafana.com's dashboard import: Grafana replaces `${DS_PROMETHEUS}` by the chosen datasource. */
export const DS_INPUT = 'DS_PROMETHEUS'

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
