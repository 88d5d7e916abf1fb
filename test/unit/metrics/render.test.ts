import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { renderScrapeTime, renderSnapshot } from '../../../src/metrics/render.js'
import {
  analyzedGroups,
  broker,
  cluster,
  commits,
  group,
  partition,
  richSnapshot,
  snapshot,
  topic,
} from '../../fakes/snapshot.js'

function render(s: Snapshot, counters = { polls: 7, pollFailures: 2 }): string {
  return renderSnapshot({ snapshot: s, groups: analyzedGroups(s), counters, buildInfo: { version: '1.2.3' } })
    .body('text')
    .toString('utf8')
}

function lines(text: string): string[] {
  return text.split('\n')
}

/** Sample lines of one family (exact name, so kafka_consumergroup_lag does not pick up lag_sum). */
function samples(text: string, name: string): string[] {
  return lines(text).filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
}

describe('renderSnapshot', () => {
  const text = render(richSnapshot())

  it.each([
    'kafkascope_up 1',
    `kafkascope_build_info{version="1.2.3",nodeversion="${process.version}"} 1`,
    'kafkascope_poll_duration_seconds 0.25',
    'kafkascope_last_poll_success_timestamp_seconds 1700000000',
    'kafkascope_collector_success{collector="metadata"} 1',
    'kafkascope_collector_success{collector="group_offsets"} 0',
    'kafkascope_poll_requests{api="ListOffsets"} 6',
    'kafkascope_poll_requests{api="DescribeConfigs"} 0',
    'kafkascope_polls_total 7',
    'kafkascope_poll_failures_total 2',
    'kafka_brokers 3',
    'kafka_broker_info{id="1",address="h:9092",rack=""} 1',
    'kafka_broker_info{id="2",address="h2:9093",rack="rack-b"} 1',
    'kafka_cluster_info{cluster_id="abc"} 1',
    'kafka_cluster_controller_id 2',
    'kafka_topic_partitions{topic="orders"} 4',
    'kafka_topic_replication_factor{topic="payments"} 1',
    'kafka_topic_min_insync_replicas{topic="orders"} 2',
    'kafka_topic_retention_seconds{topic="orders"} 604800',
    'kafka_topic_partition_current_offset{topic="orders",partition="1"} 200',
    'kafka_topic_partition_oldest_offset{topic="orders",partition="1"} 40',
    'kafka_topic_partition_leader{topic="orders",partition="3"} -1',
    'kafka_topic_partition_replicas{topic="orders",partition="0"} 3',
    'kafka_topic_partition_in_sync_replica{topic="orders",partition="2"} 1',
    'kafka_topic_partition_leader_is_preferred{topic="orders",partition="0"} 1',
    'kafka_topic_partition_leader_is_preferred{topic="orders",partition="1"} 0',
    'kafka_topic_partition_leader_is_preferred{topic="orders",partition="3"} 0',
    'kafka_topic_partition_under_replicated_partition{topic="orders",partition="0"} 0',
    'kafka_topic_partition_under_replicated_partition{topic="orders",partition="1"} 1',
    'kafka_topic_partition_under_min_isr{topic="orders",partition="1"} 0',
    'kafka_topic_partition_under_min_isr{topic="orders",partition="2"} 1',
    'kafka_topic_partition_offline{topic="orders",partition="2"} 0',
    'kafka_topic_partition_offline{topic="orders",partition="3"} 1',
    'kafka_consumergroup_info{consumergroup="app",state="STABLE",protocol="classic",protocol_type="consumer",assignor="range",coordinator="1"} 1',
    'kafka_consumergroup_info{consumergroup="batch",state="EMPTY",protocol="consumer",protocol_type="consumer",assignor="uniform",coordinator="3"} 1',
    'kafka_consumergroup_members{consumergroup="app"} 1',
    'kafka_consumergroup_members{consumergroup="batch"} 0',
    'kafka_consumergroup_current_offset{consumergroup="app",topic="orders",partition="1"} 20',
    'kafka_consumergroup_current_offset_sum{consumergroup="app",topic="orders"} 110',
    'kafka_consumergroup_lag{consumergroup="app",topic="orders",partition="0"} 10',
    'kafka_consumergroup_lag{consumergroup="app",topic="orders",partition="1"} 180',
    'kafka_consumergroup_lag{consumergroup="batch",topic="payments",partition="0"} 5',
    'kafka_consumergroup_lag_sum{consumergroup="app",topic="orders"} 190',
    'kafka_consumergroup_uncommitted_partitions{consumergroup="app",topic="orders"} 2',
    'kafka_consumergroup_uncommitted_partitions{consumergroup="batch",topic="payments"} 0',
    'kafka_consumergroup_lost_messages{consumergroup="app",topic="orders",partition="1"} 20',
    'kafka_consumergroup_lost_messages{consumergroup="app",topic="orders",partition="0"} 0',
  ])('has %s', (line) => {
    expect(lines(text)).toContain(line)
  })

  it.each<[string, string, string]>([
    ['no lag for an uncommitted partition', 'kafka_consumergroup_lag', 'partition="2"'],
    ['no current offset for an uncommitted partition', 'kafka_consumergroup_current_offset', 'partition="3"'],
    ['no lost messages for an uncommitted partition', 'kafka_consumergroup_lost_messages', 'partition="2"'],
    ['no high watermark for an offline partition', 'kafka_topic_partition_current_offset', 'partition="3"'],
    ['no log start for an offline partition', 'kafka_topic_partition_oldest_offset', 'partition="3"'],
    ['no min ISR when unknown', 'kafka_topic_min_insync_replicas', 'topic="payments"'],
    ['no retention when unlimited (-1)', 'kafka_topic_retention_seconds', 'topic="payments"'],
  ])('has %s', (_, family, fragment) => {
    expect(samples(text, family).filter((l) => l.includes(fragment))).toEqual([])
  })

  it('counts samples per family as the snapshot implies', () => {
    expect(samples(text, 'kafka_broker_info')).toHaveLength(3)
    expect(samples(text, 'kafka_topic_partition_leader')).toHaveLength(5)
    expect(samples(text, 'kafka_consumergroup_lag')).toHaveLength(3)
    expect(samples(text, 'kafka_consumergroup_lag_sum')).toHaveLength(2)
    expect(samples(text, 'kafkascope_up')).toHaveLength(1)
  })

  it('declares each family once, before its samples, and keeps its samples together', () => {
    const declared: string[] = []
    const seenSamples = new Set<string>()
    let current = ''
    for (const line of lines(text).filter((l) => l !== '')) {
      const type = /^# TYPE (\S+) (gauge|counter)$/.exec(line)
      if (type) {
        expect(declared).not.toContain(type[1])
        declared.push(type[1] as string)
        current = type[1] as string
        continue
      }
      if (line.startsWith('# HELP ')) continue
      const name = /^[^{ ]+/.exec(line)?.[0] as string
      expect(name, line).toBe(current)
      seenSamples.add(name)
    }
    expect(seenSamples.size).toBeGreaterThan(30)
  })

  it('ends with a newline and has no blank lines', () => {
    expect(text.endsWith('\n')).toBe(true)
    expect(text.slice(0, -1)).not.toContain('\n\n')
  })

  it('escapes label values from Kafka', () => {
    const s = snapshot({
      topics: [topic('odd"name\\x', [partition(0, { latest: 1 })])],
      groups: [group('g\nroup', { offsets: commits(['odd"name\\x', 0, 1]) })],
    })
    const out = render(s)
    expect(lines(out)).toContain('kafka_topic_partitions{topic="odd\\"name\\\\x"} 1')
    expect(lines(out)).toContain(
      'kafka_consumergroup_lag{consumergroup="g\\nroup",topic="odd\\"name\\\\x",partition="0"} 0',
    )
  })

  it('renders kafkascope_up 0 and no cluster samples before any successful poll', () => {
    const out = render(snapshot({ up: false, lastSuccessAt: null, cluster: null }))
    expect(lines(out)).toContain('kafkascope_up 0')
    expect(samples(out, 'kafka_brokers')).toEqual([])
    expect(samples(out, 'kafka_cluster_controller_id')).toEqual([])
    expect(samples(out, 'kafkascope_last_poll_success_timestamp_seconds')).toEqual([])
    expect(out).toContain('# TYPE kafka_brokers gauge\n')
  })

  it('keeps serving the last data with kafkascope_up 0 when a poll fails after a success', () => {
    const out = render(richSnapshot({ up: false }))
    expect(lines(out)).toContain('kafkascope_up 0')
    expect(lines(out)).toContain('kafka_brokers 3')
  })

  it('sorts nothing itself: order follows the snapshot', () => {
    const out = render(snapshot({ cluster: cluster([broker(2), broker(1)]), topics: [], groups: [] }))
    expect(samples(out, 'kafka_broker_info').map((l) => /id="(\d)"/.exec(l)?.[1])).toEqual(['2', '1'])
  })
})

describe('renderScrapeTime', () => {
  it.each<[string, number | null, number, string[]]>([
    ['the age since the last successful poll', 1_000_000, 1_012_500, ['kafkascope_data_age_seconds 12.5']],
    ['zero when the clock went backwards', 1_000_000, 999_000, ['kafkascope_data_age_seconds 0']],
    ['no sample before any success', null, 1_000_000, []],
  ])('renders %s', (_, lastSuccessAt, now, expected) => {
    const out = renderScrapeTime(snapshot({ lastSuccessAt }), now)
    expect(out.startsWith('# HELP kafkascope_data_age_seconds ')).toBe(true)
    expect(out).toContain('# TYPE kafkascope_data_age_seconds gauge\n')
    expect(samples(out, 'kafkascope_data_age_seconds')).toEqual(expected)
  })

  it('renders no sample without a snapshot', () => {
    expect(samples(renderScrapeTime(null, 5), 'kafkascope_data_age_seconds')).toEqual([])
  })
})

describe('promtool check metrics', () => {
  const PROMTOOL = '/usr/bin/promtool'
  // kafka_exporter's names, kept for dashboard 7589 and existing alerts; promtool's linter dislikes "_sum" on gauges.
  const ACCEPTED_LINT = new Set([
    'kafka_consumergroup_current_offset_sum non-histogram and non-summary metrics should not have "_sum" suffix',
    'kafka_consumergroup_lag_sum non-histogram and non-summary metrics should not have "_sum" suffix',
  ])

  it.each<[string, Snapshot]>([
    ['a rich snapshot', richSnapshot()],
    ['the initial snapshot', snapshot({ up: false, lastSuccessAt: null, cluster: null })],
  ])('parses and lints %s', (_, s) => {
    if (!existsSync(PROMTOOL)) {
      throw new Error(
        `${PROMTOOL} not found: this test needs Prometheus' promtool (apt-get install -y prometheus; CI installs it)`,
      )
    }
    const body = render(s) + renderScrapeTime(s, s.startedAt + 1000)
    const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8' })
    const findings = `${result.stdout}${result.stderr}`
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
    // Exit 1 is a parse error; exit 3 means lint findings only, which must all be the accepted ones.
    expect(findings.filter((f) => !ACCEPTED_LINT.has(f))).toEqual([])
    expect(result.status === 0 || (result.status === 3 && findings.length > 0)).toBe(true)
  })
})

describe('renderSnapshot with an unknown min.insync.replicas', () => {
  it('leaves under_min_isr absent for that topic rather than reporting 0', () => {
    const text = render(richSnapshot())
    expect(text).not.toContain('kafka_topic_partition_under_min_isr{topic="payments"')
    expect(text).toContain('kafka_topic_partition_under_min_isr{topic="orders",partition="2"} 1')
  })
})

describe('renderSnapshot with a partition whose high watermark is unknown', () => {
  it('leaves lag_sum absent for that group and topic rather than summing the known partitions', () => {
    const s = richSnapshot()
    const topics = s.topics.map((t) =>
      t.name === 'orders'
        ? { ...t, partitions: t.partitions.map((p) => (p.partition === 1 ? { ...p, latest: null } : p)) }
        : t,
    )
    const text = render({ ...s, topics })
    expect(text).not.toContain('kafka_consumergroup_lag_sum{consumergroup="app",topic="orders"}')
    expect(text).toContain('kafka_consumergroup_lag{consumergroup="app",topic="orders",partition="0"}')
    expect(render(s)).toContain('kafka_consumergroup_lag_sum{consumergroup="app",topic="orders"}')
  })
})
