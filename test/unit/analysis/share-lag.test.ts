import { describe, expect, it } from 'vitest'
import { shareGroupViews, shareLag } from '../../../src/analysis/share-lag.js'
import { partition, shareGroup, topic } from '../../fakes/snapshot.js'

describe('shareLag', () => {
  it.each([
    { name: "the broker's count wins over the watermarks", start: 10, broker: 3, hwm: 50, lag: 3 },
    { name: 'broker says nothing: high watermark − start offset', start: 10, broker: null, hwm: 50, lag: 40 },
    {
      name: 'start offset above a stale high watermark: 0, never negative',
      start: 60,
      broker: null,
      hwm: 50,
      lag: 0,
    },
    { name: 'caught up', start: 50, broker: null, hwm: 50, lag: 0 },
    {
      name: 'high watermark unknown and no broker count: unknown',
      start: 10,
      broker: null,
      hwm: null,
      lag: null,
    },
    { name: 'high watermark unknown, broker count known', start: 10, broker: 4, hwm: null, lag: 4 },
  ])('$name', ({ start, broker, hwm, lag }) => {
    expect(shareLag(start, broker, hwm)).toBe(lag)
  })
})

describe('shareGroupViews', () => {
  const topics = [
    topic('orders', [
      partition(0, { latest: 100 }),
      partition(1, { latest: 50 }),
      partition(2, { latest: null }),
    ]),
  ]
  const offsets = (...rows: [number, number, number | null][]) =>
    rows.map(([p, startOffset, lag]) => ({ topic: 'orders', partition: p, startOffset, leaderEpoch: 0, lag }))

  it('sums per topic and takes the maximum over the share-partitions', () => {
    const [v] = shareGroupViews(
      [shareGroup('jobs', { offsets: offsets([0, 90, null], [1, 20, 12]) })],
      topics,
    )
    expect(v?.topics).toEqual([
      {
        topic: 'orders',
        lagSum: 22,
        partitions: [
          { topic: 'orders', partition: 0, startOffset: 90, lag: 10 },
          { topic: 'orders', partition: 1, startOffset: 20, lag: 12 },
        ],
      },
    ])
    expect(v?.maxLag).toBe(12)
  })

  it("leaves the topic sum unknown while a partition's lag is, but keeps the maximum of the known ones", () => {
    const [v] = shareGroupViews(
      [shareGroup('jobs', { offsets: offsets([0, 90, null], [2, 5, null]) })],
      topics,
    )
    expect(v?.topics[0]?.lagSum).toBeNull()
    expect(v?.maxLag).toBe(10)
  })

  it('has no topics when the start offsets could not be fetched', () => {
    const [v] = shareGroupViews([shareGroup('jobs', { offsets: null })], topics)
    expect(v).toMatchObject({ topics: [], maxLag: null })
  })
})
