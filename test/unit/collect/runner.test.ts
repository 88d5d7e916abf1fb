import { describe, expect, it } from 'vitest'
import type { Collector, NoNeeds, PollInputs, Stages } from '../../../src/collect/collector.js'
import { COLLECTORS } from '../../../src/collect/collectors.js'
import { nameFilter } from '../../../src/collect/filters.js'
import { RecordTimestampCache } from '../../../src/collect/record-timestamps.js'
import { checkStages, runCollectors } from '../../../src/collect/runner.js'
import { COLLECTOR_NAMES, type CollectorName } from '../../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../../src/collect/topic-configs.js'
import { FakeKafkaSource, fakeCluster } from '../../fakes/kafka-source.js'

const POLL: PollInputs = {
  topicFilter: nameFilter('.*', '^$'),
  groupFilter: nameFilter('.*', '^$'),
  configs: new TopicConfigCache(300_000),
  timestamps: new RecordTimestampCache(1 << 20),
  previous: null,
  startedAt: 0,
}

function run(
  stages: Stages,
  source = new FakeKafkaSource(fakeCluster({ brokers: 2, topics: 1, partitions: 2, groups: 2 })),
  timeoutMs = 2000,
) {
  return runCollectors(stages, { source, poll: POLL, deadline: Date.now() + timeoutMs })
}

/** A collector that asks Metadata once and returns the broker count (undefined when the request failed). */
function asking(name: CollectorName, extra: Partial<Collector<NoNeeds, number | undefined>> = {}) {
  const c: Collector<NoNeeds, number | undefined> = {
    name,
    needs: {},
    async collect(ctx) {
      const m = await ctx.request('Metadata', `read metadata for ${name}`, (s) => s.metadata())
      return m?.brokers.length
    },
    ...extra,
  }
  return c
}

const quiet = (name: CollectorName, out: unknown = 'done'): Collector<NoNeeds, unknown> => ({
  name,
  needs: {},
  collect: async () => out,
})

