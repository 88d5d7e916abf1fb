import { describe, expect, it } from 'vitest'
import { nameFilter } from '../../../src/collect/filters.js'
import { pollOnce } from '../../../src/collect/poll.js'
import { RecordTimestampCache } from '../../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../../src/collect/topic-configs.js'
import type { BrokerRecord, RecordTimestamp, RecordTimestampQuery } from '../../../src/kafka/types.js'
import { type FakeClusterSpec, FakeKafkaSource, type FakePartition } from '../../fakes/kafka-source.js'

/** Says the committed offsets' Fetch came back with `used` bytes; records the budget of open-transaction reads. */
class SizedSource extends FakeKafkaSource {
  readonly openMaxBytes: number[] = []
  constructor(
    spec: FakeClusterSpec,
    private readonly used: number,
  ) {
    super(spec)
  }
  override async fetchRecordTimestamps(b: BrokerRecord, q: readonly RecordTimestampQuery[], max: number) {
    const answers = await super.fetchRecordTimestamps(b, q, max)
    return answers.map((a, i): RecordTimestamp => ({ ...a, bytes: i === 0 ? this.used : 0 }))
  }
  override fetchOpenTransactionTimestamps(b: BrokerRecord, q: readonly RecordTimestampQuery[], max: number) {
    this.openMaxBytes.push(max)
    return super.fetchOpenTransactionTimestamps(b, q, max)
  }
}

const ALL = nameFilter('.*', '^$')
const T = 1_700_000_000_000
const recordTime = (offset: number) => T + offset * 1000

/**
 * One partition as in the issue: committed transaction up to 53, aborted records and a marker 54..59; `open` adds
 * a transaction left open at 60 (high watermark 63). Group "parked" committed 54; group "behind" committed 10.
 */
function cluster(open: boolean): FakeClusterSpec {
  const partition: FakePartition = {
    partition: 0,
    leader: 1,
    replicas: [1],
    isr: [1],
    earliest: 0,
    latest: open ? 63 : 60,
    lastStable: 60,
    unreadableFrom: 54,
    recordTime,
  }
  return {
    brokers: [{ id: 1, host: 'k1', port: 9092, rack: null }],
    topics: [{ name: 'orders', partitions: [partition] }],
    groups: [
      { groupId: 'parked', coordinator: 1, offsets: [{ topic: 'orders', partition: 0, offset: 54 }] },
      { groupId: 'behind', coordinator: 1, offsets: [{ topic: 'orders', partition: 0, offset: 10 }] },
    ],
  }
}

function poller(source: FakeKafkaSource, budget = 1 << 20) {
  const timestamps = new RecordTimestampCache(budget)
  const configs = new TopicConfigCache(300_000)
  let previous: Snapshot | null = null
  return async () => {
    const before = source.calls('Fetch').length
    previous = await pollOnce({
      source,
      timeoutMs: 2000,
      topicFilter: ALL,
      groupFilter: ALL,
      configs,
      timestamps,
      previous,
    })
    return {
      s: previous,
      fetches: source
        .calls('Fetch')
        .slice(before)
        .map((c) => c.ids),
    }
  }
}

const offsetOf = (s: Snapshot, group: string) => s.groups.find((g) => g.groupId === group)?.offsets?.[0]

describe('pollOnce with transactions', () => {
  it('a group followed only by aborted records and markers, no transaction open: caught up, no extra Fetch', async () => {
    const poll = poller(new FakeKafkaSource(cluster(false)))
    const { s, fetches } = await poll()
    expect(s.topics[0]?.partitions[0]).toMatchObject({
      latest: 60,
      lastStable: 60,
      openTransactionTimestamp: null,
    })
    expect(offsetOf(s, 'parked')).toMatchObject({ offset: 54, recordTimestamp: null, markersOnly: true })
    expect(offsetOf(s, 'behind')).toMatchObject({
      offset: 10,
      recordTimestamp: recordTime(10),
      markersOnly: false,
    })
    // Only the committed offsets' Fetch: nothing is open, so nothing is read at the last stable offset.
    expect(fetches).toEqual([['orders/0@54', 'orders/0@10']])
  })

  it('an open transaction: its first record dates the partition and the group parked before it, read once', async () => {
    const poll = poller(new FakeKafkaSource(cluster(true)))
    const first = await poll()
    expect(first.s.topics[0]?.partitions[0]).toMatchObject({
      latest: 63,
      lastStable: 60,
      openTransactionTimestamp: recordTime(60),
    })
    // Nothing readable between 54 and the open transaction: the group waits for the transaction's first record.
    expect(offsetOf(first.s, 'parked')).toMatchObject({ recordTimestamp: recordTime(60), markersOnly: false })
    expect(offsetOf(first.s, 'behind')).toMatchObject({ recordTimestamp: recordTime(10), markersOnly: false })
    expect(first.fetches).toEqual([['orders/0@54', 'orders/0@10'], ['orders/0@60']])

    // Cached by (partition, last stable offset): the next poll reads only the offset that is not cached.
    const second = await poll()
    expect(second.s.topics[0]?.partitions[0]?.openTransactionTimestamp).toBe(recordTime(60))
    expect(second.fetches).toEqual([['orders/0@54']])
  })

  it('reads no open transaction without a byte budget, and leaves its age unknown', async () => {
    const poll = poller(new FakeKafkaSource(cluster(true)), 0)
    const { s, fetches } = await poll()
    expect(s.topics[0]?.partitions[0]).toMatchObject({ lastStable: 60, openTransactionTimestamp: null })
    expect(fetches).toEqual([])
  })

  it('reads open transactions within what the committed offsets left of the byte budget', async () => {
    const some = new SizedSource(cluster(true), 1000)
    await poller(some, 4096)()
    expect(some.openMaxBytes).toEqual([4096 - 1000])
    const all = new SizedSource(cluster(true), 4096)
    const { s } = await poller(all, 4096)()
    expect(all.openMaxBytes).toEqual([])
    expect(s.topics[0]?.partitions[0]?.openTransactionTimestamp).toBeNull()
  })
})
