import { describe, expect, it } from 'vitest'
import { encodeListOffsets } from '../../../src/kafka/list-offsets.js'
import { ListOffsetsBodies } from '../../../src/kafka/list-offsets-bodies.js'
import type { OffsetQuery, OffsetSpec } from '../../../src/kafka/types.js'

/** Query objects made anew, as each poll makes them from its own metadata. */
const queries = (epochOf2 = 7, topic = 'orders'): OffsetQuery[] => [
  { topic, partition: 0, leaderEpoch: 7 },
  { topic, partition: 2, leaderEpoch: epochOf2 },
  { topic: 'payments', partition: 1, leaderEpoch: 3 },
]

describe('ListOffsetsBodies', () => {
  it('sends the very same body again while the partitions asked are the same, equal to a fresh encoding', () => {
    const bodies = new ListOffsetsBodies()
    const first = bodies.body(1, { partitions: queries(), spec: 'latest' }, true)
    expect(first.equals(encodeListOffsets({ partitions: queries(), spec: 'latest' }, true))).toBe(true)
    expect(bodies.body(1, { partitions: queries(), spec: 'latest' }, true)).toBe(first)
  })

  it.each<{ name: string; broker: number; partitions: OffsetQuery[]; spec: OffsetSpec; flexible: boolean }>([
    { name: 'a leader epoch changed', broker: 1, partitions: queries(8), spec: 'latest', flexible: true },
    { name: 'another topic', broker: 1, partitions: queries(7, 'audit'), spec: 'latest', flexible: true },
    {
      name: 'a partition fewer',
      broker: 1,
      partitions: queries().slice(0, 2),
      spec: 'latest',
      flexible: true,
    },
    { name: 'another spec', broker: 1, partitions: queries(), spec: 'lastStable', flexible: true },
    { name: 'the older wire format', broker: 1, partitions: queries(), spec: 'latest', flexible: false },
    { name: 'another broker', broker: 2, partitions: queries(), spec: 'latest', flexible: true },
  ])('encodes again when $name', ({ broker, partitions, spec, flexible }) => {
    const bodies = new ListOffsetsBodies()
    const first = bodies.body(1, { partitions: queries(), spec: 'latest' }, true)
    const next = bodies.body(broker, { partitions, spec }, flexible)
    expect(next).not.toBe(first)
    expect(next.equals(encodeListOffsets({ partitions, spec }, flexible))).toBe(true)
    // The first is still kept for its own key unless this one replaced it.
    const again = bodies.body(1, { partitions: queries(), spec: 'latest' }, true)
    expect(again.equals(first)).toBe(true)
  })
})
