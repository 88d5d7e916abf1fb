import { ConfigError } from '../errors.js'
import { clip, MAX_REPEATED_VALUES, quote } from '../limits.js'
import { type FileValues, loadConfigFile } from './file.js'
import { KAFKA_EXPORTER_BY_FLAG, type KafkaExporterFlag, kafkaExporterOnly } from './kafka-exporter.js'
import {
  type AnySetting,
  BY_FLAG,
  type Config,
  envName,
  filePath,
  formatDefault,
  parseValue,
  parseValues,
  SETTINGS,
} from './settings.js'
import { didYouMean } from './suggest.js'
import { checkConfig, kafkaExporterForms, type Source } from './validate.js'
import { parseBool } from './values-auth.js'

export type { Source }
export const COMMANDS = ['serve', 'describe', 'log-dirs'] as const
export type Command = (typeof COMMANDS)[number]

export type Invocation =
  | {
      kind: 'run'
      command: Command
      config: Config
      /** Where each setting's value came from. */
      sources: Readonly<Record<keyof Config, Source>>
      /** To be logged at start: settings that are set but have no effect. */
      warnings: readonly string[]
    }
  | { kind: 'help' }
  | { kind: 'version' }

/**
 * argv (without node and script) + environment (+ the config file they name) → what to run.
 * Precedence per setting: flag > environment > config file > default. Every error names the flag, variable or
 * file key and what would be valid, and becomes exit code 2 in the CLI.
 */
export function parseInvocation(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Invocation {
  const parsedArgs = parseArgs(argv)
  if (parsedArgs.kind !== 'run') return parsedArgs
  const { fromFlags, command } = parsedArgs

  const fromEnv = new Map<AnySetting, unknown>()
  for (const setting of SETTINGS) {
    const envKey = envName(setting.flag)
    const text = env[envKey]
    // An overridden variable is not even validated: the flag wins whatever it holds.
    if (text === undefined || text === '' || fromFlags.has(setting)) continue
    const source = `environment variable ${envKey}`
    if (setting.repeatable) {
      const parts = text.split(',').map((p) => p.trim())
      fromEnv.set(
        setting,
        withSource(source, () => parseValues(setting, parts)),
      )
    } else fromEnv.set(setting, parseWith(setting, text, source))
  }

  const configFile = (fromFlags.get(BY_FLAG.get('config.file') as AnySetting)?.[0] ??
    fromEnv.get(BY_FLAG.get('config.file') as AnySetting)) as string | undefined
  const fromFile: FileValues = configFile === undefined ? new Map() : loadConfigFile(configFile)

  const config: Record<string, unknown> = {}
  const sources: Record<string, Source> = {}
  for (const setting of SETTINGS) {
    const flagged = fromFlags.get(setting)
    if (flagged) {
      config[setting.key] = setting.repeatable ? flagged : flagged[0]
      sources[setting.key] = 'flag'
    } else if (fromEnv.has(setting)) {
      config[setting.key] = fromEnv.get(setting)
      sources[setting.key] = 'environment'
    } else if (fromFile.has(setting.key)) {
      config[setting.key] = fromFile.get(setting.key)
      sources[setting.key] = 'file'
    } else if (setting.kafkaExporterEnv && env[setting.kafkaExporterEnv]) {
      const variable = setting.kafkaExporterEnv
      config[setting.key] = parseWith(setting, env[variable] as string, `environment variable ${variable}`)
      sources[setting.key] = 'kafka_exporter environment'
    } else {
      config[setting.key] = setting.default
      sources[setting.key] = 'default'
    }
  }
  kafkaExporterForms(config, sources)
  const frozen = Object.freeze(config) as Config
  const frozenSources = Object.freeze(sources) as Record<keyof Config, Source>
  const warnings = [...parsedArgs.warnings, ...checkConfig(frozen, frozenSources)]
  return { kind: 'run', command, config: frozen, sources: frozenSources, warnings }
}

type ParsedArgs =
  | { kind: 'run'; command: Command; fromFlags: Map<AnySetting, unknown[]>; warnings: string[] }
  | { kind: 'help' }
  | { kind: 'version' }

function parseArgs(argv: readonly string[]): ParsedArgs {
  const fromFlags = new Map<AnySetting, unknown[]>()
  const warnings: string[] = []
  let command: Command | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    if (arg === '--version') return { kind: 'version' }
    if (!arg.startsWith('--')) {
      if (command !== undefined || !(COMMANDS as readonly string[]).includes(arg)) {
        throw new ConfigError(`unexpected argument ${quote(arg)}; commands are: ${COMMANDS.join(', ')}`)
      }
      command = arg as Command
      continue
    }
    const eq = arg.indexOf('=')
    let name = arg.slice(2, eq === -1 ? undefined : eq)
    let setting = BY_FLAG.get(name)
    let value: string
    const negated = !setting && name.startsWith('no-') && eq === -1
    if (negated && BY_FLAG.get(name.slice(3))?.kind === 'boolean') {
      // kingpin's negation, as kafka_exporter users write it: --no-tls.enabled.
      name = name.slice(3)
      setting = BY_FLAG.get(name) as AnySetting
      value = 'false'
    } else if (!setting) {
      const only = kafkaExporterFlag(name, negated)
      if (only === undefined) {
        throw new ConfigError(
          `unknown flag ${clip(`--${name}`)}${didYouMean(name, [...BY_FLAG.keys(), ...KAFKA_EXPORTER_ONLY], (f) => `--${f}`)}; see --help for all flags`,
        )
      }
      const text =
        only.type === 'bool'
          ? boolValue(only.flag, negated ? 'false' : eq === -1 ? 'true' : arg.slice(eq + 1))
          : eq === -1
            ? nextValue(argv, i++, only.flag, only.type)
            : arg.slice(eq + 1)
      const outcome = withSource(`flag --${only.flag}`, () => kafkaExporterOnly(only, text))
      if ('refusal' in outcome) throw new ConfigError(outcome.refusal)
      warnings.push(outcome.warning)
      continue
    } else if (eq !== -1) value = arg.slice(eq + 1)
    else if (setting.kind === 'boolean') value = 'true'
    else {
      value = nextValue(argv, i, name, setting.placeholder)
      i++
    }
    const values = fromFlags.get(setting) ?? []
    if (values.length > 0 && !setting.repeatable) {
      throw new ConfigError(`flag --${name} was given more than once; it takes a single value`)
    }
    if (values.length === MAX_REPEATED_VALUES) {
      throw new ConfigError(
        `flag --${name} was given more than ${MAX_REPEATED_VALUES} times; that is the limit`,
      )
    }
    values.push(parseWith(setting, value, `flag --${name}`))
    fromFlags.set(setting, values)
  }
  return { kind: 'run', command: command ?? 'serve', fromFlags, warnings }
}

