/**
 * A small YAML emitter for the generated rule, test, provisioning and Alertmanager files. Generated files only hold
 * plain data (objects, arrays, strings, numbers, booleans), so this avoids a dependency; promtool and amtool parse
 * every file it writes in the test run. Strings are plain when unambiguous, quoted as biome formats them when they
 * are one line (so `npm run lint` accepts the generated files) and literal blocks when multi-line.
 */
export type YamlValue =
  | string
  | number
  | boolean
  | null
  | readonly YamlValue[]
  | { readonly [k: string]: YamlValue }

export function toYaml(value: YamlValue): string {
  return `${lines(value, 0).join('\n')}\n`
}

function lines(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent)
  if (isScalar(value) || isEmpty(value)) return [pad + inline(value, indent)]
  if (Array.isArray(value)) {
    return value.flatMap((item: YamlValue) => {
      if (isScalar(item) || isEmpty(item)) return [`${pad}- ${inline(item, indent + 2)}`]
      // The first line of a nested block goes right after the dash.
      const nested = lines(item, indent + 2)
      return [`${pad}- ${(nested[0] as string).slice(indent + 2)}`, ...nested.slice(1)]
    })
  }
  return Object.entries(value as Record<string, YamlValue>).flatMap(([k, v]) => {
    const key = `${pad}${scalarKey(k)}:`
    if (isScalar(v) || isEmpty(v)) return [`${key} ${inline(v, indent + 2)}`]
    return [key, ...lines(v, indent + 2)]
  })
}

function isScalar(v: YamlValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object'
}

function isEmpty(v: YamlValue): boolean {
  return v !== null && typeof v === 'object' && Object.keys(v).length === 0
}

function inline(v: YamlValue, indent: number): string {
  if (Array.isArray(v)) return '[]'
  if (v !== null && typeof v === 'object') return '{}'
  if (v === null) return 'null'
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to YAML`)
    return String(v)
  }
  if (typeof v === 'boolean') return String(v)
  return scalarString(v, indent)
}

// Plain scalars YAML would not read back as the same string: booleans, nulls, numbers, and anything with
// indicator characters. Everything else is left plain for readability.
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./()=,+-]*$/
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i
// Prometheus durations (`for: 5m`) are plain in every YAML version; other strings starting with a digit are quoted.
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/

function scalarString(s: string, indent: number): string {
  if (s.includes('\n')) {
    // A literal block keeps the text byte for byte; `|-` drops the final newline when the string has none.
    const chomp = s.endsWith('\n') ? '|' : '|-'
    const body = s.endsWith('\n') ? s.slice(0, -1) : s
    if (/^\s/.test(body)) throw new Error('multi-line YAML strings must not start with whitespace')
    const pad = ' '.repeat(indent)
    return `${chomp}\n${body
      .split('\n')
      .map((l) => (l === '' ? '' : pad + l))
      .join('\n')}`
  }
  if ((PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ')) || DURATION.test(s)) return s
  // Like the repository's formatter (biome): double quotes unless the string has more of them than single
  // quotes, as PromQL selectors do. JSON escapes are valid in YAML double-quoted strings.
  const doubles = s.split('"').length - 1
  const singles = s.split("'").length - 1
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters cannot be single-quoted
  if (doubles <= singles || /[\u0000-\u001f\u007f]/.test(s)) return JSON.stringify(s)
  return `'${s.replaceAll("'", "''")}'`
}

function scalarKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k)
}
