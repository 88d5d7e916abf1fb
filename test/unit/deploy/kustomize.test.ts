import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseInvocation } from '../../../src/config/parse.js'
import {
  type Any,
  alertJob,
  byKind,
  HARDENED_CONTAINER,
  one,
  packageVersion,
  serverRoutes,
} from './support/expect.js'
import { kubectlKustomize, kustomize, parseObjects, REPO } from './support/manifests.js'
import { type K8sObject, SchemaValidator } from './support/schemas.js'

const OVERLAYS = join(REPO, 'deploy/kubernetes/overlays')
const rendered = new Map<string, K8sObject[]>()
let validator: SchemaValidator
const tmp = mkdtempSync(join(tmpdir(), 'kafkascope-kustomize-'))

beforeAll(() => {
  validator = new SchemaValidator()
  for (const overlay of readdirSync(OVERLAYS))
    rendered.set(overlay, parseObjects(kustomize(join(OVERLAYS, overlay))))
}, 120_000)

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Runs kafkascope's own argument parser on a container's args, with its config file from the ConfigMap. */
function parseContainer(objects: K8sObject[], container: Any, configMount: string) {
  const volumeName = container.volumeMounts.find((m: Any) => m.mountPath === configMount).name
  const pod = (objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Any).spec.template
    .spec
  const mapName = pod.volumes.find((v: Any) => v.name === volumeName).configMap.name
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === mapName) as Any
  expect(map, `ConfigMap ${mapName}`).toBeDefined()
  const dir = mkdtempSync(join(tmp, 'config-'))
  for (const [file, text] of Object.entries(map.data)) writeFileSync(join(dir, file), text as string)
  const args = (container.args as string[]).map((a) => a.replace(configMount, dir))
  const invocation = parseInvocation(args, {})
  if (invocation.kind !== 'run') throw new Error(`expected a run invocation, got ${invocation.kind}`)
  return invocation.config
}

function expectProbes(container: Any) {
  const ports = container.ports.map((p: Any) => p.name)
  const routes = serverRoutes()
  expect(container.livenessProbe.httpGet.path).toBe('/-/healthy')
  expect(container.readinessProbe.httpGet.path).toBe('/-/ready')
  for (const probe of [container.livenessProbe, container.readinessProbe]) {
    expect(routes).toContain(probe.httpGet.path)
    expect(ports).toContain(probe.httpGet.port)
  }
  // Nothing may wait for Kafka before the pod counts as started or ready.
  expect(container.startupProbe).toBeUndefined()
}

function expectResources(container: Any) {
  // The chart's defaults, sized from bench/README.md (16k partitions: 432 MiB max with the 256 MiB heap cap).
  const chart = parse(readFileSync(join(REPO, 'deploy/helm/kafkascope/values.yaml'), 'utf8'))
  expect(container.resources).toEqual(chart.resources)
  expect(container.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' })
  expect(container.resources.limits.memory).toBe('512Mi')
  // The heap cap is at least what was measured to work, and leaves room below the limit for the rendered bodies
  // (outside the heap) and the rest of the process.
  const heap = container.env.find((e: Any) => e.name === 'NODE_OPTIONS').value
  const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(heap)?.[1])
  expect(heapMiB).toBeGreaterThanOrEqual(160)
  expect(heapMiB).toBeLessThanOrEqual(512 - 192)
}

describe('kustomize overlays', () => {
  it('render every overlay into objects that validate against the Kubernetes and prometheus-operator schemas', () => {
    expect([...rendered.keys()].sort()).toEqual(['monitoring', 'sidecar', 'standalone'])
    for (const [overlay, objects] of rendered) {
      expect(objects.length, overlay).toBeGreaterThan(0)
      expect(objects.flatMap((o) => validator.errors(o))).toEqual([])
    }
  })

  it('render the same with kubectl kustomize, where kubectl is installed', (ctx) => {
    for (const overlay of rendered.keys()) {
      const text = kubectlKustomize(join(OVERLAYS, overlay))
      if (text === undefined) return ctx.skip()
      expect(parseObjects(text), overlay).toEqual(rendered.get(overlay))
    }
  })

  it("label every prometheus-operator object for kube-prometheus-stack's default selectors", () => {
    const operated = [...rendered.values()]
      .flat()
      .filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'))
    expect(operated.map((o) => o.kind).sort()).toEqual(['PodMonitor', 'PrometheusRule', 'ServiceMonitor'])
    for (const o of operated) expect(o.metadata.labels?.release, o.kind).toBe('kube-prometheus-stack')
  })

  it('the schema check catches a misspelt field (so the check above means something)', () => {
    const d = structuredClone(one(rendered.get('standalone') as K8sObject[], 'Deployment')) as Any
    d.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true
    expect(validator.errors(d).join()).toContain('readOnlyRootFileSystem')
  })
})

