import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { envName, formatDefault, SETTINGS } from '../../../src/config/settings.js'
import { CHART, container, renderChart } from './support/chart.js'
import {
  type Any,
  alertJob,
  byKind,
  HARDENED_CONTAINER,
  one,
  packageVersion,
  serverRoutes,
} from './support/expect.js'
import { helm, REPO } from './support/manifests.js'
import { type K8sObject, SchemaValidator } from './support/schemas.js'

const VALUE_FILES = readdirSync(join(CHART, 'ci')).map((f) => `ci/${f}`)

/**
 * Settings the chart deliberately has no value for: the listen address and path are the image's defaults (the
 * probes and Service use them) and secrets are only ever passed as files. Settings that cannot be in a config file
 * (inFile: false: --config.file itself, the describe command's --output) belong to one invocation, not to a
 * deployment. A new setting in src/config/settings.ts fails the coverage test below until it gets a value or
 * lands here.
 */
const NOT_IN_VALUES = new Set([
  'web.listen-address',
  'web.telemetry-path',
  'sasl.username', // from the Secret, as KAFKASCOPE_SASL_USERNAME
  'sasl.password',
  'sasl.oauthbearer-client-secret',
  'tls.key-password',
  // The chart's server.tls.* values render a web config (--web.config.file) instead of these flags.
  'server.tls.enabled',
  'server.tls.mutual-auth-enabled',
  'server.tls.ca-file',
  'server.tls.cert-file',
  'server.tls.key-file',
  // MSK IAM (--sasl.mechanism=awsiam) gets its chart values with that mechanism.
  'sasl.aws-region',
  // MSK IAM in a pod: the role is the ServiceAccount's (IRSA, Pod Identity); extraArgs can still pass these.
  'sasl.aws-profile',
  'sasl.aws-role-arn',
])

// Lists, one flag per entry, rendered by their own loops rather than kafkascope.settingFlags.
const LIST_VALUES = new Set(['metricsDisable', 'topicAllow', 'topicIgnore', 'groupAllow', 'groupIgnore'])

const template = renderChart

let validator: SchemaValidator
const renders = new Map<string, K8sObject[]>()

beforeAll(() => {
  validator = new SchemaValidator()
  renders.set('default', template([]))
  for (const f of VALUE_FILES) renders.set(f, template([f]))
}, 120_000)

