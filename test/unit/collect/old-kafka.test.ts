import { describe, expect, it } from 'vitest'
import { SINGLE_GROUP_CONCURRENCY } from '../../../src/collect/committed-offsets.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { type FakeClusterSpec, FakeKafkaSource, fakeCluster } from '../../fakes/kafka-source.js'
import { pollFake } from '../../fakes/poll.js'

/**
 * Brokers older than Kafka 3.0 have no multi-group OffsetFetch (v8): their groups' offsets are asked one group per
 * request, counted as such, with a bounded number in flight; brokers that have it still get one request.
 */
const poll = (source: FakeKafkaSource) => pollFake(source)

const SPEC = fakeCluster({ brokers: 3, topics: 10, partitions: 3, groups: 60 })
const groupsOn = (spec: FakeClusterSpec, broker: number) =>
  spec.groups.filter((g) => g.coordinator === broker).length

describe('committed offsets from brokers before Kafka 3.0', () => {
  it('one OffsetFetch per group on those brokers, one per coordinator on the others, same offsets', async () => {
    const modern = await poll(new FakeKafkaSource(SPEC))
    const mixed = new FakeKafkaSource({ ...SPEC, singleGroupOffsetFetch: [2, 3] })
    const old = await poll(mixed)
    const expected = 1 + groupsOn(SPEC, 2) + groupsOn(SPEC, 3)
    expect(groupsOn(SPEC, 2)).toBeGreaterThan(1)
    expect(old.requests.OffsetFetch).toBe(expected)
    expect(mixed.calls('OffsetFetch')).toHaveLength(expected)
    expect(modern.requests.OffsetFetch).toBe(3)
    // Every other count is that of a modern cluster.
    const { OffsetFetch: _a, Fetch: _b, ...rest } = old.requests
    const { OffsetFetch: _c, Fetch: _d, ...modernRest } = modern.requests
    expect(rest).toEqual(modernRest)
    for (const call of mixed.calls('OffsetFetch'))
      expect(call.ids?.length === 1 || call.broker === 1, `broker ${call.broker}`).toBe(true)
    expect(old.collectors.filter((c) => !c.success)).toEqual([])
    const offsets = (s: Snapshot) =>
      Object.fromEntries(s.groups.map((g) => [g.groupId, JSON.stringify(g.offsets)]))
    expect(offsets(old)).toEqual(offsets(modern))
    expect(old.groups.filter((g) => g.offsets?.length !== 1)).toEqual([])
  })

  it(`keeps at most ${SINGLE_GROUP_CONCURRENCY} of them in flight per coordinator`, async () => {
    const source = new FakeKafkaSource({ ...SPEC, singleGroupOffsetFetch: [1, 2, 3] })
    source.faults = [{ api: 'OffsetFetch', kind: 'delay', ms: 5 }]
    await poll(source)
    const inFlight = new Map<number, number>()
    let most = 0
    for (const e of source.events.filter((x) => x.api === 'OffsetFetch')) {
      const n = (inFlight.get(e.broker as number) ?? 0) + (e.event === 'start' ? 1 : -1)
      inFlight.set(e.broker as number, n)
      most = Math.max(most, n)
    }
    expect(groupsOn(SPEC, 1)).toBeGreaterThan(SINGLE_GROUP_CONCURRENCY)
    expect(most).toBe(SINGLE_GROUP_CONCURRENCY)
  })

  it('a failing single-group request costs only its group', async () => {
    const source = new FakeKafkaSource({ ...SPEC, singleGroupOffsetFetch: [1, 2, 3] })
    const victim = SPEC.groups[0]?.groupId as string
    let failed = false
    const original = source.fetchCommittedOffsets.bind(source)
    source.fetchCommittedOffsets = (broker, ids) => {
      if (ids[0] === victim && !failed) {
        failed = true
        return Promise.reject(new Error('connection reset'))
      }
      return original(broker, ids)
    }
    const s = await poll(source)
    const offsets = s.collectors.find((c) => c.name === 'group_offsets')
    expect(offsets?.success).toBe(false)
    expect(offsets?.errors).toEqual([
      `fetch committed offsets of group ${victim} on broker ${SPEC.groups[0]?.coordinator}: connection reset`,
    ])
    expect(s.groups.filter((g) => g.offsets === null).map((g) => g.groupId)).toEqual([victim])
  })

  it('a coordinator whose versions cannot be read: its offsets fail, nothing is counted as sent', async () => {
    const source = new FakeKafkaSource({ ...SPEC, singleGroupOffsetFetch: [1, 2, 3] })
    source.groupsPerOffsetFetch = async (broker) => {
      if (broker.id === 2) throw new Error('connection refused')
      return 1
    }
    const s = await poll(source)
    const offsets = s.collectors.find((c) => c.name === 'group_offsets')
    expect(offsets?.errors).toEqual(['fetch committed offsets on broker 2: connection refused'])
    expect(s.requests.OffsetFetch).toBe(groupsOn(SPEC, 1) + groupsOn(SPEC, 3))
    expect(source.calls('OffsetFetch').every((c) => c.broker !== 2)).toBe(true)
  })
})
