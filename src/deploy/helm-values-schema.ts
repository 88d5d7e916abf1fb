import { LOG_FORMATS, LOG_LEVELS, METRIC_SETS, METRICS_GRANULARITIES } from '../config/settings.js'
import {
  bool,
  closed,
  int,
  type JsonSchema,
  k8sList,
  k8sObject,
  list,
  nullable,
  oneOfOrEmpty,
  scalar,
  str,
  stringMap,
  strings,
} from './json-schema.js'

/**
 * The chart's values.schema.json. It holds kafkascope's own keys and every key of prometheus-community's
 * prometheus-kafka-exporter chart (3.1.x), so that chart's values files validate unchanged; keys whose meaning
 * cannot carry over are accepted and say so in their description (values.yaml says the same). A key in neither
 * fails `helm install` with its path: "at '/prometheus/serviceMonitor': additional properties 'intervall' not
 * allowed".
 */
const monitor = (kind: 'ServiceMonitor' | 'PodMonitor'): JsonSchema =>
  closed({
    enabled: bool(`Render a prometheus-operator ${kind}`),
    namespace: str(`Namespace of the ${kind}; the release namespace when empty`),
    apiVersion: { type: 'string', enum: ['monitoring.coreos.com/v1'] },
    interval: str(),
    scrapeTimeout: str(),
    scheme: oneOfOrEmpty(
      ['http', 'https', 'HTTP', 'HTTPS'],
      'https when server.tls is enabled and this is empty',
    ),
    tlsConfig: k8sObject('SafeTLSConfig of the scrape (ca, cert, keySecret, serverName, insecureSkipVerify)'),
    additionalLabels: stringMap(`Labels of the ${kind}, e.g. release: kube-prometheus-stack`),
    targetLabels: strings(
      kind === 'ServiceMonitor'
        ? 'Service labels copied onto the series (spec.targetLabels)'
        : 'Pod labels copied onto the series (spec.podTargetLabels)',
    ),
    relabelings: nullable(k8sList()),
    metricRelabelings: nullable(k8sList()),
  })

const probe = (what: string): JsonSchema =>
  closed({ enabled: bool(`Give the container a ${what} probe`), probe: k8sObject('A Kubernetes Probe') })

const ignored = (why: string): string => `Accepted for prometheus-kafka-exporter values; ${why}`

const sasl = closed({
  enabled: bool('Authenticate to Kafka with SASL (--sasl.enabled)'),
  handshake: bool(ignored('kafkascope always sends SaslHandshake')),
  scram: closed({
    enabled: bool('PLAIN or SCRAM with a username and password'),
    mechanism: str('plain, scram-sha256, scram-sha512 (or PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)'),
    username: str(),
    password: str('Kept in the chart Secret, passed as --sasl.password-file'),
    secretName: str('An existing Secret with the keys username and password'),
  }),
  oauthbearer: closed({
    enabled: bool('SASL/OAUTHBEARER, client-credentials grant'),
    tokenUrl: str(),
    clientId: str(),
    clientSecret: str(),
    scope: str(),
    secretName: str('An existing Secret with the key client-secret'),
  }),
  awsiam: closed({
    enabled: bool(
      "AWS MSK IAM (--sasl.mechanism=awsiam), credentials from the pod's AWS chain (IRSA, Pod Identity)",
    ),
    awsRegion: str('Region of the MSK cluster (--sasl.aws-region); empty: AWS_REGION'),
    mechanism: str(),
  }),
  kerberos: closed({
    enabled: bool('Kerberos (GSSAPI): not supported by kafkascope, rendering fails when true'),
    serviceName: str(),
    realm: str(),
    kerberosAuthType: str(),
    mountPath: str(),
    secretName: str(),
  }),
})

const pemOrKey = (file: string): JsonSchema =>
  str(`PEM contents of the ${file} (kept in the chart Secret), or the key of that file in tls.secretName`)

const tls = closed({
  enabled: bool('Connect to Kafka over TLS (--tls.enabled)'),
  insecureSkipVerify: bool(),
  insecureSkipTlsVerify: bool('Older name of insecureSkipVerify'),
  serverName: str(),
  secretName: str('An existing Secret with the PEM files, mounted at mountPath'),
  secretKeys: closed(
    { ca: str(), cert: str(), key: str() },
    'Keys of tls.secretName when the *File values are empty',
  ),
  caFile: pemOrKey('CA certificate'),
  certFile: pemOrKey('client certificate'),
  keyFile: pemOrKey('client key'),
  keyPassword: str('Passphrase of an encrypted key, kept in the chart Secret'),
  mountPath: str(),
})

const serverTls = closed({
  enabled: bool('Serve the metrics over TLS: a web config with tls_server_config (--web.config.file)'),
  mutualAuthEnabled: bool(
    'Require client certificates signed by caFile (client_auth_type RequireAndVerifyClientCert)',
  ),
  mountPath: str('Where secretName is mounted'),
  secretName: str('An existing Secret with the server certificate, key and (for mutual TLS) the client CA'),
  caFile: str('Key of the client CA in secretName'),
  certFile: str('Key of the server certificate in secretName'),
  keyFile: str('Key of the server key in secretName'),
})

