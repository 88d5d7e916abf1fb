/** Code-unit order, as the snapshot sorts names: locale-independent, so output is the same on every host. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Groups (and share groups) by id, in that order: a module-level comparator, not a callback made per sort. */
export function byGroupId(a: { readonly groupId: string }, b: { readonly groupId: string }): number {
  return compareNames(a.groupId, b.groupId)
}
