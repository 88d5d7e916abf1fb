/** Code-unit order, as the snapshot sorts names: locale-independent, so output is the same on every host. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Groups (and share groups) by id, in that order: a module-level comparator, not a callback made per sort. */
export function byGroupId(a: { readonly groupId: string }, b: { readonly groupId: string }): number {
  return compareNames(a.groupId, b.groupId)
}

/**
 * `items` in `compare` order, sorted in place only when they are not in it already. Much of what a poll reads comes
 * in order (a topic's partitions, most groups' offsets), and V8's sort copies the whole array into a work array
 * even then; the check allocates nothing. An array already in order is what a stable sort returns, so the result
 * is the same.
 */
export function sortedInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++)
    if (compare(items[i - 1] as T, items[i] as T) > 0) return items.sort(compare)
  return items
}

/** `items` in `compare` order for reading: `items` itself when it is in order already, a sorted copy otherwise. */
export function inOrder<T>(items: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  for (let i = 1; i < items.length; i++)
    if (compare(items[i - 1] as T, items[i] as T) > 0) return [...items].sort(compare)
  return items
}
