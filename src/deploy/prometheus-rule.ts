import { parse } from 'yaml'
import type { YamlValue } from '../monitoring/yaml.js'
import { APP_NAME, NAME_LABEL } from './labels.js'

/**
 * A prometheus-operator PrometheusRule whose `spec.groups` are the groups of the generated rule file, read from
 * its text so the two cannot differ (the operator's `spec` is exactly a rule file).
 */
export function prometheusRule(rulesFileText: string): YamlValue {
  const parsed = parse(rulesFileText) as { groups?: YamlValue[] } | null
  if (!parsed || !Array.isArray(parsed.groups) || parsed.groups.length === 0) {
    throw new Error('failed to build the PrometheusRule: the rule file has no groups')
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: APP_NAME, labels: { [NAME_LABEL]: APP_NAME } },
    spec: { groups: parsed.groups },
  }
}