describe('standalone overlay', () => {
  const objects = () => rendered.get('standalone') as K8sObject[]

  it('runs a hardened Deployment that stops well within its grace period', () => {
    const pod = (one(objects(), 'Deployment') as Any).spec.template.spec
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    })
    expect(pod.automountServiceAccountToken).toBe(false)
    // kafkascope force-exits 5 s after SIGTERM (src/cli.ts; measured in test/integration/deploy.test.ts).
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30)
    const [container] = pod.containers
    expect(pod.containers).toHaveLength(1)
    expect(container.securityContext).toMatchObject(HARDENED_CONTAINER)
    expectProbes(container)
    expectResources(container)
    expect(container.image).toBe(`kafkascope:${packageVersion()}`)
  })

  it('passes kafkascope a config file it accepts', () => {
    const container = (one(objects(), 'Deployment') as Any).spec.template.spec.containers[0]
    const config = parseContainer(objects(), container, '/etc/kafkascope')
    expect(config.kafkaServers).toEqual(['my-cluster-kafka-bootstrap.kafka.svc:9092'])
    expect(config.kafkaLabels).toEqual({ kafka_cluster: 'my-cluster' })
  })

  it('wires Service and ServiceMonitor to the pod, with the job the generated alerts select', () => {
    const deployment = one(objects(), 'Deployment') as Any
    const service = one(objects(), 'Service') as Any
    const monitor = one(objects(), 'ServiceMonitor') as Any
    const podLabels = deployment.spec.template.metadata.labels
    expect(podLabels).toMatchObject(service.spec.selector)
    expect(service.spec.ports[0].targetPort).toBe(deployment.spec.template.spec.containers[0].ports[0].name)
    expect(service.spec.ports[0].port).toBe(9308)
    // The chart's (and prometheus-kafka-exporter's) port name, so one ServiceMonitor fits either install.
    expect(service.spec.ports[0].name).toBe('exporter-port')
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels)
    expect(monitor.spec.endpoints[0].port).toBe(service.spec.ports[0].name)
    expect(service.metadata.labels[monitor.spec.jobLabel]).toBe(alertJob())
  })
})

describe('sidecar overlay', () => {
  const objects = () => rendered.get('sidecar') as K8sObject[]
  const pod = () => (one(objects(), 'StatefulSet') as Any).spec.template.spec

  it('runs kafkascope as a native sidecar (an init container restarted Always) next to the broker', () => {
    const sidecars = pod().initContainers.filter((c: Any) => c.name === 'kafkascope')
    expect(sidecars).toHaveLength(1)
    expect(sidecars[0].restartPolicy).toBe('Always')
    expect(pod().containers.map((c: Any) => c.name)).toEqual(['kafka'])
  })

  it('bootstraps from the broker in its own pod', () => {
    const sidecar = pod().initContainers[0]
    const config = parseContainer(objects(), sidecar, '/etc/kafkascope')
    expect(config.kafkaServers).toEqual(['localhost:9092'])
    const broker = pod().containers[0]
    expect(broker.ports.map((p: Any) => p.containerPort)).toContain(9092)
  })

  it('is ready without Kafka (/-/ready), and as hardened and sized as the standalone container', () => {
    const sidecar = pod().initContainers[0]
    expectProbes(sidecar)
    expectResources(sidecar)
    const standalone = (one(rendered.get('standalone') as K8sObject[], 'Deployment') as Any).spec.template
      .spec.containers[0]
    for (const field of [
      'securityContext',
      'livenessProbe',
      'readinessProbe',
      'resources',
      'env',
      'ports',
      'image',
    ])
      expect(sidecar[field], field).toEqual(standalone[field])
  })

  it('is scraped by a PodMonitor that selects the broker pods and sets the job the alerts select', () => {
    const monitor = one(objects(), 'PodMonitor') as Any
    const set = one(objects(), 'StatefulSet') as Any
    expect(set.spec.template.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels)
    const endpoint = monitor.spec.podMetricsEndpoints[0]
    expect(pod().initContainers[0].ports.map((p: Any) => p.name)).toContain(endpoint.port)
    expect(endpoint.relabelings).toContainEqual({
      targetLabel: 'job',
      replacement: alertJob(),
      action: 'replace',
    })
  })
})

describe('monitoring overlay', () => {
  const objects = () => rendered.get('monitoring') as K8sObject[]

  it('renders the PrometheusRule with the generated alert groups', () => {
    const rule = one(objects(), 'PrometheusRule') as Any
    const rules = parse(readFileSync(join(REPO, 'alerts/kafkascope.rules.yml'), 'utf8'))
    expect(rule.spec.groups).toEqual(rules.groups)
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack')
  })

  it('renders one ConfigMap per dashboard labelled grafana_dashboard: "1"', () => {
    const maps = byKind(objects(), 'ConfigMap') as Any[]
    const dashboards = readdirSync(join(REPO, 'dashboards')).filter((f) => f.endsWith('.json'))
    expect(maps.flatMap((m) => Object.keys(m.data)).sort()).toEqual(dashboards.sort())
    for (const m of maps) expect(m.metadata.labels.grafana_dashboard).toBe('1')
  })
})
