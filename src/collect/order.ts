/** Code-unit order, as the snapshot sorts names: locale-independent, so output is the same on every host. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
