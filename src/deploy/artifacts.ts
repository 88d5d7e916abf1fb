import { type GeneratedFile, monitoringFiles, RULES_FILE } from '../monitoring/artifacts.js'
import { defaultConfig } from '../monitoring/config.js'
import { toYaml, type YamlValue } from '../monitoring/yaml.js'
import { type DashboardSource, dashboardConfigMap } from './dashboards.js'
import { chartValuesSchemaJson } from './helm-values-schema.js'
import { alertJobReplacement, selectorJob } from './kustomize-job.js'
import { prometheusRule } from './prometheus-rule.js'

/** The kustomize overlay of monitoring objects, and the Helm chart, both under deploy/. */
export const MONITORING_OVERLAY = 'deploy/kubernetes/overlays/monitoring'
export const CHART_DIR = 'deploy/helm/kafkascope'
/** The rule file and dashboards inside the chart: Helm reads only files below the chart's directory. */
export const CHART_RULES_FILE = `${CHART_DIR}/files/alerts.yaml`
export const CHART_DASHBOARDS_DIR = `${CHART_DIR}/files/dashboards`
/** Helm validates every install's values against it: unknown keys fail with their path. */
export const CHART_VALUES_SCHEMA_FILE = `${CHART_DIR}/values.schema.json`

const note = '# Generated from src/monitoring by src/deploy (npm run generate); do not edit.\n'

function documents(objects: readonly YamlValue[]): string {
  return note + objects.map((o) => `---\n${toYaml(o)}`).join('')
}

/** The generated dashboards of src/monitoring, from the same list that writes dashboards/*.json. */
export function generatedDashboards(files: readonly GeneratedFile[] = monitoringFiles()): GeneratedFile[] {
  return files.filter((f) => f.path.startsWith('dashboards/') && f.path.endsWith('.json'))
}

/** The generated rule file (alerts/kafkascope.rules.yml). */
export function generatedRules(files: readonly GeneratedFile[] = monitoringFiles()): GeneratedFile {
  const rules = files.find((f) => f.path === RULES_FILE)
  if (!rules) throw new Error(`failed to find ${RULES_FILE} among the monitoring artefacts`)
  return rules
}

const fileName = (f: GeneratedFile) => f.path.slice(f.path.lastIndexOf('/') + 1)
const source = (f: GeneratedFile): DashboardSource => ({ file: fileName(f), json: f.content() })

/**
 * Deployment manifests derived from other generated artefacts: the PrometheusRule and dashboard ConfigMaps of the
 * monitoring overlay, the copies of the rule file and dashboards the Helm chart renders them from, and the chart's
 * values schema.
 */
export function deployFiles(): GeneratedFile[] {
  // Contents are built lazily, as the monitoring artefacts are: only `npm run generate` renders them.
  const dashboards = generatedDashboards()
  const rules = generatedRules()
  return [
    {
      path: `${MONITORING_OVERLAY}/prometheusrule.yaml`,
      content: () => documents([prometheusRule(rules.content())]),
    },
    {
      path: `${MONITORING_OVERLAY}/alert-job-replacement.yaml`,
      content: () => note + toYaml(alertJobReplacement(rules.content(), selectorJob(defaultConfig.selector))),
    },
    {
      path: `${MONITORING_OVERLAY}/grafana-dashboards.yaml`,
      content: () => documents(dashboards.map((d) => dashboardConfigMap(source(d)))),
    },
    { path: CHART_RULES_FILE, content: () => rules.content() },
    ...dashboards.map((d) => ({
      path: `${CHART_DASHBOARDS_DIR}/${fileName(d)}`,
      content: () => d.content(),
    })),
    { path: CHART_VALUES_SCHEMA_FILE, content: () => chartValuesSchemaJson() },
  ]
}
