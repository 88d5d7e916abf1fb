import { MAX_STATIC_LABELS, MAX_VALUE_CHARS, quote } from '../limits.js'
import { FAMILIES } from '../metrics/catalog.js'
import { didYouMean } from './suggest.js'

export type StaticLabels = Readonly<Record<string, string>>

/**
 * Labels Prometheus (job, instance) or the Prometheus operator (the rest, from a ServiceMonitor or PodMonitor)
 * attach to every target: a static label with one of these names would be renamed exported_<name> at scrape time
 * (honor_labels: false), so dashboards would not find it.
 *
 * `cluster` is not one of them, though it was refused once with them: neither attaches it, and kafka_exporter
 * users set --kafka.labels=cluster=... so their dashboards' cluster variable tells clusters apart (one series per
 * cluster in the sidecar layout, whatever the instance). A `cluster` external label does not clash either:
 * Prometheus adds external labels only to series that lack them. Only a scrape config that itself attaches a
 * `cluster` target label renames it (exported_cluster); the README says so.
 */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'container', 'service', 'endpoint']
// Names with a meaning in the exposition format or ruled out by the project's conventions.
const FORMAT_LABELS = ['le', 'quantile', 'type']

/** Each reserved name with the reason it is reserved, for the error message. */
export function reservedLabels(): Map<string, string> {
  const reserved = new Map<string, string>()
  for (const name of TARGET_LABELS)
    reserved.set(
      name,
      `Prometheus or the operator attach it to every target (it would become exported_${name})`,
    )
  for (const name of FORMAT_LABELS) reserved.set(name, 'it has a meaning in the exposition format')
  for (const family of FAMILIES)
    for (const label of family.labels)
      if (!reserved.has(label)) reserved.set(label, `kafkascope uses it (e.g. on ${family.name})`)
  return reserved
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** "env=prod,dc=eu-1" (kafka_exporter's --kafka.labels) → { env: 'prod', dc: 'eu-1' }. */
export function parseLabels(text: string): StaticLabels {
  if (text.trim() === '') return Object.freeze({})
  const pairs = text.split(',').map((part) => {
    const eq = part.indexOf('=')
    if (eq === -1) throw new Error(`${quote(part)} is not name=value; use e.g. env=prod,dc=eu-1`)
    return [part.slice(0, eq).trim(), part.slice(eq + 1)] as const
  })
  return checkLabels(pairs)
}

/** The config file form: a map of name → value. */
export function labelsFromYaml(value: unknown): StaticLabels {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('must be a map of label name to value, e.g. { env: prod }')
  }
  const pairs = Object.entries(value).map(([name, v]) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new Error(`the value of label ${quote(name)} must be a string`)
    }
    return [name, String(v)] as const
  })
  return checkLabels(pairs)
}

function checkLabels(pairs: readonly (readonly [string, string])[]): StaticLabels {
  if (pairs.length > MAX_STATIC_LABELS)
    throw new Error(`${pairs.length} labels; the limit is ${MAX_STATIC_LABELS}`)
  const reserved = reservedLabels()
  const out: Record<string, string> = {}
  for (const [name, value] of pairs) {
    if (!NAME.test(name))
      throw new Error(`${quote(name)} is not a label name; use letters, digits and _, not first a digit`)
    if (name.startsWith('__'))
      throw new Error(`label "${name}" is reserved: names starting with __ are Prometheus's own`)
    const why = reserved.get(name)
    if (why !== undefined)
      throw new Error(`label "${name}" is reserved: ${why}; pick another name, e.g. kafka_${name}`)
    if (name in out) throw new Error(`label "${name}" is given twice`)
    // The config file's map bypasses the per-value limit that a flag's whole text gets.
    if (value.length > MAX_VALUE_CHARS)
      throw new Error(
        `the value of label "${name}", ${quote(value)}, is too long; the limit is ${MAX_VALUE_CHARS} characters`,
      )
    out[name] = value
  }
  return Object.freeze(out)
}

/** A metric family name from the catalog, for --metrics.disable. */
export function parseFamilyName(text: string): string {
  if (FAMILIES.some((f) => f.name === text)) return text
  const hint = didYouMean(
    text,
    FAMILIES.map((f) => f.name),
  )
  throw new Error(
    `${quote(text)} is not a metric family of kafkascope${hint}; see the Metrics table in the README`,
  )
}
