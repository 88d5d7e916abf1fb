import { describe, expect, it } from 'vitest'
import {
  FAILED_FETCH_BACKOFF_POLLS,
  RecordTimestampCache,
  type WantedTimestamp,
} from '../../../src/collect/record-timestamps.js'
import { CollectorRecorder } from '../../../src/collect/recorder.js'
import type {
  BrokerRecord,
  RecordTimestamp,
  RecordTimestampQuery,
  TopicRecord,
} from '../../../src/kafka/types.js'
import { offsetKey } from '../../../src/keys.js'
import { type FakeClusterSpec, FakeKafkaSource } from '../../fakes/kafka-source.js'

const T = 1_700_000_000_000
/** Record at offset o was produced at T + o seconds. */
const recordTime = (offset: number) => T + offset * 1000

/**
 * Two brokers. orders/0 and orders/2 are led by 1, orders/1 and payments/0 by 2; audit/0 (led by 1) has records
 * without a usable timestamp, so the fake answers null for it, like a partition whose record did not fit.
 */
const SPEC: FakeClusterSpec = {
  brokers: [
    { id: 1, host: 'kafka-1', port: 9092, rack: null },
    { id: 2, host: 'kafka-2', port: 9092, rack: null },
  ],
  topics: [
    {
      name: 'orders',
      partitions: [0, 1, 2].map((p) => ({
        partition: p,
        leader: p === 1 ? 2 : 1,
        replicas: [1, 2],
        isr: [1, 2],
        earliest: 0,
        latest: 1_000,
        recordTime,
      })),
    },
    {
      name: 'payments',
      partitions: [
        { partition: 0, leader: 2, replicas: [2], isr: [2], earliest: 0, latest: 1_000, recordTime },
      ],
    },
    {
      name: 'audit',
      partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1], earliest: 0, latest: 1_000 }],
    },
  ],
  groups: [],
}

/** Counts the byte budget each Fetch was given. */
class Source extends FakeKafkaSource {
  readonly maxBytes: number[] = []
  override fetchRecordTimestamps(
    broker: BrokerRecord,
    queries: readonly RecordTimestampQuery[],
    maxBytes: number,
  ): Promise<RecordTimestamp[]> {
    this.maxBytes.push(maxBytes)
    return super.fetchRecordTimestamps(broker, queries, maxBytes)
  }
}

const w = (topic: string, partition: number, offset: number): WantedTimestamp => ({
  topic,
  partition,
  offset,
})

/** What the cache answers for each wanted offset after a poll, by offsetKey (only those with a timestamp). */
function answered(cache: RecordTimestampCache, wanted: readonly WantedTimestamp[]): Map<string, number> {
  const result = new Map<string, number>()
  for (const x of wanted) {
    const ts = cache.timestampOf(x)
    if (ts !== undefined) result.set(offsetKey(x.topic, x.partition, x.offset), ts)
  }
  return result
}

function setup(budget = 1 << 20, retainedUnwanted?: number) {
  const source = new Source(SPEC)
  const cache = new RecordTimestampCache(budget, retainedUnwanted)
  let topics: TopicRecord[] = []
  /** One poll: the wanted offsets in, the timestamps out; calls made in this poll in `fetches`. */
  async function update(wanted: readonly WantedTimestamp[]) {
    if (topics.length === 0) topics = [...(await source.metadata()).topics]
    const before = source.calls('Fetch').length
    const requests = new CollectorRecorder(source, Date.now() + 10_000)
    await cache.update(requests, SPEC.brokers, topics, wanted)
    const result = answered(cache, wanted)
    const fetches = source.calls('Fetch').slice(before)
    return { result, fetches, requests }
  }
  return { source, cache, update }
}

/** Fetch calls of one poll as broker → asked "topic/partition@offset", sorted by broker. */
const asked = (fetches: readonly { broker: number | null; ids?: readonly string[] }[]) =>
  Object.fromEntries(
    [...fetches].sort((a, b) => (a.broker ?? 0) - (b.broker ?? 0)).map((f) => [f.broker, f.ids]),
  )

