import { describe, expect, it } from 'vitest'
import { shareGroupViews } from '../../../src/analysis/share-lag.js'
import { shareGroupRows } from '../../../src/commands/share-table.js'
import { apiRoute } from '../../../src/http/api/routes.js'
import { analyzedGroups, partition, richSnapshot, shareGroup, topic } from '../../fakes/snapshot.js'

const topics = [topic('orders', [partition(0, { latest: 100 }), partition(1, { latest: 40 })])]
const offsets = [
  { topic: 'orders', partition: 0, startOffset: 60, leaderEpoch: 0, lag: 25 },
  { topic: 'orders', partition: 1, startOffset: 40, leaderEpoch: 0, lag: null },
]

describe('describe: the share-group table', () => {
  it('has a row per share-partition with the members that read it, and a row for a group without offsets', () => {
    const views = shareGroupViews(
      [shareGroup('jobs', { offsets }), shareGroup('idle', { offsets: null, members: [] })],
      topics,
    )
    expect(shareGroupRows(views)).toEqual([
      ['jobs', 'orders', '0', '60', '25', 'STABLE', '1', 'client-jobs'],
      ['jobs', 'orders', '1', '40', '0', 'STABLE', '0', '-'],
      ['idle', '-', '-', '-', '-', 'STABLE', '0', '-'],
    ])
  })
})

describe('JSON API: /api/v1/sharegroups', () => {
  const snapshot = richSnapshot()
  const state = { snapshot, groups: analyzedGroups(snapshot) }

  it('lists share groups with their lag, and describes one with members and share-partitions', () => {
    expect(apiRoute('/api/v1/sharegroups', state, 0)).toEqual({
      status: 200,
      body: [
        {
          groupId: 'jobs',
          protocol: 'share',
          state: 'STABLE',
          assignor: 'simple',
          coordinator: 2,
          groupEpoch: 2,
          members: 1,
          // orders/0: high watermark 100 − start offset 60, as the broker gave no count.
          lag: 40,
          maxLag: 40,
        },
      ],
    })
    const one = apiRoute('/api/v1/sharegroups/jobs', state, 0)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({
      memberDetails: [
        { memberId: 'jobs-1', clientId: 'client-jobs', assignments: [{ topic: 'orders', partition: 0 }] },
      ],
      topics: [{ topic: 'orders', lag: 40, partitions: [{ partition: 0, startOffset: 60, lag: 40 }] }],
    })
    expect(apiRoute('/api/v1/sharegroups/app', state, 0)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no share group named "app" (or it is filtered out)' } },
    })
  })
})
