import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { toYaml } from '../yaml.js'
import { clusterDashboard } from './cluster.js'
import { CLUSTER_LABEL, relabelCluster } from './cluster-label.js'
import { consumerGroupsDashboard } from './consumer-groups.js'
import { exporterDashboard } from './exporter.js'
import { importable } from './grafana-com.js'
import { shareGroupsDashboard } from './share-groups.js'
import { topicsDashboard } from './topics.js'

export interface DashboardFile {
  /** File name in dashboards/. */
  readonly file: string
  readonly build: () => Dashboard
}

/** Every dashboard, one file each; the file name is the uid so a provisioned copy is easy to find. */
export const DASHBOARDS: readonly DashboardFile[] = [
  { file: 'kafkascope-cluster.json', build: clusterDashboard },
  { file: 'kafkascope-topics.json', build: topicsDashboard },
  { file: 'kafkascope-consumer-groups.json', build: consumerGroupsDashboard },
  { file: 'kafkascope-share-groups.json', build: shareGroupsDashboard },
  { file: 'kafkascope-exporter.json', build: exporterDashboard },
]

/** The file as grafana.com's import takes it, with `label` naming the cluster (config.clusterLabel). */
export function dashboardJson(d: DashboardFile, clusterLabel = CLUSTER_LABEL): string {
  return relabelCluster(`${JSON.stringify(importable(d.build()), null, 2)}\n`, clusterLabel)
}

/**
 * Grafana's file provisioning config: copy it to /etc/grafana/provisioning/dashboards/ and the JSON files to
 * `path`. The dashboards pick their Prometheus through their datasource variable, so no datasource is named here.
 */
export function provisioningYaml(path = '/var/lib/grafana/dashboards/kafkascope'): string {
  return toYaml({
    apiVersion: 1,
    providers: [
      {
        name: 'kafkascope',
        orgId: 1,
        folder: 'Kafka',
        folderUid: 'kafkascope',
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path, foldersFromFilesStructure: false },
      },
    ],
  })
}
