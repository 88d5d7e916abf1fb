/**
 * Just enough Jsonnet writing for the mixin: values as literals (JSON is valid Jsonnet), and strings that mix
 * literal text with references to `$._config`.
 */

/** A piece of Jsonnet source, kept apart from strings so it is never quoted; a function gets its indentation. */
export class Code {
  constructor(readonly code: string | ((indent: string) => string)) {}
}

export type JsonnetValue =
  | string
  | number
  | boolean
  | null
  | Code
  | readonly JsonnetValue[]
  | { readonly [k: string]: JsonnetValue }

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/
// Jsonnet keywords cannot be bare field names.
const KEYWORDS = new Set([
  'assert',
  'else',
  'error',
  'false',
  'for',
  'function',
  'if',
  'import',
  'importstr',
  'importbin',
  'in',
  'local',
  'null',
  'tailstrict',
  'then',
  'self',
  'super',
  'true',
])

export function fieldName(name: string): string {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name) ? name : JSON.stringify(name)
}

/** `obj.name`, or `obj["name"]` where name is a keyword. */
export function field(obj: string, name: string): string {
  return fieldName(name) === name ? `${obj}.${name}` : `${obj}[${JSON.stringify(name)}]`
}

export function render(value: JsonnetValue, indent = ''): string {
  if (value instanceof Code) return typeof value.code === 'string' ? value.code : value.code(indent)
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => `${inner}${render(v, inner)},`).join('\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, JsonnetValue>)
  if (entries.length === 0) return '{}'
  return `{\n${entries.map(([k, v]) => `${inner}${fieldName(k)}: ${render(v, inner)},`).join('\n')}\n${indent}}`
}

/**
 * `text` as a Jsonnet string expression in which every occurrence of a token (longest first) is replaced by the
 * Jsonnet expression it maps to: `"a > " + std.toString($._config.x) + " for 5m"`.
 */
export function substituted(text: string, tokens: ReadonlyMap<string, string>): JsonnetValue {
  const keys = [...tokens.keys()].sort((a, b) => b.length - a.length)
  if (keys.length === 0) return text
  const pattern = new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  const parts: string[] = []
  let last = 0
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) parts.push(JSON.stringify(text.slice(last, m.index)))
    parts.push(tokens.get(m[0]) as string)
    last = m.index + m[0].length
  }
  if (parts.length === 0) return text
  if (last < text.length) parts.push(JSON.stringify(text.slice(last)))
  return new Code(parts.join(' + '))
}
