import { parseListenAddress } from '../addresses.js'
import { type CompiledRegex, compileRegex, isRegexEntry, RegexSyntaxError } from '../collect/filters.js'
import { parseDuration } from '../duration.js'
import { quote } from '../limits.js'

/** Value parsers shared by flags, environment variables and (later) the config file. Each throws a plain message. */

/** Compiled exactly as the poll's filter compiles it (RE2), so whatever would fail there fails here, at start. */
export function parseRegex(text: string): CompiledRegex {
  try {
    return compileRegex(text)
  } catch (error) {
    if (error instanceof RegexSyntaxError)
      throw new Error(`${quote(text)} is not a valid RE2 regular expression: ${error.message}`)
    throw new Error(`${quote(text)} is not a valid RE2 regular expression: ${(error as Error).message}`)
  }
}

/** Kept as source text: the filter compiles it, and --help / the config reference show it as given. */
export function validRegex(text: string): string {
  parseRegex(text)
  return text
}

/** An allow/ignore list entry (KMinion's form): a name, or /regex/ checked like a filter regex. */
export function validListEntry(text: string): string {
  if (text === '') throw new Error('the entry is empty; use a topic or group name, or /regex/')
  if (isRegexEntry(text)) parseRegex(text.slice(1, -1))
  return text
}

/** Kept as text: the HTTP server parses it again when it binds, and names it so in errors. */
export function validListenAddress(text: string): string {
  parseListenAddress(text)
  return text
}

export function positiveDuration(text: string, minMs: number): number {
  const ms = parseDuration(text)
  if (ms < minMs) throw new Error(`${quote(text)} is too short; the minimum is ${minMs}ms`)
  return ms
}

export function parseEnum<T extends string>(text: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(text)) {
    throw new Error(`${quote(text)} is not one of ${values.join(', ')}`)
  }
  return text as T
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
}

/** "1MiB", "512KiB", "65536" → bytes. */
export function parseBytes(text: string): number {
  const m = /^(\d+)\s*([KMG]i?B|B)?$/.exec(text)
  const unit = BYTE_UNITS[m?.[2] ?? '']
  if (!m || unit === undefined)
    throw new Error(`${quote(text)} is not a size; use bytes or a unit, e.g. 65536, 512KiB, 1MiB`)
  return Number(m[1]) * unit
}

export function formatBytes(n: number): string {
  if (n > 0 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2}MiB`
  if (n > 0 && n % 1024 === 0) return `${n / 1024}KiB`
  return String(n)
}

/** A whole number ≥ 0. */
export function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${quote(text)} is not a whole number ≥ 0`)
  return Number(text)
}
