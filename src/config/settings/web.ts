import { quote } from '../../limits.js'
import { setting } from '../setting.js'
import { validListenAddress } from '../values.js'
import { configFile } from '../values-auth.js'

/** kafkascope's own HTTP endpoint. */
export const WEB_SETTINGS = [
  setting({
    key: 'listenAddresses',
    flag: 'web.listen-address',
    kind: 'address',
    help: 'Address to serve metrics and the API on',
    repeatable: true,
    default: [':9308'] as string[],
    parse: validListenAddress,
    placeholder: 'host:port',
  }),
  setting({
    key: 'telemetryPath',
    flag: 'web.telemetry-path',
    kind: 'string',
    help: 'Path under which to expose metrics',
    default: '/metrics',
    parse: (t: string) => {
      if (!t.startsWith('/') || t === '/' || /\s/.test(t))
        throw new Error(`${quote(t)} must be a path below /, e.g. /metrics`)
      return t
    },
    placeholder: 'path',
  }),
  setting({
    key: 'webConfigFile',
    flag: 'web.config.file',
    kind: 'path',
    help: 'Web configuration file (Prometheus exporter-toolkit format) for TLS and basic authentication of the HTTP endpoint',
    default: undefined as string | undefined,
    parse: configFile,
    placeholder: 'file',
  }),
] as const
