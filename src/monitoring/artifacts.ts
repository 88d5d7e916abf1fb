import { alertmanagerExample } from './alertmanager.js'
import { ruleFile } from './alerts/index.js'
import { promtoolTests } from './alerts/promtool-tests.js'
import { defaultConfig, type MonitoringConfig } from './config.js'
import { DASHBOARDS, dashboardJson, provisioningYaml } from './dashboards/index.js'
import { mixinFiles } from './mixin/index.js'
import { monitoringTables } from './readme.js'
import { runbookRegions } from './runbooks.js'
import { toYaml } from './yaml.js'

export const RULES_FILE = 'alerts/kafkascope.rules.yml'
export const RULES_TEST_FILE = 'alerts/tests/kafkascope.rules.test.yml'
export const ALERTMANAGER_EXAMPLE = 'alerts/alertmanager.example.yml'
export const PROVISIONING_FILE = 'dashboards/provisioning.yaml'

/** A whole generated file. */
export interface GeneratedFile {
  readonly path: string
  content(): string
}

/** A generated region (between `<!-- name:start ... -->` markers) inside a hand-written file. */
export interface GeneratedRegion {
  readonly path: string
  readonly region: string
  content(): string
}

const generatedNote = (what: string) =>
  `# ${what} (generated from src/monitoring by npm run generate; do not edit).\n`

/** The rule file as YAML, for a config (the end-to-end test renders one with short `for` durations). */
export function renderRules(c: MonitoringConfig): string {
  return generatedNote('Prometheus alerting rules for kafkascope') + toYaml(ruleFile(c))
}

export function monitoringFiles(c: MonitoringConfig = defaultConfig): GeneratedFile[] {
  return [
    { path: RULES_FILE, content: () => renderRules(c) },
    {
      path: RULES_TEST_FILE,
      content: () =>
        generatedNote('promtool test rules for every alert') +
        toYaml(promtoolTests(c, '../kafkascope.rules.yml')),
    },
    { path: ALERTMANAGER_EXAMPLE, content: () => alertmanagerExample(c) },
    ...DASHBOARDS.map((d) => ({
      path: `dashboards/${d.file}`,
      content: () => dashboardJson(d, c.clusterLabel),
    })),
    {
      path: PROVISIONING_FILE,
      content: () => generatedNote('Grafana dashboard provisioning for kafkascope') + provisioningYaml(),
    },
    ...mixinFiles(c),
  ]
}

export function monitoringRegions(c: MonitoringConfig = defaultConfig): GeneratedRegion[] {
  return [
    { path: 'README.md', region: 'monitoring', content: () => monitoringTables(c) },
    ...runbookRegions(c).map((r) => ({ path: r.path, region: 'rule', content: () => r.content })),
  ]
}
