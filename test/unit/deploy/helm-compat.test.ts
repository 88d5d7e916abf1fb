import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseInvocation } from '../../../src/config/parse.js'
import { parseWebConfig } from '../../../src/http/web-config.js'
import { createCa, issueCertificate } from '../../support/tls-certs.js'
import { CHART, container, podSpec, renderChart } from './support/chart.js'
import { type Any, byKind, one, packageVersion, serverRoutes } from './support/expect.js'
import { helm, REPO } from './support/manifests.js'
import { mountPodFiles } from './support/pod-files.js'
import { type K8sObject, SchemaValidator } from './support/schemas.js'

/**
 * prometheus-kafka-exporter values files install kafkascope with the same meaning: the other chart's default
 * values (a verbatim copy) and a production file written for it, only its keys.
 */
const COMMUNITY_DEFAULTS = join(REPO, 'test/unit/deploy/fixtures/prometheus-kafka-exporter-values.yaml')
const PRODUCTION = 'ci/prometheus-kafka-exporter-production-values.yaml'
const productionValues = parse(readFileSync(join(CHART, PRODUCTION), 'utf8'))

let validator: SchemaValidator
let community: K8sObject[]
let production: K8sObject[]
let root: string
let serverCert: { cert: string; key: string; ca: string }

beforeAll(async () => {
  validator = new SchemaValidator()
  community = renderChart([COMMUNITY_DEFAULTS])
  production = renderChart([PRODUCTION])
  root = mkdtempSync(join(tmpdir(), 'kafkascope-chart-'))
  const ca = await createCa(root, 'clients-ca')
  const server = await issueCertificate(root, ca, 'server', { sans: 'DNS:localhost', usage: 'serverAuth' })
  const read = (f: string) => readFileSync(f, 'utf8')
  serverCert = { cert: read(server.cert), key: read(server.key), ca: read(ca.cert) }
}, 120_000)

afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The existing Secrets the production file names, with the keys cert-manager and kubectl write. */
const existingSecrets = () => ({
  'kafka-exporter-scram': { username: 'exporter', password: 'not-a-real-password' },
  'kafka-exporter-tls': { 'payments-ca.pem': 'CA', 'tls.crt': 'CERT', 'tls.key': 'KEY', 'ca.crt': 'unused' },
  'kafka-exporter-server-tls': {
    'tls.crt': serverCert.cert,
    'tls.key': serverCert.key,
    'ca.crt': serverCert.ca,
  },
})

/** Each probe of the container names a container port and a route kafkascope serves. */
function expectProbesWork(objects: K8sObject[], scheme: 'HTTP' | 'HTTPS'): void {
  const c = container(objects)
  const ports = (c.ports as Any[]).map((p) => p.name)
  const probes = [c.startupProbe, c.livenessProbe, c.readinessProbe].filter((p) => p !== undefined)
  expect(probes.length).toBeGreaterThan(0)
  for (const probe of probes) {
    expect(ports).toContain(probe.httpGet.port)
    expect(serverRoutes()).toContain(probe.httpGet.path)
    expect(probe.httpGet.scheme ?? 'HTTP').toBe(scheme)
  }
}

/** The ServiceMonitor scrapes a port of the Service it selects, in the namespace the Service is in. */
function expectMonitorSelectsService(objects: K8sObject[]): Any {
  const monitor = one(objects, 'ServiceMonitor') as Any
  const service = one(objects, 'Service') as Any
  expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels)
  expect(monitor.spec.namespaceSelector.matchNames).toEqual([service.metadata.namespace])
  const names = (service.spec.ports as Any[]).map((p) => p.name)
  for (const e of monitor.spec.endpoints) expect(names).toContain(e.port)
  return monitor
}