// kafka_exporter's flags that are no settings, for did-you-mean: they are accepted too.
const KAFKA_EXPORTER_ONLY = [...KAFKA_EXPORTER_BY_FLAG.values()]
  .filter((f) => f.fate.kind !== 'setting')
  .map((f) => f.flag)

/** The argument after a flag that needs a value (--kafka.server kafka-1:9092, as kingpin allows). */
function nextValue(argv: readonly string[], i: number, flag: string, placeholder: string): string {
  const next = argv[i + 1]
  if (next === undefined || next.startsWith('--')) {
    throw new ConfigError(`flag --${flag} needs a value (${placeholder})`)
  }
  return next
}

/** A kafka_exporter-only flag by name, also negated (--no-sasl.handshake) when it is a bool. */
function kafkaExporterFlag(name: string, negated: boolean): KafkaExporterFlag | undefined {
  const plain = KAFKA_EXPORTER_BY_FLAG.get(name)
  if (plain) return plain
  const positive = negated ? KAFKA_EXPORTER_BY_FLAG.get(name.slice(3)) : undefined
  return positive?.type === 'bool' ? positive : undefined
}

function boolValue(flag: string, text: string): string {
  return String(withSource(`flag --${flag}`, () => parseBool(text)))
}

function parseWith(setting: AnySetting, text: string, source: string): unknown {
  return withSource(source, () => parseValue(setting, text))
}

function withSource<T>(source: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new ConfigError(`invalid value for ${source}: ${(error as Error).message}`)
  }
}

export function helpText(): string {
  const lines = [
    'Usage: kafkascope [serve|describe|log-dirs] [flags]',
    '  serve     (default) poll in the background and serve /metrics, the JSON API and health endpoints',
    '  describe  poll once and print every group like kafka-consumer-groups --describe, with lag seconds and status',
    "  log-dirs  poll once and print each broker's log directories and each topic's size, like kafka-log-dirs --describe",
    '',
    'Polls a Kafka cluster in the background and serves replication health, offsets and consumer lag as Prometheus metrics.',
    '',
    'Flags (each can also be set by the environment variable shown, or by the config file key shown):',
  ]
  for (const s of SETTINGS) {
    const value = s.kind === 'boolean' ? '' : `=<${s.placeholder}>`
    lines.push(`  --${s.flag}${value}${s.repeatable ? ' (repeatable)' : ''}`)
    const def = formatDefault(s)
    const file = s.inFile === false ? '' : `. File: ${filePath(s.flag).join('.')}`
    lines.push(`      ${s.help}.${def === '' ? '' : ` Default: ${def}.`} Env: ${envName(s.flag)}${file}`)
  }
  lines.push(
    "  kafka_exporter's other flags (--kafka.version, --log.enable-sarama, ...) are accepted with a warning, or",
    '  refused with what to use instead (ZooKeeper, Kerberos): see the README.',
    '  --help     Show this help and exit',
    '  --version  Show the version and exit',
  )
  return lines.join('\n')
}
