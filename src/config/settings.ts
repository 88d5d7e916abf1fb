import { setting } from './setting.js'
import { ANALYSIS_SETTINGS } from './settings/analysis.js'
import { KAFKA_SETTINGS } from './settings/kafka.js'
import { LIST_SETTINGS } from './settings/lists.js'
import { OUTPUT_SETTINGS } from './settings/output.js'
import { POLL_SETTINGS } from './settings/poll.js'
import { SASL_SETTINGS } from './settings/sasl.js'
import { SERVER_TLS_SETTINGS } from './settings/server-tls.js'
import { TLS_SETTINGS } from './settings/tls.js'
import { WEB_SETTINGS } from './settings/web.js'
import { configFile } from './values-auth.js'

export { envName, filePath, formatDefault, parseValue, parseValues } from './setting.js'
export {
  DESCRIBE_OUTPUTS,
  LOG_FORMATS,
  LOG_LEVELS,
  METRIC_SETS,
  METRICS_GRANULARITIES,
} from './settings/output.js'

/**
 * Every setting, declared once: its flag, kind, help, default and parser, one file per area under settings/. The
 * CLI help, validation, the environment variables and the config file's keys (envName, filePath), the reference
 * config and the README derive from this list, in this order, so adding a setting is adding one entry to its
 * area (then `npm run generate`).
 */
export const SETTINGS = [
  ...KAFKA_SETTINGS,
  ...SASL_SETTINGS,
  ...TLS_SETTINGS,
  ...WEB_SETTINGS,
  ...SERVER_TLS_SETTINGS,
  ...POLL_SETTINGS,
  ...LIST_SETTINGS,
  ...ANALYSIS_SETTINGS,
  ...OUTPUT_SETTINGS,
  setting({
    key: 'configFile',
    flag: 'config.file',
    kind: 'path',
    help: 'YAML file holding any of these settings (see kafkascope.example.yml); flags and environment variables override it',
    default: undefined as string | undefined,
    parse: configFile,
    inFile: false,
    placeholder: 'file',
  }),
] as const

export type AnySetting = (typeof SETTINGS)[number]
export type Config = { readonly [S in AnySetting as S['key']]: S['default'] }

/** The settings by flag name (without dashes) and by Config key. */
export const BY_FLAG: ReadonlyMap<string, AnySetting> = new Map(SETTINGS.map((s) => [s.flag, s]))
export const BY_KEY: ReadonlyMap<string, AnySetting> = new Map(SETTINGS.map((s) => [s.key, s]))