describe('RecordTimestampCache', () => {
  const first = [w('orders', 0, 10), w('orders', 1, 20), w('orders', 2, 30), w('payments', 0, 40)]

  it('first update sends one Fetch per leader with all its wanted partitions', async () => {
    const { update } = setup()
    const { result, fetches } = await update(first)
    expect(asked(fetches)).toEqual({
      1: ['orders/0@10', 'orders/2@30'],
      2: ['orders/1@20', 'payments/0@40'],
    })
    expect(result).toEqual(
      new Map([
        [offsetKey('orders', 0, 10), recordTime(10)],
        [offsetKey('orders', 1, 20), recordTime(20)],
        [offsetKey('orders', 2, 30), recordTime(30)],
        [offsetKey('payments', 0, 40), recordTime(40)],
      ]),
    )
  })

  it.each<{ name: string; second: WantedTimestamp[]; asks: Record<number, string[]> }>([
    { name: 'same offsets: nothing asked', second: first, asks: {} },
    { name: 'fewer offsets: nothing asked', second: first.slice(0, 2), asks: {} },
    {
      name: 'one changed offset: only it is asked, on its leader',
      second: [w('orders', 0, 10), w('orders', 1, 25), w('orders', 2, 30), w('payments', 0, 40)],
      asks: { 2: ['orders/1@25'] },
    },
    {
      name: 'changed offsets on both leaders',
      second: [w('orders', 0, 11), w('orders', 1, 20), w('orders', 2, 30), w('payments', 0, 41)],
      asks: { 1: ['orders/0@11'], 2: ['payments/0@41'] },
    },
  ])('second update, $name', async ({ second, asks }) => {
    const { update } = setup()
    await update(first)
    const { result, fetches } = await update(second)
    expect(asked(fetches)).toEqual(asks)
    // Every wanted offset has its record's timestamp, cached or new.
    expect(result).toEqual(
      new Map(second.map((x) => [offsetKey(x.topic, x.partition, x.offset), recordTime(x.offset)])),
    )
  })

  it('the result holds only wanted offsets, and one wanted again later is not asked again', async () => {
    const { cache, update } = setup()
    await update([w('orders', 0, 10)])
    const moved = await update([w('orders', 0, 20)])
    expect([...moved.result.keys()]).toEqual([offsetKey('orders', 0, 20)])
    // Still held, but not this poll's: asked for it, the cache knows nothing.
    expect(cache.timestampOf(w('orders', 0, 10))).toBeUndefined()
    expect(cache.size).toBe(2)
    // Offset 10 is wanted again (the group was reset back, or deleted and created again): still known.
    const back = await update([w('orders', 0, 10)])
    expect(back.fetches).toEqual([])
    expect([...back.result]).toEqual([[offsetKey('orders', 0, 10), recordTime(10)]])
  })

  it('groups that vanish for some polls and come back at the same offsets cost no Fetch (group churn)', async () => {
    const { update } = setup()
    const churned = [w('orders', 0, 10), w('orders', 1, 20), w('payments', 0, 40)]
    expect((await update(churned)).fetches).toHaveLength(2)
    for (let round = 0; round < 20; round++) {
      // Deleted: nothing wanted for a few polls; then created again with the offsets they had.
      for (let poll = 0; poll < 3; poll++) expect((await update([])).fetches).toEqual([])
      const again = await update(churned)
      expect(again.fetches).toEqual([])
      expect(again.result.size).toBe(3)
    }
  })

  it('groups at the same offset share one read, and both are answered', async () => {
    const { cache, update } = setup()
    // Two groups' committed offset records: different objects, the same partition and offset.
    const a = w('orders', 0, 10)
    const b = w('orders', 0, 10)
    const { fetches } = await update([a, b, w('orders', 0, 12)])
    expect(asked(fetches)).toEqual({ 1: ['orders/0@10', 'orders/0@12'] })
    expect([cache.timestampOf(a), cache.timestampOf(b)]).toEqual([recordTime(10), recordTime(10)])
    expect(cache.size).toBe(2)
  })

  it('keeps memory bounded over many polls: the least recently wanted offsets are dropped first', async () => {
    const { cache, update } = setup(1 << 20, 5)
    for (let offset = 0; offset < 200; offset++) {
      const { result } = await update([w('orders', 0, offset), w('payments', 0, offset)])
      expect(result.size).toBe(2)
      // Two wanted, and max(2, 5) no longer wanted.
      expect(cache.size).toBeLessThanOrEqual(2 + 5)
    }
    // orders/0@197 is among the five kept; @100 was dropped long ago and is read again.
    expect((await update([w('orders', 0, 197)])).fetches).toEqual([])
    expect(asked((await update([w('orders', 0, 100)])).fetches)).toEqual({ 1: ['orders/0@100'] })
  })

  it('an offset wanted every poll is never dropped, however many others come and go', async () => {
    const { update } = setup(1 << 20, 3)
    await update([w('payments', 0, 1)])
    for (let offset = 0; offset < 50; offset++) await update([w('payments', 0, 1), w('orders', 0, offset)])
    expect((await update([w('payments', 0, 1)])).fetches).toEqual([])
  })

  it.each<{ name: string; budget: number }>([
    { name: 'zero', budget: 0 },
    { name: 'negative', budget: -1 },
  ])('budget $name sends nothing', async ({ budget }) => {
    const { update } = setup(budget)
    const { result, fetches } = await update(first)
    expect(fetches).toEqual([])
    expect(result.size).toBe(0)
  })

  it('splits the byte budget between the leaders asked in one poll', async () => {
    const { source, update } = setup(1_000)
    await update(first)
    expect(source.maxBytes).toHaveLength(2)
    expect(source.maxBytes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_000)
    for (const b of source.maxBytes) expect(b).toBeGreaterThan(0)
  })

  it('partitions with no timestamp in the answer are asked again, first, in the next poll', async () => {
    const { update } = setup()
    const poll1 = await update([w('orders', 0, 10), w('audit', 0, 5)])
    expect(asked(poll1.fetches)).toEqual({ 1: ['orders/0@10', 'audit/0@5'] })
    expect(poll1.result.has(offsetKey('audit', 0, 5))).toBe(false)
    // A new partition is wanted ahead of audit/0, but audit/0 went without last time and goes first.
    const poll2 = await update([w('orders', 0, 10), w('orders', 2, 7), w('audit', 0, 5)])
    expect(asked(poll2.fetches)).toEqual({ 1: ['audit/0@5', 'orders/2@7'] })
  })

  it.each<{ name: string; wanted: WantedTimestamp[] }>([
    { name: 'unknown topic', wanted: [w('gone', 0, 1)] },
    { name: 'unknown partition', wanted: [w('orders', 9, 1)] },
  ])('does not ask for an $name', async ({ wanted }) => {
    const { update } = setup()
    const { result, fetches } = await update(wanted)
    expect(fetches).toEqual([])
    expect(result.size).toBe(0)
  })

  it('a failed Fetch is recorded, then that leader is left alone for a few polls before it is asked again', async () => {
    const { source, update } = setup()
    source.faults = [{ api: 'Fetch', broker: 2, kind: 'fail', message: 'boom' }]
    const poll1 = await update(first)
    expect(poll1.requests.errors).toEqual(['read record timestamps on broker 2: boom'])
    expect([...poll1.result.keys()].sort()).toEqual(
      [offsetKey('orders', 0, 10), offsetKey('orders', 2, 30)].sort(),
    )
    // A failure that would repeat every poll (e.g. a compression this Node cannot read) must not cost a request and
    // a failed collector each time.
    for (let i = 0; i < FAILED_FETCH_BACKOFF_POLLS; i++) {
      const skipped = await update(first)
      expect(asked(skipped.fetches)).toEqual({})
      expect(skipped.requests.errors).toEqual([])
    }
    source.faults = []
    const retried = await update(first)
    expect(asked(retried.fetches)).toEqual({ 2: ['orders/1@20', 'payments/0@40'] })
    expect(retried.result.size).toBe(4)
  })
})
