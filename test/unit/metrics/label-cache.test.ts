import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { PARTITION_LABELS } from '../../../src/metrics/catalog.js'
import { LabelSetCache } from '../../../src/metrics/label-cache.js'
import { renderSnapshot } from '../../../src/metrics/render.js'
import { renderLabels } from '../../../src/metrics/series/context.js'
import { labelSet } from '../../../src/metrics/writer.js'
import { analyzedGroups, richSnapshot } from '../../fakes/snapshot.js'

function render(s: Snapshot, labels?: ReturnType<typeof renderLabels>): string {
  return renderSnapshot({
    snapshot: s,
    groups: analyzedGroups(s),
    counters: { polls: 1, pollFailures: 0 },
    buildInfo: { version: '1.2.3', nodeVersion: 'v20', platform: 'linux', arch: 'x64' },
    ...(labels ? { labels } : {}),
  })
    .body('text')
    .toString('utf8')
}

describe('label sets kept across renders', () => {
  it('render exactly what fresh ones render, poll after poll, as topics and groups come and go', () => {
    const kept = renderLabels()
    const full = richSnapshot()
    // The same cluster without its first topic and group, then with them back under other names.
    const fewer: Snapshot = { ...full, topics: full.topics.slice(1), groups: full.groups.slice(1) }
    const renamed: Snapshot = {
      ...full,
      topics: full.topics.map((t, i) => (i === 0 ? { ...t, name: `${t.name}-new` } : t)),
      groups: full.groups.map((g, i) => (i === 0 ? { ...g, groupId: `${g.groupId}-new` } : g)),
    }
    for (const s of [full, full, fewer, renamed, full]) expect(render(s, kept)).toBe(render(s))
  })

  it('keep what the last render asked for and drop the rest at the next one', () => {
    const cache = new LabelSetCache<typeof PARTITION_LABELS>()
    const make = (topic: string, partition: number) => labelSet(PARTITION_LABELS, { topic, partition })
    cache.rotate()
    const a = cache.list('a')
    a[0] = make('a', 0)
    cache.list('b')[3] = make('b', 3)
    cache.rotate()
    // Asked again: the very same bytes, not made anew.
    expect(cache.list('a')[0]).toBe(a[0])
    cache.rotate()
    // 'b' was not asked for in the render before: gone.
    expect(cache.list('b')).toEqual([])
    cache.rotate()
    cache.rotate()
    expect(cache.size).toBe(0)
  })
})