describe("the chart with prometheus-kafka-exporter's default values", () => {
  it('renders valid objects, passes helm lint --strict, and runs kafkascope on the brokers they name', () => {
    expect(helm(['lint', '--strict', CHART, '--values', COMMUNITY_DEFAULTS])).toContain('0 chart(s) failed')
    expect(community.flatMap((o) => validator.errors(o))).toEqual([])
    const c = container(community)
    expect(c.image).toBe(`kafkascope:${packageVersion()}`)
    expect(c.args).toEqual(['--kafka.server=kafka-server:9092'])
    expect(c.ports).toEqual([{ name: 'exporter-port', containerPort: 9308, protocol: 'TCP' }])
    const service = one(community, 'Service') as Any
    expect(service.spec.ports).toEqual([
      { name: 'exporter-port', port: 9308, targetPort: 'exporter-port', protocol: 'TCP' },
    ])
    // Their defaults disable every probe and monitor; so does the same file here.
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(c[probe]).toBeUndefined()
    for (const kind of ['ServiceMonitor', 'PodMonitor', 'Secret', 'ConfigMap'])
      expect(byKind(community, kind)).toEqual([])
  })

  it('probes by port name exporter-port when their probes are enabled', () => {
    const objects = renderChart(
      [COMMUNITY_DEFAULTS],
      ['startup.enabled=true', 'liveness.enabled=true', 'readiness.enabled=true'],
    )
    expect(container(objects).livenessProbe.httpGet).toEqual({ path: '/', port: 'exporter-port' })
    expectProbesWork(objects, 'HTTP')
  })

  it('scrapes the Service with their ServiceMonitor defaults (namespace monitoring, every 30s)', () => {
    const objects = renderChart([COMMUNITY_DEFAULTS], ['prometheus.serviceMonitor.enabled=true'])
    expect(objects.flatMap((o) => validator.errors(o))).toEqual([])
    const monitor = expectMonitorSelectsService(objects)
    expect(monitor.metadata.namespace).toBe('monitoring')
    // scrapeTimeout: kafkascope's default, Prometheus' own default too.
    expect(monitor.spec.endpoints).toEqual([
      { port: 'exporter-port', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
    ])
  })
})

describe('the chart with a production prometheus-kafka-exporter values file', () => {
  it('renders valid objects and no Secret of its own (every credential is in an existing Secret)', () => {
    expect(production.flatMap((o) => validator.errors(o))).toEqual([])
    expect(byKind(production, 'Secret')).toEqual([])
  })

  it('passes kafka_exporter-equivalent flags, with kafkascope image in place of danielqsj/kafka-exporter', () => {
    const c = container(production)
    expect(c.image).toBe(`kafkascope:${packageVersion()}`)
    expect(c.args).toEqual([
      ...productionValues.kafkaServer.map((s: string) => `--kafka.server=${s}`),
      '--kafka.labels=kafka_cluster=payments-prod',
      '--sasl.enabled',
      '--sasl.mechanism=scram-sha512',
      '--sasl.password-file=/etc/kafkascope/sasl/password',
      '--tls.enabled',
      '--tls.ca-file=/secret/certs/payments-ca.pem',
      '--tls.cert-file=/secret/certs/tls.crt',
      '--tls.key-file=/secret/certs/tls.key',
      '--tls.server-name=kafka.payments.example.internal',
      '--web.config.file=/etc/kafkascope/web/web-config.yml',
      '--log.level=debug', // verbosity: 1
      '--topic.exclude=^__',
      '--group.exclude=^console-consumer-',
    ])
    expect(c.env).toEqual([
      { name: 'NODE_OPTIONS', value: '--max-old-space-size=256' },
      {
        name: 'KAFKASCOPE_SASL_USERNAME',
        valueFrom: { secretKeyRef: { name: 'kafka-exporter-scram', key: 'username' } },
      },
      ...productionValues.env,
    ])
  })

  it("mounts every file a flag names from the Secrets' keys, and the web config kafkascope loads", () => {
    const dir = join(root, 'pod')
    const files = mountPodFiles(production, existingSecrets(), dir)
    const c = container(production)
    for (const arg of c.args as string[]) {
      const m = /^--(?:tls\.[a-z-]+-file|sasl\.password-file|web\.config\.file)=(.*)$/.exec(arg)
      if (m) expect(files, arg).toContain(m[1])
    }
    expect(readFileSync(join(dir, '/secret/certs/payments-ca.pem'), 'utf8')).toBe('CA')
    const text = readFileSync(join(dir, '/etc/kafkascope/web/web-config.yml'), 'utf8')
    expect(parse(text)).toEqual({
      tls_server_config: {
        cert_file: '/secret/server-certs/tls.crt',
        key_file: '/secret/server-certs/tls.key',
      },
    })
    // kafkascope's own parser, on the files as mounted (paths re-rooted at the temporary pod directory).
    const web = parseWebConfig(
      text.replaceAll('/secret/server-certs/', `${dir}/secret/server-certs/`),
      'web.yml',
    )
    expect(web.tls?.cert.toString()).toBe(serverCert.cert)
    expect(web.tls?.clientAuth).toBe('NoClientCert')
  })

  it('probes exporter-port over HTTPS and scrapes it with the ServiceMonitor as configured', () => {
    expectProbesWork(production, 'HTTPS')
    const monitor = expectMonitorSelectsService(production)
    const values = productionValues.prometheus.serviceMonitor
    expect(monitor.metadata.namespace).toBe('monitoring')
    expect(monitor.metadata.labels).toMatchObject(values.additionalLabels)
    expect(monitor.spec.targetLabels).toEqual(['team'])
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name')
    expect(monitor.spec.endpoints).toEqual([
      {
        port: 'exporter-port',
        path: '/metrics',
        interval: '60s',
        scrapeTimeout: '30s',
        scheme: 'https',
        tlsConfig: values.tlsConfig,
        relabelings: values.relabelings,
        metricRelabelings: values.metricRelabelings,
      },
    ])
  })

  it('keeps the scheduling, pod metadata, security context and resources of the values', () => {
    const pod = podSpec(production)
    const deployment = one(production, 'Deployment') as Any
    const v = productionValues
    expect(pod.nodeSelector).toEqual(v.nodeSelector)
    expect(pod.tolerations).toEqual(v.tolerations)
    expect(pod.affinity).toEqual(v.affinity)
    expect(pod.securityContext).toEqual(v.securityContext)
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }])
    expect(container(production).resources).toEqual(v.resources)
    expect(container(production).securityContext).toMatchObject(v.containerSecurityContext)
    expect(deployment.spec.replicas).toBe(1)
    expect(deployment.metadata.labels).toMatchObject(v.deploymentLabels)
    expect(deployment.metadata.annotations).toEqual(v.deploymentAnnotations)
    expect(deployment.spec.template.metadata.labels).toMatchObject(v.podLabels)
    expect(deployment.spec.template.metadata.annotations).toMatchObject(v.annotations)
  })

  it('renders a PodMonitor with the same keys instead, on the container port', () => {
    const objects = renderChart(
      [PRODUCTION],
      [
        'prometheus.serviceMonitor.enabled=false',
        'prometheus.podMonitor.enabled=true',
        'prometheus.podMonitor.targetLabels={team}',
      ],
    )
    expect(objects.flatMap((o) => validator.errors(o))).toEqual([])
    expect(byKind(objects, 'ServiceMonitor')).toEqual([])
    const monitor = one(objects, 'PodMonitor') as Any
    const [endpoint] = monitor.spec.podMetricsEndpoints
    expect((container(objects).ports as Any[]).map((p) => p.name)).toContain(endpoint.port)
    expect(endpoint).toMatchObject({
      port: 'exporter-port',
      path: '/metrics',
      scheme: 'https',
      interval: '30s',
    })
    expect(monitor.spec.podTargetLabels).toEqual(['team'])
    expect(podSpec(objects).containers[0].ports[0].name).toBe('exporter-port')
    expect((one(objects, 'Deployment') as Any).spec.template.metadata.labels).toMatchObject(
      monitor.spec.selector.matchLabels,
    )
  })

  it('requires client certificates with mutualAuthEnabled, probing by TCP', () => {
    const tcp = (p: string) => [`${p}.probe.httpGet=null`, `${p}.probe.tcpSocket.port=exporter-port`]
    const objects = renderChart(
      [PRODUCTION],
      ['server.tls.mutualAuthEnabled=true', ...tcp('liveness'), ...tcp('readiness')],
    )
    expect(objects.flatMap((o) => validator.errors(o))).toEqual([])
    const dir = join(root, 'pod-mtls')
    mountPodFiles(objects, existingSecrets(), dir)
    const text = readFileSync(join(dir, '/etc/kafkascope/web/web-config.yml'), 'utf8')
    const web = parseWebConfig(
      text.replaceAll('/secret/server-certs/', `${dir}/secret/server-certs/`),
      'web.yml',
    )
    expect(web.tls?.clientAuth).toBe('RequireAndVerifyClientCert')
    expect(web.tls?.clientCa?.toString()).toBe(serverCert.ca)
    expect(container(objects).livenessProbe).toMatchObject({ tcpSocket: { port: 'exporter-port' } })
  })
})

