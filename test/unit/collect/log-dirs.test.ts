import { describe, expect, it } from 'vitest'
import { nameFilter } from '../../../src/collect/filters.js'
import { pollSetup } from '../../../src/collect/from-config.js'
import { LogDirsCache } from '../../../src/collect/log-dirs.js'
import { type PollOptions, pollOnce } from '../../../src/collect/poll.js'
import { RecordTimestampCache } from '../../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../../src/collect/topic-configs.js'
import type { KafkaApi } from '../../../src/kafka/source.js'
import type { LogDirRecord } from '../../../src/kafka/types.js'
import { FakeKafkaSource, fakeCluster } from '../../fakes/kafka-source.js'

const T0 = 1_700_000_000_000
const REFRESH = 60_000

function setup(opts: { topicFilter?: string } = {}) {
  const spec = fakeCluster({ brokers: 3, topics: 2, partitions: 3, groups: 0 })
  const source = new FakeKafkaSource(spec)
  const logDirs = new LogDirsCache(REFRESH)
  const base = {
    source,
    timeoutMs: 2000,
    topicFilter: nameFilter(opts.topicFilter ?? '.*', '^$'),
    groupFilter: nameFilter('.*', '^$'),
    configs: new TopicConfigCache(300_000),
    timestamps: new RecordTimestampCache(1 << 20),
    logDirs,
  }
  let previous: Snapshot | null = null
  const poll = async (at: number, more: Partial<PollOptions> = {}) => {
    previous = await pollOnce({ ...base, previous, now: () => at, ...more })
    return previous
  }
  return { spec, source, poll }
}

const askedBrokers = (source: FakeKafkaSource, from = 0) =>
  source
    .calls('DescribeLogDirs')
    .slice(from)
    .map((c) => c.broker)
    .sort()

