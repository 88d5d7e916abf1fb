import { RE2JS, RE2JSSyntaxException } from 're2js'
import { quote } from '../limits.js'

/**
 * Which topics and groups a poll keeps: kafka_exporter's include/exclude regexes, plus KMinion-style allow and
 * ignore lists. A name is kept when it matches the include regex, matches no exclude regex, is on the allow list
 * (when there is one) and is on no ignore list.
 */
export type NameFilter = (name: string) => boolean

/** KMinion-style lists beside the regexes; entries as listEntryMatcher reads them. */
export interface NameLists {
  /** Empty: every name. */
  readonly allow?: readonly string[]
  readonly ignore?: readonly string[]
}

/**
 * Past this many distinct names the memo starts over: topics and groups come and go, and a cluster that churns
 * generated group names must not grow it forever. Far above the names one large cluster has at once.
 */
const MEMO_LIMIT = 200_000

export function nameFilter(include: string, exclude: string, lists: NameLists = {}): NameFilter {
  const inc = compileRegex(include)
  const exc = compileRegex(exclude)
  const allow = (lists.allow ?? []).map(listEntryMatcher)
  const ignore = (lists.ignore ?? []).map(listEntryMatcher)
  const decide = (name: string) =>
    inc.test(name) &&
    !exc.test(name) &&
    (allow.length === 0 || allow.some((m) => m(name))) &&
    !ignore.some((m) => m(name))
  if (inc === MATCHES_ALL && exc === MATCHES_EMPTY && allow.length === 0 && ignore.length === 0)
    return (name) => name !== ''
  // Filters run for every topic and group of every poll, and the same names come back each time: RE2's linear
  // matching costs more per call than V8's backtracking one, so each name is decided once.
  const memo = new Map<string, boolean>()
  return (name) => {
    let kept = memo.get(name)
    if (kept === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear()
      kept = decide(name)
      memo.set(name, kept)
    }
    return kept
  }
}

/** What a filter regex is compiled into: only unanchored matching is needed. */
export interface CompiledRegex {
  test(name: string): boolean
}

const MATCHES_ALL: CompiledRegex = { test: () => true }
const MATCHES_EMPTY: CompiledRegex = { test: (name) => name === '' }

/** A syntax error in a filter regex, with where in the pattern it is (1-based, in characters). */
export class RegexSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly fragment: string,
    readonly position: number | undefined,
  ) {
    // The fragment is quoted like any value: for "missing closing )" it is the whole, possibly huge, pattern.
    super(
      position === undefined
        ? `${reason}: ${quote(fragment)}`
        : `${reason} at character ${position}: ${quote(fragment)}`,
    )
    this.name = 'RegexSyntaxError'
  }
}

/**
 * The one place a filter regex is compiled: the config validation calls it too (parseRegex), so a pattern that
 * fails here fails at start with exit 2, not at every poll. RE2 syntax and semantics, as Go's regexp in
 * kafka_exporter and KMinion ((?i), (?P<name>...), \z, [[:alpha:]], \pL, \Q...\E), with matching in time linear
 * in the name (no catastrophic backtracking on a user's pattern). Unanchored, like Go's MatchString.
 */
export function compileRegex(source: string): CompiledRegex {
  // The defaults (include everything, exclude nothing), which most deployments keep: no engine needed.
  if (source === '.*') return MATCHES_ALL
  if (source === '^$') return MATCHES_EMPTY
  try {
    return RE2JS.compile(source)
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      const fragment = error.getPattern() ?? ''
      // Go's messages name the offending part, not where it is: a long pattern needs the position. For an
      // unbalanced bracket the part is the whole pattern, so the bracket is looked for instead.
      const at =
        fragment === source
          ? (unbalanced(source) ?? 0)
          : fragment === ''
            ? undefined
            : nestedRepeat(error.getDescription(), fragment)
              ? source.lastIndexOf(fragment)
              : source.indexOf(fragment)
      const position = at === undefined || at === -1 ? undefined : at + 1
      throw new RegexSyntaxError(error.getDescription(), fragment === source ? source : fragment, position)
    }
    throw error
  }
}

/**
 * A repeat count that is valid alone ({999}) is refused for its nesting: the outer one, last in the text, is the
 * one RE2 names. Otherwise RE2 stops at the first error, the first occurrence of its fragment.
 */
function nestedRepeat(reason: string, fragment: string): boolean {
  return reason === 'invalid repeat count' && (fragment.match(/\d+/g) ?? []).every((n) => Number(n) <= 1000)
}

/**
 * Index of the first `)` without its `(`, else of the last `(` or `[` left open; undefined when balanced. Skips
 * escapes (\\( is a literal) and the inside of character classes, where brackets are literals ([(] or []a]).
 */
function unbalanced(source: string): number | undefined {
  const open: number[] = []
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') i++
    else if (c === '(') open.push(i)
    else if (c === ')') {
      if (open.pop() === undefined) return i
    } else if (c === '[') {
      const start = i
      i++
      if (source[i] === '^') i++
      if (source[i] === ']') i++ // a leading ] is a literal
      while (i < source.length && source[i] !== ']') {
        if (source[i] === '\\') i++
        else if (source.startsWith('[:', i)) {
          const end = source.indexOf(':]', i + 2)
          if (end !== -1) i = end + 1
        }
        i++
      }
      if (i >= source.length) return start
    }
  }
  return open.at(-1)
}

/**
 * One entry of an allow or ignore list, as KMinion writes them: `/regex/` is an RE2 regex (unanchored, between
 * the slashes), anything else is a name matched exactly.
 */
export function listEntryMatcher(entry: string): (name: string) => boolean {
  if (isRegexEntry(entry)) {
    const re = compileRegex(entry.slice(1, -1))
    return (name) => re.test(name)
  }
  return (name) => name === entry
}

export function isRegexEntry(entry: string): boolean {
  return entry.length >= 2 && entry.startsWith('/') && entry.endsWith('/')
}
