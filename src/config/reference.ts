import { stringify } from 'yaml'
import { fileSchema } from './file.js'
import { type AnySetting, envName, formatDefault } from './settings.js'

export const REFERENCE_CONFIG_PATH = 'kafkascope.example.yml'

/**
 * kafkascope.example.yml: every setting the config file can hold, in SETTINGS order, each with its help, flag and
 * variable. Settings with a default show it (so the file loads as-is and changes nothing); settings without one are
 * commented out with a placeholder. Generated, so a new setting cannot be missing from it.
 */
export function referenceConfig(): string {
  const lines = [
    '# kafkascope configuration file: every setting, with its default. Use it with --config.file=<path>.',
    '# Generated from src/config/settings.ts by `npm run generate`; copy it rather than editing this one.',
    '# Precedence: flag > KAFKASCOPE_* environment variable > this file > default. Unknown keys and bad values',
    "# stop kafkascope at start. Relative paths are relative to this file's directory.",
    '# Keys are the flags split at dots, dashes as underscores; --sasl.* and --tls.* live under kafka,',
    "# --server.tls.* (kafka_exporter's endpoint TLS) under web.",
  ]
  emit(fileSchema(), 0, lines)
  return `${lines.join('\n')}\n`
}

type Section = ReturnType<typeof fileSchema>

function emit(section: Section, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth)
  let first = true
  for (const [key, child] of section.children) {
    // A section that opens its parent needs no blank line after the parent's key (web: server: tls:).
    const blank = first && depth > 0 ? [] : ['']
    first = false
    if ('children' in child) {
      lines.push(...blank, `${indent}${key}:`)
      emit(child, depth + 1, lines)
      continue
    }
    lines.push(`${indent}# ${child.help}.`, `${indent}# --${child.flag}, ${envName(child.flag)}`)
    const value = yamlValue(child)
    if (value === undefined) lines.push(`${indent}# ${key}: <${child.placeholder}>`)
    else if (typeof value === 'string') lines.push(`${indent}${key}: ${value}`)
    else lines.push(`${indent}${key}:`, ...value.map((l) => `${indent}  ${l}`))
  }
}

/**
 * The default in YAML as a user would write it (15s, not 15000): a flow value, the lines of a block list or map,
 * or undefined when there is no default.
 */
function yamlValue(s: AnySetting): string | string[] | undefined {
  const value = s.default as unknown
  if (value === undefined) return undefined
  if (s.repeatable) {
    const values = value as readonly unknown[]
    return values.length === 0 ? '[]' : values.map((v) => `- ${scalar(String(v))}`)
  }
  if (s.kind === 'boolean') return String(value)
  if (s.kind === 'labels') {
    const entries = Object.entries(value as Record<string, string>)
    return entries.length === 0 ? '{}' : entries.map(([k, v]) => `${k}: ${scalar(v)}`)
  }
  return scalar(formatDefault(s))
}

function scalar(text: string): string {
  // Numbers unquoted: the loader hands their source text to the setting's parser, as it does for strings.
  if (/^\d+(\.\d+)?$/.test(text)) return text
  return stringify(text).trimEnd()
}
