/** Include/exclude regexes with kafka_exporter's semantics: a name is kept when it matches include and not exclude. */
export type NameFilter = (name: string) => boolean

export function nameFilter(include: string, exclude: string): NameFilter {
  const inc = compileRegex(include)
  const exc = compileRegex(exclude)
  return (name) => inc.test(name) && !exc.test(name)
}

/**
 * The one place a filter regex is compiled: the config validation calls it too (parseRegex), so a pattern that
 * fails here fails at start with exit 2, not at every poll. Unanchored, like Go's regexp.MatchString in
 * kafka_exporter, so migrated filters select the same names.
 *
 * V8 compiles a RegExp lazily, at its first match, and separately for Latin-1 and two-byte subjects: a pattern
 * that is too large only fails then ("Regular expression too large"). Matching an empty string of each kind
 * forces both compilations now.
 */
export function compileRegex(source: string): RegExp {
  const re = new RegExp(source)
  re.test('')
  re.test('\u0100')
  return re
}
