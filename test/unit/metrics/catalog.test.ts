import { describe, expect, it } from 'vitest'
import { PROCESS_FAMILIES } from '../../../src/metrics/catalog/process.js'
import { FAMILIES, FAMILY, type Family } from '../../../src/metrics/catalog.js'
import { renderScrapeTail, renderSnapshot, SCRAPE_TIME_FAMILIES } from '../../../src/metrics/render.js'
import { fakeStats } from '../../fakes/self-stats.js'
import { analyzedGroups, group, richSnapshot } from '../../fakes/snapshot.js'

// Labels that Prometheus, the Operator or Kubernetes service discovery attach; an exporter using them collides.
const RESERVED_LABELS = [
  'job',
  'instance',
  'cluster',
  'namespace',
  'pod',
  'container',
  'service',
  'endpoint',
  'type',
]

describe('metric catalog', () => {
  it('declares families', () => {
    expect(FAMILIES.length).toBeGreaterThan(30)
    expect(FAMILIES).toEqual(Object.values(FAMILY))
  })

  it('has unique family names', () => {
    const names = FAMILIES.map((f) => f.name)
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })

  it.each(FAMILIES.map((f) => [f.name, f] as const))('%s is well formed', (name, f) => {
    expect(name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/)
    // process_* and nodejs_* keep the client libraries' standard names (and only those families).
    const standard = (Object.values(PROCESS_FAMILIES) as Family[]).includes(f)
    expect(name).toMatch(standard ? /^(process|nodejs)_/ : /^(kafka|kafkascope)_/)
    if (f.type === 'counter') expect(name).toMatch(/_total$/)
    else expect(name).not.toMatch(/_total$/)
    expect(f.help.trim()).not.toBe('')
    expect(new Set(f.labels).size).toBe(f.labels.length)
    for (const label of f.labels) {
      expect(label).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
      expect(label.startsWith('__')).toBe(false)
      expect(RESERVED_LABELS).not.toContain(label)
    }
  })

  it('emits a sample of every declared family, per poll or per scrape', () => {
    const rich = richSnapshot()
    // With a Kafka Streams group, whose own families only it has.
    const enricher = group('enricher', {
      type: 'streams',
      protocolType: 'streams',
      assignor: 'sticky',
      streams: {
        groupEpoch: 4,
        assignmentEpoch: 4,
        topologyEpoch: 1,
        subtopologies: 1,
        members: [
          {
            memberId: 'm',
            processId: 'p',
            topologyEpoch: 1,
            activeTasks: 2,
            standbyTasks: 0,
            warmupTasks: 0,
          },
        ],
      },
    })
    const snapshot = { ...rich, groups: [...rich.groups, enricher] }
    const text =
      renderSnapshot({
        snapshot,
        groups: analyzedGroups(snapshot),
        counters: { polls: 3, pollFailures: 1 },
        buildInfo: { version: '0.0.0' },
      })
        .body('text')
        .toString('utf8') +
      renderScrapeTail({
        lastSuccessAt: snapshot.lastSuccessAt,
        now: snapshot.startedAt + 1000,
        stats: fakeStats(),
      })
        .body('text')
        .toString('utf8')
    const sampled = new Set(
      text
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => /^[^{ ]+/.exec(l)?.[0]),
    )
    const dead = FAMILIES.filter((f) => !sampled.has(f.name)).map((f) => f.name)
    expect(dead).toEqual([])
    const undeclared = [...sampled].filter((n) => !FAMILIES.some((f) => f.name === n))
    expect(undeclared).toEqual([])
  })

  it('renders scrape-time families only in the scrape tail', () => {
    const snapshot = richSnapshot()
    const text = renderSnapshot({
      snapshot,
      groups: analyzedGroups(snapshot),
      counters: { polls: 0, pollFailures: 0 },
      buildInfo: { version: 'x' },
    })
      .body('text')
      .toString('utf8')
    for (const f of SCRAPE_TIME_FAMILIES) expect(text).not.toContain(f.name)
  })
})