describe("the chart with prometheus-kafka-exporter's AWS MSK IAM values", () => {
  it('passes awsiam and the region as kafka_exporter takes them, with no credential Secret or mount', () => {
    const objects = renderChart(
      [COMMUNITY_DEFAULTS],
      [
        'sasl.enabled=true',
        'sasl.awsiam.enabled=true',
        'sasl.awsiam.awsRegion=eu-west-1',
        'tls.enabled=true',
      ],
    )
    expect(objects.flatMap((o) => validator.errors(o))).toEqual([])
    const args = container(objects).args as string[]
    expect(args).toEqual(
      expect.arrayContaining(['--sasl.enabled', '--sasl.mechanism=awsiam', '--sasl.aws-region=eu-west-1']),
    )
    expect(args.filter((a) => a.startsWith('--sasl.'))).toHaveLength(3)
    expect(byKind(objects, 'Secret')).toEqual([])
    expect(JSON.stringify(podSpec(objects).volumes ?? [])).not.toContain('sasl')
    const { invocation } = parseArgs(args)
    expect(invocation.config).toMatchObject({ saslMechanism: 'AWS_MSK_IAM', saslAwsRegion: 'eu-west-1' })
  })

  it('leaves the region to AWS_REGION (set by IRSA and Pod Identity) when awsRegion is empty', () => {
    const objects = renderChart([COMMUNITY_DEFAULTS], ['sasl.enabled=true', 'sasl.awsiam.enabled=true'])
    const args = container(objects).args as string[]
    expect(args).toContain('--sasl.mechanism=awsiam')
    expect(args.some((a) => a.startsWith('--sasl.aws-region'))).toBe(false)
  })
})

/** The container's args as kafkascope's own parser takes them (the image's entrypoint runs the CLI with them). */
function parseArgs(args: string[]) {
  const invocation = parseInvocation(args, {})
  if (invocation.kind !== 'run') throw new Error(`args parse to ${invocation.kind}`)
  return { invocation }
}