describe('log dirs collector', () => {
  it('asks each broker once, then nothing until the refresh is due, serving the last answers meanwhile', async () => {
    const { source, poll } = setup()
    const first = await poll(T0)
    expect(askedBrokers(source)).toEqual([1, 2, 3])
    expect(first.requests.DescribeLogDirs).toBe(3)
    expect(first.collectors.find((c) => c.name === 'log_dirs')?.success).toBe(true)
    expect(first.logDirs?.brokers.map((b) => [b.broker, b.readAt, b.dirs.length])).toEqual([
      [1, T0, 1],
      [2, T0, 1],
      [3, T0, 1],
    ])
    // Replication factor 3 on 3 brokers: every broker holds all 6 replicas.
    const dir = first.logDirs?.brokers[0]?.dirs[0]
    expect(dir?.replicas).toHaveLength(6)
    expect(dir?.sizeBytes).toBe(dir?.replicas.reduce((n, r) => n + r.sizeBytes, 0))

    const between = await poll(T0 + REFRESH - 1)
    expect(askedBrokers(source)).toHaveLength(3)
    expect(between.requests.DescribeLogDirs).toBe(0)
    // Idle: not reported at all (neither success nor failure), its values carried over.
    expect(between.collectors.map((c) => c.name)).not.toContain('log_dirs')
    expect(between.logDirs).toEqual(first.logDirs)

    const due = await poll(T0 + REFRESH)
    expect(due.requests.DescribeLogDirs).toBe(3)
    expect(due.logDirs?.brokers.every((b) => b.readAt === T0 + REFRESH)).toBe(true)
  })

  it('serves the same objects between refreshes, and a new cut once a topic is gone or a broker read again', async () => {
    const { spec, source, poll } = setup()
    const first = await poll(T0)
    const between = await poll(T0 + 15_000)
    // The very same entries: the render splices their series in unchanged (metrics/family-blocks.ts).
    expect(between.logDirs?.brokers).toHaveLength(3)
    between.logDirs?.brokers.forEach((b, i) => {
      expect(b).toBe(first.logDirs?.brokers[i])
    })
    source.cluster = { ...spec, topics: spec.topics.slice(1) }
    const deleted = await poll(T0 + 30_000)
    const gone = spec.topics[0]?.name
    for (const [i, b] of (deleted.logDirs?.brokers ?? []).entries()) {
      expect(b).not.toBe(first.logDirs?.brokers[i])
      expect(b.readAt).toBe(T0)
      expect(b.dirs[0]?.replicas.map((r) => r.topic)).not.toContain(gone)
      expect(b.dirs[0]?.replicas).toHaveLength(3)
    }
    const same = await poll(T0 + 45_000)
    expect(same.logDirs?.brokers[0]).toBe(deleted.logDirs?.brokers[0])
    const due = await poll(T0 + REFRESH)
    expect(due.logDirs?.brokers[0]).not.toBe(same.logDirs?.brokers[0])
    expect(due.logDirs?.brokers[0]?.readAt).toBe(T0 + REFRESH)
  })

  it("keeps a failed broker's last answer and asks only it again on the next poll", async () => {
    const { source, poll } = setup()
    await poll(T0)
    source.faults = [{ api: 'DescribeLogDirs', broker: 2, kind: 'fail', message: 'boom' }]
    const failed = await poll(T0 + REFRESH)
    const result = failed.collectors.find((c) => c.name === 'log_dirs')
    expect(result?.success).toBe(false)
    expect(result?.errors).toEqual(['describe log dirs on broker 2: boom'])
    expect(failed.logDirs?.brokers.map((b) => [b.broker, b.readAt])).toEqual([
      [1, T0 + REFRESH],
      [2, T0],
      [3, T0 + REFRESH],
    ])
    source.faults = []
    const before = source.calls('DescribeLogDirs').length
    const retried = await poll(T0 + REFRESH + 15_000)
    expect(askedBrokers(source, before)).toEqual([2])
    expect(retried.logDirs?.brokers.map((b) => b.readAt)).toEqual([
      T0 + REFRESH,
      T0 + REFRESH + 15_000,
      T0 + REFRESH,
    ])
  })

  it('drops a broker that left the metadata, and the topics the filter does not keep (but counts them in the dir)', async () => {
    const { spec, source, poll } = setup({ topicFilter: 'topic-000' })
    const first = await poll(T0)
    const dir = first.logDirs?.brokers[0]?.dirs[0]
    expect(new Set(dir?.replicas.map((r) => r.topic))).toEqual(new Set(['topic-000']))
    // The directory's size counts every log in it, the filtered-out topic's too.
    const all = spec.topics
      .flatMap((t) => t.partitions)
      .reduce((n, p) => n + (p.latest - p.earliest) * 100, 0)
    expect(dir?.sizeBytes).toBe(all)
    source.cluster = { ...spec, brokers: spec.brokers.filter((b) => b.id !== 3) }
    const shrunk = await poll(T0 + 1000)
    expect(shrunk.logDirs?.brokers.map((b) => b.broker)).toEqual([1, 2])
  })

  it('reports an offline directory as data, and any other error of a directory as a failure', async () => {
    const { spec, source, poll } = setup()
    const dirs = (code: number): LogDirRecord[] => [
      { path: '/a', errorCode: 0, totalBytes: 100, usableBytes: 50, replicas: [] },
      { path: '/b', errorCode: code, totalBytes: null, usableBytes: null, replicas: [] },
    ]
    source.cluster = { ...spec, logDirs: { 1: dirs(56) } }
    const offline = await poll(T0)
    expect(offline.collectors.find((c) => c.name === 'log_dirs')?.success).toBe(true)
    expect(offline.logDirs?.brokers[0]?.dirs.map((d) => [d.path, d.online, d.errorCode])).toEqual([
      ['/a', true, 0],
      ['/b', false, 56],
    ])
    source.cluster = { ...spec, logDirs: { 1: dirs(29) } }
    const refused = await poll(T0 + REFRESH)
    expect(refused.collectors.find((c) => c.name === 'log_dirs')?.errors).toEqual([
      'describe log dir /b on broker 1: TOPIC_AUTHORIZATION_FAILED (29)',
    ])
  })

  it('is skipped where the brokers lack DescribeLogDirs: no request, no collector result, the rest served', async () => {
    const { source, poll } = setup()
    const asked: KafkaApi[] = []
    Object.assign(source, {
      supports: (api: KafkaApi) => {
        asked.push(api)
        return api !== 'DescribeLogDirs'
      },
    })
    const s = await poll(T0)
    expect(asked.filter((a) => a === 'DescribeLogDirs')).toEqual(['DescribeLogDirs'])
    expect(s.skipped?.map((k) => k.name)).toContain('log_dirs')
    expect(source.calls('DescribeLogDirs')).toEqual([])
    expect(s.requests.DescribeLogDirs).toBe(0)
    expect(s.logDirs).toBeUndefined()
    expect(s.collectors.map((c) => c.name)).not.toContain('log_dirs')
    expect(s.collectors.every((c) => c.success)).toBe(true)
    expect(s.topics).toHaveLength(2)
  })

  it('carries the last log dirs over a poll whose metadata failed', async () => {
    const { source, poll } = setup()
    const first = await poll(T0)
    source.faults = [{ api: 'Metadata', kind: 'fail' }]
    const down = await poll(T0 + REFRESH)
    expect(down.up).toBe(false)
    expect(down.logDirs).toEqual(first.logDirs)
  })
})

describe('pollSetup', () => {
  const settings = {
    timeoutMs: 1000,
    topics: { include: '.*', exclude: '^$' },
    groups: { include: '.*', exclude: '^$' },
    configRefreshMs: 300_000,
    lagFetchMaxBytes: 0,
  }
  it('reads log dirs unless --log-dirs.refresh-interval is 0', async () => {
    const source = new FakeKafkaSource(fakeCluster({ brokers: 2, topics: 1, partitions: 1, groups: 0 }))
    const on = await pollOnce({
      ...pollSetup({ ...settings, logDirsRefreshMs: 60_000 }, source),
      previous: null,
    })
    expect(on.requests.DescribeLogDirs).toBe(2)
    const off = await pollOnce({ ...pollSetup({ ...settings, logDirsRefreshMs: 0 }, source), previous: null })
    expect(off.requests.DescribeLogDirs).toBe(0)
    expect(off.logDirs).toBeUndefined()
  })
})
