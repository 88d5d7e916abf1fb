import { quote } from './limits.js'

/**
 * Durations as Prometheus writes them, for every part of kafkascope that reads one: the settings (--poll.interval),
 * the web config file (rate_limit.interval) and the monitoring config's `for` clauses. One parser, so "1m30s" means
 * the same everywhere. Throws a plain message; the caller says where the text came from.
 */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Prometheus-style duration ("500ms", "15s", "1m30s") → milliseconds. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
  let total = 0
  let matched = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] as string] as number)
    matched = re.lastIndex
  }
  if (text.length === 0 || matched !== text.length) {
    throw new Error(`${quote(text)} is not a duration; use a number with a unit, e.g. 500ms, 15s, 1m, 1h`)
  }
  // Whole milliseconds: "1.1s" is 1100.0000000000002 in floating point, and would be printed so in messages.
  return Math.round(total)
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
