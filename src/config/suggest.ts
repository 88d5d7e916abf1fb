/** " (did you mean x or y?)" for names within a small edit distance of `name`, else "". */
export function didYouMean(name: string, candidates: readonly string[], show = (c: string) => c): string {
  const close = candidates.filter((c) => editDistance(c, name) <= 3)
  return close.length > 0 ? ` (did you mean ${close.map(show).join(' or ')}?)` : ''
}

export function editDistance(a: string, b: string): number {
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