describe('the Helm chart', () => {
  it('passes helm lint --strict with the default values and every ci/ values file', () => {
    for (const f of [undefined, ...VALUE_FILES]) {
      const out = helm(['lint', '--strict', CHART, ...(f ? ['--values', join(CHART, f)] : [])])
      expect(out).toContain('0 chart(s) failed')
    }
  })

  it('renders objects that validate against the Kubernetes and prometheus-operator schemas', () => {
    expect(VALUE_FILES.length).toBeGreaterThanOrEqual(2)
    for (const [name, objects] of renders) {
      expect(objects.length, name).toBeGreaterThan(0)
      expect(objects.flatMap((o) => validator.errors(o))).toEqual([])
    }
  })

  it('runs the app version hardened, probed on routes the server has, with no monitoring objects by default', () => {
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'))
    expect(chart.appVersion).toBe(packageVersion())
    const objects = renders.get('default') as K8sObject[]
    const c = container(objects)
    expect(c.image).toBe(`kafkascope:${packageVersion()}`)
    expect(c.securityContext).toMatchObject(HARDENED_CONTAINER)
    const pod = (one(objects, 'Deployment') as Any).spec.template.spec
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    })
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30)
    for (const probe of [c.livenessProbe, c.readinessProbe])
      expect(serverRoutes()).toContain(probe.httpGet.path)
    expect(c.readinessProbe.httpGet.path).toBe('/-/ready')
    expect(c.args).toEqual(['--kafka.server=kafka-server:9092'])
    for (const kind of ['ServiceMonitor', 'PrometheusRule', 'Secret', 'ConfigMap'])
      expect(byKind(objects, kind)).toEqual([])
    expect((one(objects, 'Service') as Any).spec.ports[0].port).toBe(9308)
  })

  it('maps every value to a flag kafkascope has, with a value it accepts, and covers every setting', () => {
    const byFlag = new Map<string, (typeof SETTINGS)[number]>(SETTINGS.map((s) => [s.flag, s]))
    const byEnv = new Map(SETTINGS.map((s) => [envName(s.flag), s.flag]))
    const used = new Set<string>()
    for (const [name, objects] of renders) {
      const c = container(objects)
      for (const arg of c.args as string[]) {
        const m = /^--([a-z0-9.-]+)(?:=(.*))?$/s.exec(arg)
        const setting = byFlag.get(m?.[1] ?? '')
        expect(setting, `${name}: ${arg} is not a kafkascope flag`).toBeDefined()
        used.add(setting?.flag as string)
        const isPath = setting?.kind === 'path'
        if (m?.[2] !== undefined && !isPath) expect(() => setting?.parse(m?.[2] as string), arg).not.toThrow()
      }
      for (const e of c.env as { name: string }[]) {
        if (!e.name.startsWith('KAFKASCOPE_')) continue
        expect(byEnv.has(e.name), `${name}: ${e.name} is not a kafkascope variable`).toBe(true)
        used.add(byEnv.get(e.name) as string)
      }
    }
    const uncovered = SETTINGS.filter((s) => !('inFile' in s && s.inFile === false))
      .map((s) => s.flag)
      .filter((f) => !used.has(f) && !NOT_IN_VALUES.has(f))
    expect(uncovered, 'settings with no chart value (add one, or list them in NOT_IN_VALUES)').toEqual([])
    for (const f of NOT_IN_VALUES) expect(byFlag.has(f), `${f} in NOT_IN_VALUES is no setting`).toBe(true)
  })

  it('documents in values.yaml the flag and kafkascope default of each of its own settings', () => {
    const values = readFileSync(join(CHART, 'values.yaml'), 'utf8')
    const helpers = readFileSync(join(CHART, 'templates/_helpers.tpl'), 'utf8')
    const mapped = new Map([...helpers.matchAll(/^([a-zA-Z]+): ([a-z.-]+)$/gm)].map((m) => [m[1], m[2]]))
    const documented = [...values.matchAll(/^([a-zA-Z]+): (?:""|\[\]) # --([a-z.-]+)(?: \((.*)\))?/gm)]
    expect(documented.length).toBeGreaterThanOrEqual(mapped.size)
    for (const [, key, flag, shown] of documented) {
      const setting = SETTINGS.find((s) => s.flag === flag)
      expect(setting, `${key}: --${flag}`).toBeDefined()
      if (!LIST_VALUES.has(key as string)) expect(mapped.get(key as string), key).toBe(flag)
      if (shown !== undefined) expect(shown, key).toBe(formatDefault(setting as (typeof SETTINGS)[number]))
    }
  })

  it('keeps passwords out of flags and environment: files from a Secret, mounted read-only', () => {
    const objects = renders.get('ci/all-values.yaml') as K8sObject[]
    const values = parse(readFileSync(join(CHART, 'ci/all-values.yaml'), 'utf8'))
    const deployment = JSON.stringify(one(objects, 'Deployment'))
    expect(deployment).not.toContain(values.sasl.scram.password)
    expect(deployment).not.toContain(values.tls.keyPassword)
    const c = container(objects)
    const pod = (one(objects, 'Deployment') as Any).spec.template.spec
    const secret = one(objects, 'Secret') as Any
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(values.sasl.scram.password)
    const fileFlag = (c.args as string[])
      .find((a) => a.startsWith('--sasl.password-file='))
      ?.split('=')[1] as string
    const mount = c.volumeMounts.find((m: Any) => fileFlag.startsWith(`${m.mountPath}/`))
    expect(mount.readOnly).toBe(true)
    const volume = pod.volumes.find((v: Any) => v.name === mount.name)
    const item = volume.projected.sources
      .flatMap((s: Any) => (s.secret?.name === secret.metadata.name ? s.secret.items : []))
      .find((i: Any) => `${mount.mountPath}/${i.path}` === fileFlag)
    expect(item.key).toBe('password')
    const username = c.env.find((e: Any) => e.name === 'KAFKASCOPE_SASL_USERNAME')
    expect(username.valueFrom.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'username' })
  })

  it('renders the generated alert groups and dashboards, and a ServiceMonitor with the job the alerts select', () => {
    const objects = renders.get('ci/all-values.yaml') as K8sObject[]
    const rule = one(objects, 'PrometheusRule') as Any
    expect(rule.spec.groups).toEqual(
      parse(readFileSync(join(REPO, 'alerts/kafkascope.rules.yml'), 'utf8')).groups,
    )
    const maps = byKind(objects, 'ConfigMap') as Any[]
    const dashboards = readdirSync(join(REPO, 'dashboards')).filter((f) => f.endsWith('.json'))
    expect(maps.flatMap((m) => Object.keys(m.data)).sort()).toEqual(dashboards.sort())
    for (const m of maps) {
      expect(m.metadata.labels.grafana_dashboard).toBe('1')
      const [file, json] = Object.entries(m.data)[0] as [string, string]
      expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(join(REPO, 'dashboards', file), 'utf8')))
    }
    const monitor = one(objects, 'ServiceMonitor') as Any
    const service = one(objects, 'Service') as Any
    expect(service.metadata.labels[monitor.spec.jobLabel]).toBe(alertJob())
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels)
    expect(monitor.spec.namespaceSelector.matchNames).toEqual(['kafka'])
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack')
  })

  it('reads credentials from existing Secrets without creating its own', () => {
    const objects = renders.get('ci/oauth-existing-secrets-values.yaml') as K8sObject[]
    expect(byKind(objects, 'Secret')).toEqual([])
    const c = container(objects)
    expect(c.args).toContain('--sasl.mechanism=OAUTHBEARER')
    expect(c.args).toContain('--tls.ca-file=/etc/kafkascope/tls/ca.crt')
    expect((c.args as string[]).some((a) => a.startsWith('--tls.cert-file'))).toBe(false)
    const pod = (one(objects, 'Deployment') as Any).spec.template.spec
    const names = pod.volumes.flatMap((v: Any) => v.projected.sources.map((s: Any) => s.secret.name))
    expect(names.sort()).toEqual(['kafka-client-tls', 'kafkascope-oauth'])
  })

  it('accepts the older prometheus-kafka-exporter names of TLS values', () => {
    const objects = template(
      [],
      ['tls.enabled=true', 'tls.insecureSkipTlsVerify=true', 'tls.caFile=-----BEGIN CERTIFICATE-----'],
    )
    expect(container(objects).args).toEqual(
      expect.arrayContaining(['--tls.insecure-skip-tls-verify', '--tls.ca-file=/etc/kafkascope/tls/ca.crt']),
    )
    expect(Object.keys((one(objects, 'Secret') as Any).data)).toEqual(['ca.crt'])
  })

  it('fails to render SCRAM without credentials, naming the missing value', () => {
    expect(() => template([], ['sasl.enabled=true', 'sasl.scram.enabled=true'])).toThrow(
      /sasl\.scram\.username is required/,
    )
  })
})
