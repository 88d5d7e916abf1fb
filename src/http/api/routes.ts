import type { AnalyzedGroup } from '../../analysis/analyzer.js'
import { shareGroupViews } from '../../analysis/share-lag.js'
import type { Snapshot } from '../../collect/snapshot.js'
import { topicSizes } from './log-dirs.js'
import { openApiDocument } from './openapi.js'
import { API_PREFIX } from './prefix.js'
import { shareGroupDoc, shareGroupSummaryDoc } from './share-views.js'
import { brokersDoc, clusterDoc, groupDoc, groupSummaryDoc, topicDoc, topicSummaryDoc } from './views.js'

export interface ApiState {
  readonly snapshot: Snapshot
  readonly groups: readonly AnalyzedGroup[]
}

export interface JsonReply {
  readonly status: number
  readonly body: unknown
}

/** Read-only JSON API over the latest poll. Unknown paths and names answer 404 with a JSON error, never HTML. */
export function apiRoute(pathname: string, state: ApiState, now: number): JsonReply {
  let parts: string[]
  try {
    parts = pathname.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    return {
      status: 400,
      body: { error: { code: 'bad_request', message: `malformed percent-encoding in ${pathname}` } },
    }
  }
  const [resource, name, ...rest] = parts
  if (rest.length > 0) return notFound(`no such API path: ${pathname}`)
  switch (resource) {
    case 'openapi.json':
      return name === undefined ? ok(openApiDocument()) : notFound(`no such API path: ${pathname}`)
    case 'cluster':
      return name === undefined
        ? ok(clusterDoc(state.snapshot, now))
        : notFound(`no such API path: ${pathname}`)
    case 'brokers':
      return name === undefined ? ok(brokersDoc(state.snapshot)) : notFound(`no such API path: ${pathname}`)
    case 'topics': {
      const sizes = topicSizes(state.snapshot)
      if (name === undefined)
        return ok(state.snapshot.topics.map((t) => topicSummaryDoc(t, sizes?.get(t.name))))
      const topic = state.snapshot.topics.find((t) => t.name === name)
      return topic
        ? ok(topicDoc(topic, state.snapshot, sizes?.get(topic.name)))
        : notFound(`no topic named "${name}" (or it is filtered out)`)
    }
    case 'groups': {
      if (name === undefined) return ok(state.groups.map(groupSummaryDoc))
      const group = state.groups.find((g) => g.group.groupId === name)
      return group
        ? ok(groupDoc(group))
        : notFound(`no consumer group named "${name}" (or it is filtered out)`)
    }
    case 'sharegroups': {
      const views = shareGroupViews(state.snapshot.shareGroups, state.snapshot.topics)
      if (name === undefined) return ok(views.map(shareGroupSummaryDoc))
      const group = views.find((v) => v.group.groupId === name)
      return group
        ? ok(shareGroupDoc(group))
        : notFound(`no share group named "${name}" (or it is filtered out)`)
    }
    default:
      return notFound(`no such API path: ${pathname}; see ${API_PREFIX}/openapi.json`)
  }
}

function ok(body: unknown): JsonReply {
  return { status: 200, body }
}

function notFound(message: string): JsonReply {
  return { status: 404, body: { error: { code: 'not_found', message } } }
}
