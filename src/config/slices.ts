import type { AnalysisOptions } from '../analysis/analyzer.js'
import type { PollSettings } from '../collect/from-config.js'
import type { EngineSettings } from '../engine/engine.js'
import type { HttpOptions } from '../http/server.js'
import type { ServerTlsFlags } from '../http/server-tls-flags.js'
import type { KafkaSaslSettings, KafkaSecuritySettings } from '../kafka/auth.js'
import type { KafkaClientOptions } from '../kafka/client.js'
import type { OutputSettings } from '../metrics/output.js'
import type { Config } from './settings.js'

/**
 * The one place that maps the flat Config onto what each module needs. Every module declares its own settings
 * interface in its own folder (kafka/auth.ts, collect/from-config.ts, analysis/analyzer.ts, metrics/output.ts,
 * http/server.ts) and imports nothing from config/; only the edge (cli, daemon, commands) calls this.
 */
export interface Slices {
  readonly kafka: KafkaConnectionSettings
  readonly poll: PollSettings
  readonly analysis: AnalysisOptions
  readonly output: OutputSettings
  readonly web: WebSettings
  readonly log: { readonly level: Config['logLevel']; readonly format: Config['logFormat'] }
  /** How often the daemon polls. */
  readonly pollIntervalMs: number
  /** --output of the describe command. */
  readonly describeFormat: Config['describeFormat']
}

/** What the one Kafka client of a run is built from (wiring.ts). */
export interface KafkaConnectionSettings
  extends Required<Pick<KafkaClientOptions, 'bootstrap' | 'requestTimeoutMs' | 'authRetryBaseMs'>> {
  readonly security: KafkaSecuritySettings
}

export interface WebSettings extends Pick<HttpOptions, 'listenAddresses' | 'telemetryPath'> {
  /** --web.config.file; plain HTTP without. */
  readonly configFile: string | undefined
  /** kafka_exporter's --server.tls.* (validate.ts allows only one of the two). */
  readonly serverTls: ServerTlsFlags | undefined
}

/** Longest wait for one Kafka request, whatever the poll timeout: a hung broker must leave time for the others. */
const MAX_REQUEST_TIMEOUT_MS = 10_000

export function slices(config: Config): Slices {
  return {
    kafka: {
      bootstrap: config.kafkaServers,
      requestTimeoutMs: Math.min(config.pollTimeout, MAX_REQUEST_TIMEOUT_MS),
      // After credentials or a certificate are refused, reconnecting backs off from one poll interval.
      authRetryBaseMs: config.pollInterval,
      security: kafkaSecurity(config),
    },
    poll: {
      timeoutMs: config.pollTimeout,
      topics: {
        include: config.topicFilter,
        exclude: config.topicExclude,
        allow: config.topicAllow,
        ignore: config.topicIgnore,
      },
      groups: {
        include: config.groupFilter,
        exclude: config.groupExclude,
        allow: config.groupAllow,
        ignore: config.groupIgnore,
      },
      configRefreshMs: config.configRefreshInterval,
      lagFetchMaxBytes: config.lagFetchMaxBytes,
      logDirsRefreshMs: config.logDirsRefreshInterval,
    },
    analysis: {
      statusWindowMs: config.statusWindow,
      allowedLag: config.statusAllowedLag,
      inactiveGraceMs: config.groupInactiveGrace,
    },
    output: {
      labels: config.kafkaLabels,
      disabled: config.metricsDisable,
      topicGranularity: config.metricsTopicGranularity ?? config.metricsGranularity,
      groupGranularity: config.metricsGroupGranularity ?? config.metricsGranularity,
      set: config.metricsSet,
    },
    web: {
      listenAddresses: config.listenAddresses,
      telemetryPath: config.telemetryPath,
      configFile: config.webConfigFile,
      serverTls: config.serverTlsEnabled
        ? {
            certFile: config.serverTlsCertFile as string,
            keyFile: config.serverTlsKeyFile as string,
            clientCaFile: config.serverTlsMutualAuth ? config.serverTlsCaFile : undefined,
          }
        : undefined,
    },
    log: { level: config.logLevel, format: config.logFormat },
    pollIntervalMs: config.pollInterval,
    describeFormat: config.describeFormat,
  }
}

/** What the poll engine runs on (the worker thread and the in-thread form alike). */
export function engineSettings(s: Slices): EngineSettings {
  return {
    poll: s.poll,
    analysis: s.analysis,
    output: s.output,
    pollIntervalMs: s.pollIntervalMs,
    target: s.kafka.bootstrap.join(','),
  }
}

/**
 * TLS and SASL as the Kafka connection takes them: off unless enabled, and only the chosen mechanism's fields, so
 * a setting the config warned about as ignored cannot reach the connection. validate.ts has checked that what a
 * mechanism requires is set.
 */
function kafkaSecurity(config: Config): KafkaSecuritySettings {
  const tls = config.tlsEnabled
    ? {
        caFile: config.tlsCaFile,
        certFile: config.tlsCertFile,
        keyFile: config.tlsKeyFile,
        keyPassword: config.tlsKeyPassword,
        keyPasswordFile: config.tlsKeyPasswordFile,
        serverName: config.tlsServerName,
        insecureSkipVerify: config.tlsInsecureSkipVerify,
      }
    : undefined
  return { tls, sasl: config.saslEnabled ? sasl(config) : undefined }
}

function sasl(config: Config): KafkaSaslSettings {
  if (config.saslMechanism === 'OAUTHBEARER') {
    return {
      mechanism: 'OAUTHBEARER',
      tokenUrl: config.oauthTokenUrl as string,
      clientId: config.oauthClientId as string,
      clientSecret: config.oauthClientSecret,
      clientSecretFile: config.oauthClientSecretFile,
      scope: config.oauthScope,
    }
  }
  if (config.saslMechanism === 'AWS_MSK_IAM') {
    return {
      mechanism: 'AWS_MSK_IAM',
      region: config.saslAwsRegion,
      profile: config.saslAwsProfile,
      roleArn: config.saslAwsRoleArn,
    }
  }
  return {
    mechanism: config.saslMechanism,
    username: config.saslUsername as string,
    password: config.saslPassword,
    passwordFile: config.saslPasswordFile,
  }
}