describe('runCollectors', () => {
  it('runs stages in order, the collectors of one stage in parallel, and hands each what it needs', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 3, topics: 1, partitions: 1, groups: 0 }))
    source.faults = [{ api: 'Metadata', kind: 'delay', ms: 20 }]
    const first = asking('metadata')
    const second = asking('topic_configs')
    const seen: unknown[] = []
    const third: Collector<{ a: typeof first; b: typeof second }, string> = {
      name: 'groups',
      needs: { a: first, b: second },
      async collect(ctx) {
        seen.push(ctx.needs)
        await ctx.request('ListGroups', 'list', (s) =>
          s.listGroups({ id: 1, host: 'kafka-1', port: 9092, rack: null }),
        )
        return 'ok'
      },
    }
    const r = await run([[first, second], [third]], source)
    // Both Metadata requests start before either ends; ListGroups only after both ended.
    expect(source.events.map((e) => `${e.event} ${e.api}`)).toEqual([
      'start Metadata',
      'start Metadata',
      'end Metadata',
      'end Metadata',
      'start ListGroups',
      'end ListGroups',
    ])
    expect(seen).toEqual([{ a: 3, b: 3 }])
    expect(r.outputs.get(third)).toBe('ok')
    expect(r.outputs.get(first)).toBe(3)
  })

  it('times each collector, reporting results in the order of the names whatever the stage order', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 1, topics: 1, partitions: 1, groups: 0 }))
    source.faults = [{ api: 'Metadata', kind: 'delay', ms: 60 }]
    const r = await run([[quiet('partition_offsets')], [asking('metadata')]], source)
    expect(r.collectors.map((c) => c.name)).toEqual(['metadata', 'partition_offsets'])
    const [slow, fast] = r.collectors
    expect(slow?.durationMs).toBeGreaterThanOrEqual(50)
    expect(fast?.durationMs).toBeLessThan(slow?.durationMs ?? 0)
    expect(r.collectors.every((c) => c.success && c.errors.length === 0)).toBe(true)
  })

  it('marks a collector whose request failed, and the others succeed', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 2, topics: 1, partitions: 1, groups: 0 }))
    const listing: Collector<NoNeeds, number> = {
      name: 'groups',
      needs: {},
      async collect(ctx) {
        const got = await Promise.all(
          [1, 2].map((id) =>
            ctx.request('ListGroups', `list groups on broker ${id}`, (s) =>
              s.listGroups({ id, host: `kafka-${id}`, port: 9092, rack: null }),
            ),
          ),
        )
        return got.filter((g) => g !== undefined).length
      },
    }
    source.faults = [{ api: 'ListGroups', broker: 2, kind: 'fail', message: 'connection reset' }]
    const r = await run([[asking('metadata'), listing]], source)
    expect(r.collectors).toMatchObject([
      { name: 'metadata', success: true, errors: [] },
      { name: 'groups', success: false, errors: ['list groups on broker 2: connection reset'] },
    ])
    // The answer that came is still used.
    expect(r.outputs.get(listing)).toBe(1)
  })

  it('does not run a collector whose need produced nothing, nor report it, nor what needs it', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 1, topics: 1, partitions: 1, groups: 0 }))
    source.faults = [{ api: 'Metadata', kind: 'fail', message: 'ECONNREFUSED' }]
    const root = asking('metadata')
    let ran = 0
    const child: Collector<{ root: typeof root }, string> = {
      name: 'groups',
      needs: { root },
      collect: async () => {
        ran++
        return 'x'
      },
    }
    const grandchild: Collector<{ child: typeof child }, string> = {
      name: 'group_members',
      needs: { child },
      collect: async () => {
        ran++
        return 'y'
      },
    }
    const r = await run([[root], [child], [grandchild]], source)
    expect(ran).toBe(0)
    expect(r.collectors).toEqual([
      {
        name: 'metadata',
        success: false,
        durationMs: expect.any(Number),
        errors: ['read metadata for metadata: ECONNREFUSED'],
      },
    ])
    expect(r.outputs.get(child)).toBeUndefined()
  })

  it('marks a collector that throws failed, with the cause, and goes on without its output', async () => {
    const broken: Collector<NoNeeds, string> = {
      name: 'topic_configs',
      needs: {},
      collect: async () => {
        throw new Error('bug')
      },
    }
    const after: Collector<{ broken: typeof broken }, string> = {
      name: 'partition_offsets',
      needs: { broken },
      collect: async () => 'never',
    }
    const r = await run([[broken, asking('metadata')], [after]])
    expect(r.collectors.map((c) => [c.name, c.success, c.errors])).toEqual([
      ['metadata', true, []],
      ['topic_configs', false, ['collect topic_configs: bug']],
    ])
  })

  it('bounds a collector by its deadline share of the time left when its stage starts', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 1, topics: 1, partitions: 1, groups: 0 }))
    source.faults = [{ api: 'Metadata', kind: 'hang' }]
    const deadlines: Record<string, number> = {}
    const noting = (name: CollectorName, share?: number) =>
      asking(name, {
        ...(share === undefined ? {} : { deadlineShare: share }),
        async collect(ctx) {
          deadlines[name] = ctx.deadline
          await ctx.request('Metadata', 'read metadata', (s) => s.metadata())
          return 1
        },
      })
    const start = Date.now()
    const r = await run([[noting('groups', 0.25), noting('metadata')]], source, 400)
    const elapsed = Date.now() - start
    // The poll's deadline ends the stage; the shared one ended its collector's request a quarter of the way in.
    expect(elapsed).toBeGreaterThanOrEqual(380)
    expect(elapsed).toBeLessThan(2000)
    expect((deadlines.groups ?? 0) - start).toBeGreaterThanOrEqual(95)
    expect((deadlines.groups ?? 0) - start).toBeLessThanOrEqual(150)
    expect((deadlines.metadata ?? 0) - start).toBeGreaterThanOrEqual(395)
    const groups = r.collectors.find((c) => c.name === 'groups')
    expect(groups?.errors).toEqual([
      expect.stringMatching(/^read metadata: no answer within the \d+ ms left of the poll$/),
    ])
    expect(groups?.durationMs).toBeLessThan(300)
    const metadata = r.collectors.find((c) => c.name === 'metadata')
    expect(metadata?.errors).toEqual([
      expect.stringMatching(/^read metadata: no answer within the \d+ ms left of the poll$/),
    ])
  })

  it('counts every request per API, failed or not, as sent', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 3, topics: 1, partitions: 3, groups: 0 }))
    source.faults = [{ api: 'ListOffsets', broker: 2, kind: 'fail' }]
    const offsets: Collector<NoNeeds, null> = {
      name: 'partition_offsets',
      needs: {},
      async collect(ctx) {
        await Promise.all(
          [1, 2, 3].map((id) =>
            ctx.request('ListOffsets', `broker ${id}`, (s) =>
              s.listOffsets({ id, host: `kafka-${id}`, port: 9092, rack: null }, [], 'latest'),
            ),
          ),
        )
        return null
      },
    }
    const r = await run([[asking('metadata')], [offsets, asking('groups')]], source)
    expect(r.requests).toEqual({
      Metadata: 2,
      ListGroups: 0,
      ListOffsets: 3,
      OffsetFetch: 0,
      DescribeGroups: 0,
      ConsumerGroupDescribe: 0,
      DescribeConfigs: 0,
      Fetch: 0,
      DescribeQuorum: 0,
      DescribeLogDirs: 0,
      ShareGroupDescribe: 0,
      DescribeShareGroupOffsets: 0,
      StreamsGroupDescribe: 0,
    })
    expect(source.countByApi()).toEqual({ Metadata: 2, ListOffsets: 3 })
  })

  it('leaves out a collector that was idle, unless it then recorded something', async () => {
    const idle = (name: CollectorName, then?: 'request' | 'fail'): Collector<NoNeeds, null> => ({
      name,
      needs: {},
      async collect(ctx) {
        ctx.idle()
        if (then === 'request') await ctx.request('Metadata', 'read', (s) => s.metadata())
        if (then === 'fail') ctx.fail('partition 0: NOT_LEADER_OR_FOLLOWER (6)')
        return null
      },
    })
    const r = await run([[idle('topic_configs'), idle('metadata', 'request'), idle('groups', 'fail')]])
    expect(r.collectors.map((c) => [c.name, c.success])).toEqual([
      ['metadata', true],
      ['groups', false],
    ])
  })

  it('reports an extra name only once something was recorded under it, and only when declared', async () => {
    const multi = (record: boolean): Collector<NoNeeds, null> => ({
      name: 'groups',
      alsoReports: ['group_members', 'group_offsets'],
      needs: {},
      async collect(ctx) {
        ctx.as('group_offsets')
        if (record) ctx.as('group_members').fail('describe group g: GROUP_AUTHORIZATION_FAILED (30)')
        return null
      },
    })
    expect((await run([[multi(false)]])).collectors.map((c) => c.name)).toEqual(['groups'])
    expect((await run([[multi(true)]])).collectors.map((c) => [c.name, c.errors])).toEqual([
      ['groups', []],
      ['group_members', ['describe group g: GROUP_AUTHORIZATION_FAILED (30)']],
    ])
    const undeclared: Collector<NoNeeds, null> = {
      name: 'groups',
      needs: {},
      async collect(ctx) {
        ctx.as('group_members')
        return null
      },
    }
    expect((await run([[undeclared]])).collectors).toMatchObject([
      {
        name: 'groups',
        success: false,
        errors: ['collect groups: collector groups does not declare that it reports group_members'],
      },
    ])
  })

  it('merges two collectors of one name into one result', async () => {
    const failing: Collector<NoNeeds, null> = {
      name: 'record_timestamps',
      needs: {},
      async collect(ctx) {
        ctx.fail('read record timestamps on broker 2: boom')
        return null
      },
    }
    const r = await run([[quiet('record_timestamps')], [failing]])
    expect(r.collectors).toEqual([
      {
        name: 'record_timestamps',
        success: false,
        durationMs: expect.any(Number),
        errors: ['read record timestamps on broker 2: boom'],
      },
    ])
  })
})

