import { describe, expect, it } from 'vitest'
import { apiRoute } from '../../../../src/http/api/routes.js'
import { analyzedGroups, richSnapshot } from '../../../fakes/snapshot.js'

const snapshot = richSnapshot()
const state = { snapshot, groups: analyzedGroups(snapshot) }

describe('apiRoute', () => {
  it.each([
    ['/api/v1/groups/%E0%A4%A', 'malformed percent-encoding in /api/v1/groups/%E0%A4%A'],
    ['/api/v1/topics/%', 'malformed percent-encoding in /api/v1/topics/%'],
  ])('answers %s with a JSON 400 instead of throwing', (path, message) => {
    expect(apiRoute(path, state, 0)).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message } },
    })
  })

  it('decodes names, and 404s unknown ones and deeper paths', () => {
    expect(apiRoute('/api/v1/groups/app', state, 0).status).toBe(200)
    expect(apiRoute('/api/v1/groups/no%20such', state, 0)).toEqual({
      status: 404,
      body: {
        error: { code: 'not_found', message: 'no consumer group named "no such" (or it is filtered out)' },
      },
    })
    expect(apiRoute('/api/v1/groups/app/extra', state, 0).status).toBe(404)
  })

  it("gives each broker's log dirs, each topic's size on disk and each partition's replica logs", () => {
    // richSnapshot: broker 1 has /data/a (orders/0 300 B, orders/1 200 B being moved in, payments/0 100 B) and
    // /data/b offline; orders/0 and payments/0 are led by broker 1.
    const brokers = apiRoute('/api/v1/brokers', state, 0).body as { id: number; logDirs: unknown }[]
    expect(brokers.find((b) => b.id === 1)?.logDirs).toEqual([
      {
        path: '/data/a',
        online: true,
        error: null,
        totalBytes: 1000,
        usableBytes: 400,
        sizeBytes: 600,
        futureReplicas: 1,
        futureOffsetLag: 7,
        readAt: new Date(1_700_000_000_000 - 30_000).toISOString(),
      },
      {
        path: '/data/b',
        online: false,
        error: 'KAFKA_STORAGE_ERROR (56)',
        totalBytes: null,
        usableBytes: null,
        sizeBytes: null,
        futureReplicas: null,
        futureOffsetLag: null,
        readAt: new Date(1_700_000_000_000 - 30_000).toISOString(),
      },
    ])
    // Not read on brokers 2 and 3: unknown, not empty.
    expect(brokers.find((b) => b.id === 2)?.logDirs).toBeNull()
    const topics = apiRoute('/api/v1/topics', state, 0).body as { name: string; sizeBytes: number | null }[]
    expect(topics.map((t) => [t.name, t.sizeBytes])).toEqual([
      ['orders', 300],
      ['payments', 100],
    ])
    const orders = apiRoute('/api/v1/topics/orders', state, 0).body as {
      leaderSizeBytes: number
      partitionDetails: { partition: number; replicaLogs: unknown[] }[]
    }
    expect(orders.leaderSizeBytes).toBe(300)
    expect(orders.partitionDetails.map((p) => [p.partition, p.replicaLogs])).toEqual([
      [0, [{ broker: 1, logDir: '/data/a', sizeBytes: 300, offsetLag: 0, future: false }]],
      [1, [{ broker: 1, logDir: '/data/a', sizeBytes: 200, offsetLag: 0, future: true }]],
      [2, []],
      [3, []],
    ])
  })
})
