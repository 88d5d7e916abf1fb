import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../../../../src/http/api/openapi.js'
import { apiRoute } from '../../../../src/http/api/routes.js'
import { analyzedGroups, richSnapshot } from '../../../fakes/snapshot.js'

const snapshot = richSnapshot()
const state = { snapshot, groups: analyzedGroups(snapshot) }

/** Answers for the fake snapshot (log dirs read on one broker, an offline one among them) fit the OpenAPI schemas. */
describe('the OpenAPI description', () => {
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addSchema({ components: openApiDocument().components }, 'api')
  const errors = (schema: object, body: unknown) => {
    const check = ajv.compile(schema)
    return check(body) ? [] : check.errors
  }
  const ref = (name: string) => ({ $ref: `api#/components/schemas/${name}` })

  it.each([
    ['/api/v1/brokers', { type: 'array', items: ref('Broker') }],
    ['/api/v1/topics', { type: 'array', items: ref('TopicSummary') }],
    ['/api/v1/topics/orders', ref('Topic')],
  ])('describes %s', (path, schema) => {
    expect(errors(schema, apiRoute(path, state, 0).body)).toEqual([])
  })

  it('would notice a missing or mistyped field', () => {
    const [broker] = apiRoute('/api/v1/brokers', state, 0).body as Record<string, unknown>[]
    const { logDirs: _, ...missing } = broker as Record<string, unknown>
    expect(errors(ref('Broker'), missing)).not.toEqual([])
    expect(errors(ref('Broker'), { ...broker, logDirs: [{ path: 1 }] })).not.toEqual([])
  })
})
