import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { FAMILIES } from '../../../src/metrics/catalog.js'
import { type OutputSettings, outputOptions } from '../../../src/metrics/output.js'
import { renderScrapeTime, renderSnapshot } from '../../../src/metrics/render.js'
import { analyzedGroups, richSnapshot } from '../../fakes/snapshot.js'

/** --kafka.labels, --metrics.disable and --metrics.granularity as the daemon passes them to the renderer. */
function render(s: Snapshot, settings: Partial<OutputSettings>): string {
  const output = outputOptions({
    labels: {},
    disabled: [],
    topicGranularity: 'partition',
    groupGranularity: 'partition',
    ...settings,
  })
  const body = renderSnapshot({
    snapshot: s,
    groups: analyzedGroups(s),
    counters: { polls: 1, pollFailures: 0 },
    buildInfo: { version: '1.2.3' },
    output,
  })
  return body.body('text').toString('utf8') + renderScrapeTime(s, (s.lastSuccessAt ?? 0) + 2000, output)
}

const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
const familiesIn = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]),
  )

describe('static labels (--kafka.labels)', () => {
  const text = render(richSnapshot(), { labels: { env: 'prod', note: 'a "quoted" \\ value' } })

  it('go first on every sample, with or without labels of its own', () => {
    expect(text).toContain('\nkafkascope_up{env="prod",note="a \\"quoted\\" \\\\ value"} 1\n')
    expect(text).toMatch(/\nkafka_topic_partitions\{env="prod",note="[^\n]*",topic="[^"]+"\} \d+\n/)
    expect(text).toMatch(/\nkafkascope_data_age_seconds\{env="prod",note="[^\n]*"\} 2\n/)
    const lines = sampleLines(text)
    expect(lines.length).toBeGreaterThan(50)
    for (const line of lines)
      expect(line).toMatch(/^[a-z_]+\{env="prod",note="a \\"quoted\\" \\\\ value"[,}]/)
  })

  it('pass promtool check metrics', () => {
    const result = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    const problems = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('should not have "_sum" suffix'))
    expect(result.error).toBeUndefined()
    expect(problems).toEqual([])
  })
})

describe('cardinality controls', () => {
  const all = render(richSnapshot(), {})

  it('--metrics.disable drops exactly the named families, HELP and TYPE included', () => {
    const text = render(richSnapshot(), {
      disabled: [
        'kafka_consumergroup_current_offset',
        'kafka_topic_partition_current_offset',
        'kafkascope_data_age_seconds',
      ],
    })
    const dropped = [
      'kafka_consumergroup_current_offset',
      'kafka_topic_partition_current_offset',
      'kafkascope_data_age_seconds',
    ]
    for (const name of dropped) {
      expect(familiesIn(all).has(name), name).toBe(true)
      expect(familiesIn(text).has(name), name).toBe(false)
      expect(text).not.toMatch(new RegExp(`^${name}[{ ]`, 'm'))
    }
    expect([...familiesIn(all)].filter((f) => !familiesIn(text).has(f)).sort()).toEqual(dropped.sort())
    // Its neighbours keep their samples.
    expect(text).toMatch(/^kafka_consumergroup_current_offset_sum\{/m)
  })

  it('topic granularity for topics and groups drops every family with a partition label and keeps the rest', () => {
    const text = render(richSnapshot(), { topicGranularity: 'topic', groupGranularity: 'topic' })
    const perPartition = FAMILIES.filter((f) => f.labels.includes('partition')).map((f) => f.name)
    expect(perPartition).toContain('kafka_consumergroup_lag')
    for (const name of perPartition) expect(familiesIn(text).has(name), name).toBe(false)
    expect(sampleLines(text).some((l) => l.includes('partition="'))).toBe(false)
    const kept = [...familiesIn(all)].filter((f) => !perPartition.includes(f as string))
    expect([...familiesIn(text)]).toEqual(kept)
    expect(text).toMatch(/^kafka_consumergroup_lag_sum\{/m)
    expect(text).toMatch(/^kafka_topic_under_replicated_partitions\{/m)
  })

  it.each([
    ['topic', 'partition', 'kafka_topic_partition_current_offset', 'kafka_consumergroup_lag'],
    ['partition', 'topic', 'kafka_consumergroup_lag', 'kafka_topic_partition_current_offset'],
  ] as const)(
    '--metrics.topic-granularity=%s --metrics.group-granularity=%s drops only its own area (%s, not %s)',
    (topics, groups, dropped, kept) => {
      const text = render(richSnapshot(), { topicGranularity: topics, groupGranularity: groups })
      // Share groups' per-partition families follow the groups' setting too.
      const ofGroups = (f: (typeof FAMILIES)[number]) =>
        f.labels.includes('consumergroup') || f.labels.includes('sharegroup')
      const area = (f: (typeof FAMILIES)[number]) =>
        f.labels.includes('partition') && ofGroups(f) === (groups === 'topic')
      const gone = FAMILIES.filter(area).map((f) => f.name)
      expect(gone).toContain(dropped)
      for (const name of gone) expect(familiesIn(text).has(name), name).toBe(false)
      expect([...familiesIn(all)].filter((f) => !familiesIn(text).has(f)).sort()).toEqual(
        gone.filter((n) => familiesIn(all).has(n)).sort(),
      )
      expect(familiesIn(text).has(kept)).toBe(true)
    },
  )
})
