/**
 * Alert descriptions are written once, as functions of a `Text` context, and rendered twice: as Prometheus Go
 * templates for the rule file, and with concrete labels and values for the expected annotations of the promtool
 * tests. promtool then proves that the templates expand to the same text (a label the expression drops, or a typo
 * in `$labels.x`, would expand to nothing and fail the test).
 */
export type ValueFormat = 'plain' | 'humanize' | 'humanizePercentage' | 'humanizeDuration'

export interface Text {
  label(name: string): string
  value(format?: ValueFormat): string
}

export type Describe = (t: Text) => string

/** Go-template rendering, for the rule file. */
export const templateText: Text = {
  label: (name) => `{{ $labels.${name} }}`,
  value: (format = 'plain') => (format === 'plain' ? '{{ $value }}' : `{{ $value | ${format} }}`),
}

/** What Prometheus would print for these labels and this value. */
export function concreteText(labels: Readonly<Record<string, string>>, value: number): Text {
  return {
    label: (name) => labels[name] ?? '',
    value: (format = 'plain') => formatValue(value, format),
  }
}

function formatValue(v: number, format: ValueFormat): string {
  switch (format) {
    case 'plain':
      return goFloat(v)
    case 'humanize':
      return humanize(v)
    case 'humanizePercentage':
      return `${g4(v * 100)}%`
    case 'humanizeDuration':
      return humanizeDuration(v)
  }
}

// The subset of Go's formatting the examples need; other values throw rather than guess.
function g4(v: number): string {
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e4)) throw new Error(`no %.4g emulation for ${v}`)
  return String(Number(v.toPrecision(4)))
}

function goFloat(v: number): string {
  if (!Number.isInteger(v) || Math.abs(v) >= 1e21) throw new Error(`no %v emulation for ${v}`)
  return String(v)
}

/** Prometheus' humanize for values ≥ 1 or 0 (metric prefixes k, M, G, ...). */
function humanize(v: number): string {
  if (v === 0) return '0'
  if (Math.abs(v) < 1) throw new Error(`no humanize emulation for ${v}`)
  let prefix = ''
  for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
    if (Math.abs(v) < 1000) break
    prefix = p
    v /= 1000
  }
  return `${g4(v)}${prefix}`
}

/** Prometheus' humanizeDuration for whole seconds ≥ 1. */
function humanizeDuration(v: number): string {
  if (!Number.isInteger(v) || v < 1) throw new Error(`no humanizeDuration emulation for ${v}`)
  const d = Math.floor(v / 86400)
  const h = Math.floor(v / 3600) % 24
  const m = Math.floor(v / 60) % 60
  const s = v % 60
  if (d !== 0) return `${d}d ${h}h ${m}m ${s}s`
  if (h !== 0) return `${h}h ${m}m ${s}s`
  if (m !== 0) return `${m}m ${s}s`
  return `${s}s`
}
