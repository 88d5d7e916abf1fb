import { ConfigError } from '../errors.js'
import { type Config, envName, formatDefault, SETTINGS } from './settings.js'

export const COMMANDS = ['serve'] as const
export type Command = (typeof COMMANDS)[number]

export type Invocation =
  | { kind: 'run'; command: Command; config: Config }
  | { kind: 'help' }
  | { kind: 'version' }

type Setting = (typeof SETTINGS)[number]
const BY_FLAG = new Map<string, Setting>(SETTINGS.map((s) => [s.flag, s]))

/**
 * argv (without node and script) + environment → what to run. Precedence: flag > environment > default.
 * Every error names the flag or variable and what would be valid, and becomes exit code 2 in the CLI.
 */
export function parseInvocation(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Invocation {
  const fromFlags = new Map<Setting, unknown[]>()
  let command: Command | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    if (arg === '--version') return { kind: 'version' }
    if (!arg.startsWith('--')) {
      if (command !== undefined || !(COMMANDS as readonly string[]).includes(arg)) {
        throw new ConfigError(`unexpected argument "${arg}"; commands are: ${COMMANDS.join(', ')}`)
      }
      command = arg as Command
      continue
    }
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq === -1 ? undefined : eq)
    const setting = BY_FLAG.get(name)
    if (!setting) throw new ConfigError(`unknown flag --${name}${suggest(name)}; see --help for all flags`)
    let value: string
    if (eq !== -1) value = arg.slice(eq + 1)
    else {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) {
        throw new ConfigError(`flag --${name} needs a value (${setting.placeholder})`)
      }
      value = next
      i++
    }
    const values = fromFlags.get(setting) ?? []
    if (values.length > 0 && !setting.repeatable) {
      throw new ConfigError(`flag --${name} was given more than once; it takes a single value`)
    }
    values.push(parseWith(setting, value, `flag --${name}`))
    fromFlags.set(setting, values)
  }

  const config: Record<string, unknown> = {}
  for (const setting of SETTINGS) {
    const flagged = fromFlags.get(setting)
    const envKey = envName(setting.flag)
    const envValue = env[envKey]
    let value: unknown
    if (flagged) value = setting.repeatable ? flagged : flagged[0]
    else if (envValue !== undefined && envValue !== '') {
      const parts = setting.repeatable ? envValue.split(',').map((p) => p.trim()) : [envValue]
      const parsed = parts.map((p) => parseWith(setting, p, `environment variable ${envKey}`))
      value = setting.repeatable ? parsed : parsed[0]
    } else value = setting.default
    config[setting.key] = value
  }
  return { kind: 'run', command: command ?? 'serve', config: Object.freeze(config) as Config }
}

function parseWith(setting: Setting, text: string, source: string): unknown {
  try {
    return setting.parse(text)
  } catch (error) {
    throw new ConfigError(`invalid value for ${source}: ${(error as Error).message}`)
  }
}

function suggest(name: string): string {
  const close = SETTINGS.filter((s) => distance(s.flag, name) <= 3).map((s) => `--${s.flag}`)
  return close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : ''
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length] as number
}

export function helpText(): string {
  const lines = [
    'Usage: kafkascope [serve] [flags]',
    '',
    'Polls a Kafka cluster in the background and serves replication health, offsets and consumer lag as Prometheus metrics.',
    '',
    'Flags (each can also be set by the environment variable shown):',
  ]
  for (const s of SETTINGS) {
    lines.push(`  --${s.flag}=<${s.placeholder}>${s.repeatable ? ' (repeatable)' : ''}`)
    lines.push(`      ${s.help}. Default: ${formatDefault(s)}. Env: ${envName(s.flag)}`)
  }
  lines.push('  --help     Show this help and exit', '  --version  Show the version and exit')
  return lines.join('\n')
}
