import { STATUSES } from '../analysis/status.js'
import { FAMILIES, type Family } from '../metrics/catalog.js'
import { granularityArea } from '../metrics/granularity.js'
import { inSet } from '../metrics/metric-sets.js'

/** Labels beyond the unit that multiply a family's series: one per status for kafka_consumergroup_status. */
const FAN_OUT: Readonly<Record<string, number>> = { status: STATUSES.length }

interface Unit {
  readonly per: string
  /** The granularity setting that drops the unit's families, if any. */
  readonly setting: string | null
  readonly labels: readonly string[]
}

// What one series is about; families are matched on exactly these of their labels.
const UNITS: readonly Unit[] = [
  { per: 'partition', setting: '--metrics.topic-granularity', labels: ['topic', 'partition'] },
  { per: 'topic', setting: null, labels: ['topic'] },
  {
    per: 'group partition (committed)',
    setting: '--metrics.group-granularity',
    labels: ['consumergroup', 'topic', 'partition'],
  },
  { per: 'group and topic', setting: null, labels: ['consumergroup', 'topic'] },
  { per: 'group', setting: null, labels: ['consumergroup'] },
  {
    per: 'share-group partition',
    setting: '--metrics.group-granularity',
    labels: ['sharegroup', 'topic', 'partition'],
  },
  { per: 'share group and topic', setting: null, labels: ['sharegroup', 'topic'] },
  { per: 'share group', setting: null, labels: ['sharegroup'] },
]
const UNIT_LABELS = new Set(UNITS.flatMap((u) => u.labels))

function unitOf(f: Family): Unit | undefined {
  const own = f.labels.filter((l) => UNIT_LABELS.has(l))
  return UNITS.find((u) => u.labels.length === own.length && u.labels.every((l) => own.includes(l)))
}

function seriesOf(f: Family): number {
  return f.labels.reduce((n, l) => n * (FAN_OUT[l] ?? 1), 1)
}

/**
 * The README's cardinality table: per partition, topic, group partition, group-topic and group (and the same for
 * share groups), the families exported and the series each one costs at each level, from the catalog and the rule
 * the writer applies (granularityArea), so it cannot drift from the output.
 */
export function granularityTable(): string {
  const lines = [
    '| Each | Families | Series at `partition` | Series at `topic` | `--metrics.set=lean` at `partition` |',
    '|---|---|---|---|---|',
  ]
  for (const unit of UNITS) {
    const families = FAMILIES.filter((f) => unitOf(f) === unit)
    const series = families.reduce((n, f) => n + seriesOf(f), 0)
    const dropped = families.some((f) => granularityArea(f) !== null)
    const names = families.map((f) => `\`${f.name}\`${seriesOf(f) > 1 ? ` (${seriesOf(f)})` : ''}`).join(', ')
    const per = unit.setting ? `${unit.per} (${unit.setting})` : unit.per
    const lean = families.filter((f) => inSet(f, 'lean')).reduce((n, f) => n + seriesOf(f), 0)
    lines.push(`| ${per} | ${names} | ${series} | ${dropped ? 0 : series} | ${lean} |`)
  }
  return lines.join('\n')
}
