import type { YamlValue } from '../monitoring/yaml.js'
import { APP_NAME, GRAFANA_DASHBOARD_LABEL, NAME_LABEL } from './labels.js'

export interface DashboardSource {
  /** File name, e.g. kafkascope-cluster.json; it becomes the ConfigMap's key, as the Grafana sidecar expects. */
  readonly file: string
  readonly json: string
}

/**
 * One ConfigMap per dashboard, labelled `grafana_dashboard: "1"` so the Grafana sidecar of kube-prometheus-stack
 * loads it; `grafana_folder` is honoured where the sidecar's folderAnnotation is set to it.
 */
export function dashboardConfigMap(d: DashboardSource): YamlValue {
  const name = d.file.replace(/\.json$/, '')
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${name}-dashboard`,
      labels: { [NAME_LABEL]: APP_NAME, [GRAFANA_DASHBOARD_LABEL]: '1' },
      annotations: { grafana_folder: 'Kafka' },
    },
    data: { [d.file]: d.json },
  }
}