/** kafkascope's own settings: flag values as on the command line, '' for kafkascope's default. */
const settings: Record<string, JsonSchema> = {
  pollInterval: scalar('--poll.interval'),
  pollTimeout: scalar('--poll.timeout'),
  topicConfigRefreshInterval: scalar('--topic.config-refresh-interval'),
  logDirsRefreshInterval: scalar('--log-dirs.refresh-interval'),
  topicFilter: str('--topic.filter'),
  topicExclude: str('--topic.exclude'),
  groupFilter: str('--group.filter'),
  groupExclude: str('--group.exclude'),
  lagFetchMaxBytes: scalar('--lag.fetch-max-bytes'),
  statusWindow: scalar('--status.window'),
  statusAllowedLag: scalar('--status.allowed-lag'),
  groupInactiveGrace: scalar('--group.inactive-grace'),
  metricsGranularity: oneOfOrEmpty(METRICS_GRANULARITIES, '--metrics.granularity'),
  metricsTopicGranularity: oneOfOrEmpty(METRICS_GRANULARITIES, '--metrics.topic-granularity'),
  metricsGroupGranularity: oneOfOrEmpty(METRICS_GRANULARITIES, '--metrics.group-granularity'),
  metricsSet: oneOfOrEmpty(METRIC_SETS, '--metrics.set'),
  metricsDisable: strings('--metrics.disable, one metric family per entry'),
  topicAllow: strings('--topic.allow, a name or /regex/ per entry'),
  topicIgnore: strings('--topic.ignore, a name or /regex/ per entry'),
  groupAllow: strings('--group.allow, a name or /regex/ per entry'),
  groupIgnore: strings('--group.ignore, a name or /regex/ per entry'),
  logLevel: oneOfOrEmpty(LOG_LEVELS, '--log.level'),
  logFormat: oneOfOrEmpty(LOG_FORMATS, '--log.format'),
}

const pullSecrets = list(
  { anyOf: [{ type: 'string' }, { type: 'object', required: ['name'] }] },
  'Secret names, or {name: ...} objects',
)

export const CHART_VALUES_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Values of the kafkascope chart (and of prometheus-kafka-exporter, which it accepts)',
  ...closed({
    image: closed({
      repository: str("danielqsj/kafka-exporter (the other chart's image) means kafkascope's default image"),
      tag: str("The chart's appVersion when empty"),
      pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
    }),
    command: strings("The container's command, instead of the image's entrypoint (node dist/cli.js)"),
    imagePullSecrets: pullSecrets,
    global: closed({ imagePullSecrets: pullSecrets }),
    hostAliases: k8sList(),
    deploymentLabels: stringMap(),
    deploymentAnnotations: stringMap(),
    nameOverride: str(
      'Keep empty: the generated alerts select job="kafkascope" (or set prometheusRule.selector)',
    ),
    fullnameOverride: str(),
    replicaCount: int(0),
    kafkaServer: { ...strings('Brokers to bootstrap from (--kafka.server, repeated)'), minItems: 1 },
    kafkaBrokerVersion: str(ignored('kafkascope negotiates API versions with each broker')),
    kafkaLabels: stringMap('Static labels on every series (--kafka.labels)'),
    verbosity: int(
      0,
      'kafka_exporter log verbosity: 1 or more means --log.level=debug unless logLevel is set',
    ),
    sarama: closed({ logEnabled: bool(ignored('kafkascope has no Sarama client log')) }),
    rbac: closed({ create: bool(ignored('kafkascope needs no Kubernetes API access, so no Role')) }),
    serviceAccount: closed({ create: bool(), name: nullable(str()), annotations: stringMap() }),
    env: k8sList('EnvVar objects; KAFKASCOPE_* variables set any flag'),
    extraArgs: list({ type: ['string', 'number', 'boolean'] }, 'More kafkascope flags'),
    extraVolumes: k8sList(),
    extraVolumeMounts: k8sList(),
    nodeOptions: str('NODE_OPTIONS, the V8 heap cap'),
    service: closed({
      type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
      port: int(1),
      labels: stringMap(),
      annotations: stringMap(),
      nodePort: nullable(int(1)),
      loadBalancerIP: nullable(str()),
    }),
    startup: probe('startup'),
    liveness: probe('liveness'),
    readiness: probe('readiness'),
    prometheus: closed({ serviceMonitor: monitor('ServiceMonitor'), podMonitor: monitor('PodMonitor') }),
    prometheusRule: closed({
      enabled: bool(),
      namespace: str(),
      additionalLabels: stringMap(),
      selector: {
        ...str('PromQL matchers replacing job="kafkascope" in every rule; empty keeps it'),
        // Written into single-quoted and block YAML scalars of the rule file: no quote or backslash can break out.
        pattern: '^([a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*"[^"\'\\\\]*"\\s*,?\\s*)*$',
      },
    }),
    dashboards: closed({
      enabled: bool(),
      namespace: str(),
      clusterLabel: {
        ...str('Label naming the Kafka cluster in the dashboards; empty keeps "cluster"'),
        pattern: '^([a-zA-Z_][a-zA-Z0-9_]*)?$',
      },
      labels: stringMap(),
      annotations: stringMap(),
    }),
    podLabels: stringMap(),
    annotations: stringMap('Pod annotations'),
    resources: k8sObject(),
    nodeSelector: stringMap(),
    tolerations: k8sList(),
    affinity: k8sObject(),
    priorityClassName: str(),
    terminationGracePeriodSeconds: int(0),
    securityContext: k8sObject('The pod security context'),
    containerSecurityContext: k8sObject(),
    tls,
    sasl,
    server: closed({ tls: serverTls }),
    webConfig: closed({
      secretName: str('An existing Secret holding web-config.yml (exporter-toolkit format)'),
    }),
    kafka: closed({
      enabled: bool(
        "prometheus-kafka-exporter's CI-only Kafka subchart: kafkascope's chart has none, true fails",
      ),
    }),
    ...settings,
  }),
}

export function chartValuesSchemaJson(): string {
  return `${JSON.stringify(CHART_VALUES_SCHEMA, null, 2)}\n`
}
