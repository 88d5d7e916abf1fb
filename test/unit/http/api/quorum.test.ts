import { Ajv, type ErrorObject } from 'ajv'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../../../../src/http/api/openapi.js'
import { apiRoute } from '../../../../src/http/api/routes.js'
import { analyzedGroups, richSnapshot } from '../../../fakes/snapshot.js'

/** The cluster document against the served OpenAPI schema (OpenAPI's `nullable` is Ajv's too). */
function validCluster(body: unknown): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addSchema({ $id: 'api', components: openApiDocument().components }, 'api')
  const validate = ajv.compile({ $ref: 'api#/components/schemas/Cluster' })
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`)
}

describe('the quorum section of /api/v1/cluster', () => {
  it('shows the leader, voters and observers as of the poll', () => {
    const snapshot = richSnapshot()
    const { status, body } = apiRoute('/api/v1/cluster', { snapshot, groups: analyzedGroups(snapshot) }, 0)
    expect(status).toBe(200)
    expect(validCluster(body)).toEqual([])
    expect((body as { quorum: unknown }).quorum).toEqual({
      leaderId: 2,
      leaderEpoch: 4,
      highWatermark: 900,
      voters: [
        {
          replicaId: 1,
          leader: false,
          logEndOffset: 880,
          lag: 20,
          lastFetchAgeSeconds: 0.5,
          lastCaughtUpAgeSeconds: 3,
        },
        {
          replicaId: 2,
          leader: true,
          logEndOffset: 900,
          lag: 0,
          lastFetchAgeSeconds: 0,
          lastCaughtUpAgeSeconds: 0,
        },
      ],
      observers: [
        {
          replicaId: 7,
          leader: false,
          logEndOffset: null,
          lag: null,
          lastFetchAgeSeconds: null,
          lastCaughtUpAgeSeconds: null,
        },
      ],
    })
  })

  it('is null where it was not read, and a leaderless quorum has a null leader', () => {
    const unread = richSnapshot({ quorum: undefined })
    const doc = apiRoute('/api/v1/cluster', { snapshot: unread, groups: [] }, 0).body as { quorum: unknown }
    expect(doc.quorum).toBeNull()
    expect(validCluster(doc)).toEqual([])
    const base = richSnapshot()
    const leaderless = richSnapshot({
      quorum: { ...(base.quorum as NonNullable<typeof base.quorum>), leaderId: -1 },
    })
    const body = apiRoute('/api/v1/cluster', { snapshot: leaderless, groups: [] }, 0).body as {
      quorum: { leaderId: unknown; voters: { leader: boolean }[] }
    }
    expect(body.quorum.leaderId).toBeNull()
    expect(body.quorum.voters.some((v) => v.leader)).toBe(false)
  })
})
