import { join } from 'node:path'
import { CHART_DIR } from '../../../../src/deploy/artifacts.js'
import { type Any, one } from './expect.js'
import { helm, parseObjects, REPO } from './manifests.js'
import { type K8sObject, KUBERNETES_VERSION } from './schemas.js'

export const CHART = join(REPO, CHART_DIR)

/** `helm template` of the chart as release "kafkascope" in namespace "kafka"; value files are absolute or chart-relative. */
export function renderChart(valueFiles: readonly string[], set: readonly string[] = []): K8sObject[] {
  const args = ['template', 'kafkascope', CHART, '--namespace', 'kafka', '--kube-version', KUBERNETES_VERSION]
  for (const f of valueFiles) args.push('--values', f.startsWith('/') ? f : join(CHART, f))
  for (const s of set) args.push('--set', s)
  return parseObjects(helm(args))
}

export const podSpec = (objects: readonly K8sObject[]): Any =>
  (one(objects, 'Deployment') as Any).spec.template.spec

export const container = (objects: readonly K8sObject[]): Any => podSpec(objects).containers[0]
