import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BY_FLAG } from '../../../src/config/settings.js'
import { FAMILIES } from '../../../src/metrics/catalog.js'
import { PER_PARTITION_PANELS } from '../../../src/monitoring/dashboards/per-partition.js'

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

/** The text of a README section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)?.[0] as string
  const start = README.indexOf(`\n${heading}\n`)
  if (start === -1) throw new Error(`README has no section ${heading}`)
  const rest = README.slice(start + heading.length + 2)
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'))
  return next === -1 ? rest : rest.slice(0, next)
}

const codeSpans = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string)

/**
 * Every family KMinion exports, read from its source at 4f3867a (prometheus/exporter.go, minion/client_hooks.go,
 * e2e/service.go), with its default `kminion` namespace.
 */
const KMINION_FAMILIES = [
  'kminion_exporter_up',
  'kminion_exporter_offset_consumer_records_consumed_total',
  'kminion_kafka_requests_sent_total',
  'kminion_kafka_sent_bytes',
  'kminion_kafka_requests_received_total',
  'kminion_kafka_received_bytes',
  'kminion_kafka_cluster_info',
  'kminion_kafka_broker_info',
  'kminion_kafka_broker_log_dir_size_total_bytes',
  'kminion_kafka_topic_log_dir_size_total_bytes',
  'kminion_kafka_topic_info',
  'kminion_kafka_topic_partition_low_water_mark',
  'kminion_kafka_topic_low_water_mark_sum',
  'kminion_kafka_topic_partition_high_water_mark',
  'kminion_kafka_topic_high_water_mark_sum',
  'kminion_kafka_consumer_group_info',
  'kminion_kafka_consumer_group_members',
  'kminion_kafka_consumer_group_empty_members',
  'kminion_kafka_consumer_group_topic_members',
  'kminion_kafka_consumer_group_topic_assigned_partitions',
  'kminion_kafka_consumer_group_topic_offset_sum',
  'kminion_kafka_consumer_group_topic_partition_lag',
  'kminion_kafka_consumer_group_topic_lag',
  'kminion_kafka_consumer_group_offset_commits_total',
  'kminion_end_to_end_messages_produced_in_flight',
  'kminion_end_to_end_messages_produced_total',
  'kminion_end_to_end_messages_produced_failed_total',
  'kminion_end_to_end_messages_received_total',
  'kminion_end_to_end_offset_commits_total',
  'kminion_end_to_end_offset_commits_failed_total',
  'kminion_end_to_end_messages_lost_total',
  'kminion_end_to_end_produce_latency_seconds',
  'kminion_end_to_end_roundtrip_latency_seconds',
  'kminion_end_to_end_offset_commit_latency_seconds',
]

describe('README: Coming from KMinion', () => {
  const text = section('## Coming from KMinion')
  const rows = text.split('\n').filter((l) => l.startsWith('| `kminion_'))

  it('has a row for every KMinion family, and names no other', () => {
    const named = rows.flatMap((r) =>
      codeSpans(r.split(' | ')[0] as string).map((c) => c.replace(/\{.*$/, '')),
    )
    expect([...new Set(named)].sort()).toEqual([...KMINION_FAMILIES].sort())
  })

  it('gives each row a kafkascope family or says plainly that there is none', () => {
    for (const row of rows) {
      const target = row.split(' | ')[1] as string
      expect(/`[^`]*\b(kafka|kafkascope)_/.test(target) || /no equivalent/.test(target), row).toBe(true)
    }
    const e2e = rows.filter((r) => r.includes('kminion_end_to_end_'))
    expect(e2e.length).toBeGreaterThan(0)
    for (const r of e2e) expect(r).toContain('**no equivalent**')
  })

  it('names only families of the catalog and flags kafkascope has', () => {
    const families = new Set(FAMILIES.map((f) => f.name))
    const spans = codeSpans(text)
    const names = spans.flatMap((c) =>
      [...c.matchAll(/\b(?:kafka|kafkascope)_[a-z0-9_]+\b/g)].map((m) => m[0]),
    )
    expect(names.length).toBeGreaterThan(15)
    for (const n of names)
      expect(families, `README names ${n}, which kafkascope does not export`).toContain(n)
    // `--sasl.*` stands for a group of flags.
    const flags = spans.flatMap((c) =>
      [...c.matchAll(/--([a-z0-9.-]+)(\*)?/g)].filter((m) => m[2] === undefined).map((m) => m[1]),
    )
    expect(flags.length).toBeGreaterThan(5)
    for (const f of flags) expect(BY_FLAG.has(f as string), `README names --${f}`).toBe(true)
  })
})

describe('README: Granularity', () => {
  it('names every panel that is empty at topic granularity', () => {
    const text = section('### Granularity: series per partition or per topic').replace(/\s+/g, ' ')
    for (const panel of Object.values(PER_PARTITION_PANELS).flat()) expect(text).toContain(`*${panel}*`)
  })
})
