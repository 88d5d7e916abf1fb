/** Include/exclude regexes with kafka_exporter's semantics: a name is kept when it matches include and not exclude. */
export type NameFilter = (name: string) => boolean

export function nameFilter(include: string, exclude: string): NameFilter {
  const inc = new RegExp(include)
  const exc = new RegExp(exclude)
  return (name) => inc.test(name) && !exc.test(name)
}
