import type { Status } from '../analysis/status.js'
import type { Family } from '../metrics/catalog.js'

/**
 * Prometheus' own per-target health series. Not a kafkascope family, so it is named once here rather than in the
 * metric catalog.
 */
export const PROMETHEUS_UP = 'up'

/** `name{matchers}` for a catalog family, so a renamed or misspelt family fails to compile. */
export function sel(family: Family | typeof PROMETHEUS_UP, ...matchers: string[]): string {
  const name = typeof family === 'string' ? family : family.name
  const inner = matchers.filter((m) => m !== '').join(', ')
  return inner === '' ? name : `${name}{${inner}}`
}

/**
 * `status=~"a|b"` (or `!~`) over kafkascope_consumergroup_status, from the analysis' own status names, so a
 * misspelt or removed status fails to compile.
 */
export function statusMatcher(op: '=' | '=~' | '!~', ...statuses: readonly Status[]): string {
  return `status${op}"${statuses.join('|')}"`
}

/** `by (a, b)` over the target labels plus `more`. */
export function by(labels: readonly string[], ...more: string[]): string {
  return `by (${[...labels, ...more].join(', ')})`
}

/** `on (a, b)` over the target labels plus `more`. */
export function on(labels: readonly string[], ...more: string[]): string {
  return `on (${[...labels, ...more].join(', ')})`
}
