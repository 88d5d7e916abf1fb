import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { AnalyzedGroup } from '../../../src/analysis/analyzer.js'
import type { Snapshot, TopicState } from '../../../src/collect/snapshot.js'
import { Exposition, type Gzipped } from '../../../src/metrics/exposition.js'
import { renderGzipped, renderSnapshot } from '../../../src/metrics/render.js'
import { Rendered } from '../../../src/metrics/rendered.js'
import { type RenderLabels, renderLabels } from '../../../src/metrics/series/context.js'
import { analyzedGroups, partition, richSnapshot, topic } from '../../fakes/snapshot.js'

const input = (s: Snapshot, labels?: RenderLabels) => ({
  snapshot: s,
  groups: analyzedGroups(s),
  counters: { polls: 1, pollFailures: 0 },
  buildInfo: { version: '1.2.3', nodeVersion: 'v20', platform: 'linux', arch: 'x64' },
  ...(labels ? { labels } : {}),
})

/** What a scrape gets (gunzipSync checks the CRC and length the spliced blocks were combined into). */
function served(g: Gzipped, format: 'text' | 'openmetrics'): string {
  const body = new Exposition(g).gzipBody(format, new Rendered(Buffer.alloc(0)))
  return gunzipSync(Buffer.concat(body)).toString('utf8')
}

const expected = (s: Snapshot, format: 'text' | 'openmetrics') =>
  renderSnapshot(input(s)).body(format).toString('utf8') + (format === 'openmetrics' ? '# EOF\n' : '')

/** Many partitions (blocks worth reusing) in the rich snapshot, with the leader of partition 0 of `big` given. */
function cluster(leader: number, extra: TopicState[] = []): Snapshot {
  const rich = richSnapshot()
  const big = topic(
    'big',
    Array.from({ length: 3000 }, (_, i) =>
      partition(i, { leader: i === 0 ? leader : 1, replicas: [1, 2, 3], isr: [1, 2, 3], latest: 1000 + i }),
    ),
  )
  return { ...rich, topics: [...rich.topics, big, ...extra] }
}

describe('family blocks kept across renders', () => {
  it.each(['text', 'openmetrics'] as const)(
    'serve what a fresh render serves, poll after poll, as metadata and topics change (%s)',
    (format) => {
      const kept = renderLabels()
      const a = cluster(1)
      const moved = cluster(2)
      const more = cluster(2, [topic('late', [partition(0), partition(1)])])
      const fewer: Snapshot = { ...a, topics: a.topics.slice(1) }
      for (const s of [a, a, moved, moved, more, fewer, a, a])
        expect(served(renderGzipped(input(s, kept)), format)).toBe(expected(s, format))
    },
  )

  it('splice the last poll’s deflated block in when a family is unchanged, and render it again when not', () => {
    const kept = renderLabels()
    const first = renderGzipped(input(cluster(1), kept)).text.deflated
    const again = renderGzipped(input(cluster(1), kept)).text.deflated
    const moved = renderGzipped(input(cluster(2), kept)).text.deflated
    const reused = (pieces: readonly Buffer[], from: readonly Buffer[]) =>
      pieces.filter((d) => from.includes(d)).length
    // The very same Buffers: not rendered, not deflated again.
    expect(reused(again, first)).toBeGreaterThanOrEqual(8)
    // A new leader changes the leader and preferred-leader families and the topic's count of partitions led by a
    // replica other than the preferred one; the other metadata families stay.
    expect(reused(moved, again)).toBe(reused(again, first) - 3)
  })

  it.each(['text', 'openmetrics'] as const)(
    'splice the replicas’ log sizes in while their log directories are the same objects, and render them when not (%s)',
    (format) => {
      const kept = renderLabels()
      const rich = richSnapshot()
      const state = rich.logDirs
      if (!state) throw new Error('richSnapshot has log directories')
      const resized = {
        brokers: state.brokers.map((b) => ({
          ...b,
          dirs: b.dirs.map((d) => ({
            ...d,
            replicas: d.replicas.map((r) => ({ ...r, sizeBytes: r.sizeBytes + 1 })),
          })),
        })),
      }
      const line =
        'kafka_topic_partition_log_size_bytes{topic="orders",partition="0",broker_id="1",log_dir="/data/a"}'
      const render = (s: Snapshot) => renderGzipped(input(s, kept))
      const first = render(rich)
      const again = render({ ...rich, logDirs: { brokers: [...state.brokers] } })
      const changed = render({ ...rich, logDirs: resized })
      for (const [g, s] of [
        [first, rich],
        [again, rich],
        [changed, { ...rich, logDirs: resized }],
      ] as const)
        expect(served(g, format)).toBe(expected(s, format))
      expect(served(again, format)).toContain(`${line} 300`)
      expect(served(changed, format)).toContain(`${line} 301`)
      const pieces = (g: Gzipped) => g[format === 'text' ? 'text' : 'openmetrics'].deflated
      const reused = (a: Gzipped, b: Gzipped) => pieces(a).filter((d) => pieces(b).includes(d)).length
      // The second render reuses three more blocks than the third: the replicas' sizes, spliced from the same
      // brokers, and the topics' total and leader sizes, whose values changed with them.
      expect(reused(again, first)).toBe(reused(changed, again) + 3)
    },
  )

  it('are not kept where the body is kept whole (no sink) or for a family left out', () => {
    const kept = renderLabels()
    const s = cluster(1)
    const skip = { skip: (f: { name: string }) => f.name === 'kafka_topic_partition_leader' }
    for (let i = 0; i < 2; i++) {
      renderSnapshot(input(s, kept))
      const g = renderGzipped({ ...input(s, kept), output: skip })
      expect(served(g, 'text')).not.toContain('kafka_topic_partition_leader{')
      expect(served(g, 'text')).toContain('kafka_topic_partition_replicas{')
    }
  })

  it.each(['text', 'openmetrics'] as const)(
    'serve what a fresh render serves as groups change status, members and lag, go away and come back (%s)',
    (format) => {
      const kept = renderLabels()
      const s = richSnapshot()
      const base = analyzedGroups(s)
      expect(base.length).toBeGreaterThan(1)
      const first = base[0] as AnalyzedGroup
      const changed: AnalyzedGroup[] = [
        {
          ...first,
          verdict: { status: first.verdict?.status === 'lagging' ? 'ok' : 'lagging', reason: 'changed' },
          maxLag: (first.maxLag ?? 0) + 5,
          group: { ...first.group, members: [] },
        },
        ...base.slice(1),
      ]
      const expired: AnalyzedGroup[] = [{ ...first, verdict: null, maxLagSeconds: null }, ...base.slice(1)]
      const fewer = base.slice(1)
      const poll = (groups: AnalyzedGroup[]) => {
        const withGroups = { ...input(s, kept), groups }
        const fresh = renderSnapshot({ ...input(s), groups })
          .body(format)
          .toString('utf8')
        expect(served(renderGzipped(withGroups), format)).toBe(
          fresh + (format === 'openmetrics' ? '# EOF\n' : ''),
        )
        return fresh
      }
      const texts = [base, base, changed, changed, expired, fewer, base].map(poll)
      const status = (text: string) =>
        text.split('\n').filter((l) => l.startsWith('kafka_consumergroup_status{')).length
      // Eight status series per group with a verdict; none for the expired one, which still has its other series.
      expect(status(texts[0] as string)).toBe(8 * base.filter((g) => g.verdict !== null).length)
      expect(status(texts[4] as string)).toBe(status(texts[0] as string) - (first.verdict === null ? 0 : 8))
      expect(texts[2]).not.toBe(texts[1])
    },
  )
})