describe('checkStages', () => {
  const a = quiet('metadata')
  const needsA: Collector<{ a: typeof a }, null> = { name: 'groups', needs: { a }, collect: async () => null }

  it.each<{ name: string; stages: Stages; error: string | null }>([
    { name: 'a need from an earlier stage', stages: [[a], [needsA]], error: null },
    {
      name: 'a need from the same stage',
      stages: [[a, needsA]],
      error: 'collector groups needs a (metadata), which no earlier stage collects',
    },
    {
      name: 'a need from a later stage',
      stages: [[needsA], [a]],
      error: 'collector groups needs a (metadata), which no earlier stage collects',
    },
    { name: 'a collector listed twice', stages: [[a], [a]], error: 'collector metadata is listed twice' },
  ])('$name', ({ stages, error }) => {
    if (error === null) expect(() => checkStages(stages)).not.toThrow()
    else expect(() => checkStages(stages)).toThrow(error)
  })

  it('accepts the real list, whose collectors report every collector name and no other', () => {
    expect(() => checkStages(COLLECTORS)).not.toThrow()
    const reported = new Set(COLLECTORS.flat().flatMap((c) => [c.name, ...(c.alsoReports ?? [])]))
    expect([...reported].sort()).toEqual([...COLLECTOR_NAMES].sort())
  })
})
