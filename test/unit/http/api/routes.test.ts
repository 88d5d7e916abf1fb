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
})
