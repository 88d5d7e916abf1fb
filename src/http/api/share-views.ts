import type { ShareGroupView } from '../../analysis/share-lag.js'

/**
 * Share groups (KIP-932) in the JSON API: /api/v1/sharegroups and /api/v1/sharegroups/{groupId}. Same rules as
 * views.ts: fields may be added, never renamed or removed.
 */
export function shareGroupSummaryDoc(v: ShareGroupView) {
  const g = v.group
  return {
    groupId: g.groupId,
    protocol: 'share',
    state: g.state,
    assignor: g.assignor,
    coordinator: g.coordinator,
    groupEpoch: g.groupEpoch,
    members: g.members?.length ?? null,
    // Unknown while any share-partition's lag is, as kafka_sharegroup_topic_lag is absent then.
    lag: v.topics.every((t) => t.lagSum !== null)
      ? v.topics.reduce((n, t) => n + (t.lagSum as number), 0)
      : null,
    maxLag: v.maxLag,
  }
}

export function shareGroupDoc(v: ShareGroupView) {
  return {
    ...shareGroupSummaryDoc(v),
    memberDetails: (v.group.members ?? []).map((m) => ({
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rackId: m.rackId,
      subscribedTopics: m.subscribedTopics,
      assignments: m.assignments,
    })),
    topics: v.topics.map((t) => ({
      topic: t.topic,
      lag: t.lagSum,
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        startOffset: p.startOffset,
        lag: p.lag,
      })),
    })),
  }
}

const int = { type: 'integer' } as const
const str = { type: 'string' } as const
const nullable = <T extends object>(s: T) => ({ ...s, nullable: true })
const obj = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
})

const summary = {
  groupId: str,
  protocol: { type: 'string', enum: ['share'] },
  state: str,
  assignor: str,
  coordinator: int,
  groupEpoch: nullable(int),
  members: nullable(int),
  lag: nullable(int),
  maxLag: nullable(int),
}

/** The OpenAPI paths and schemas of the share-group documents, merged into openapi.ts. */
export const SHARE_GROUP_OPENAPI = {
  paths: {
    '/api/v1/sharegroups': {
      get: {
        summary: 'Share groups (KIP-932, Kafka 4.1+); empty where the brokers have none',
        responses: {
          200: {
            description: 'Share groups',
            content: {
              'application/json': {
                schema: { type: 'array', items: { $ref: '#/components/schemas/ShareGroupSummary' } },
              },
            },
          },
        },
      },
    },
    '/api/v1/sharegroups/{groupId}': {
      get: {
        summary: 'One share group with members, start offset and lag per share-partition',
        parameters: [{ name: 'groupId', in: 'path', required: true, schema: str }],
        responses: {
          200: {
            description: 'Share group',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ShareGroup' } } },
          },
          404: {
            description: 'Unknown share group',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
  },
  schemas: {
    ShareGroupSummary: obj(summary),
    ShareGroup: obj({
      ...summary,
      memberDetails: {
        type: 'array',
        items: obj({
          memberId: str,
          memberEpoch: int,
          clientId: str,
          clientHost: str,
          rackId: nullable(str),
          subscribedTopics: { type: 'array', items: str },
          assignments: { type: 'array', items: obj({ topic: str, partition: int }) },
        }),
      },
      topics: {
        type: 'array',
        items: obj({
          topic: str,
          lag: nullable(int),
          partitions: { type: 'array', items: obj({ partition: int, startOffset: int, lag: nullable(int) }) },
        }),
      },
    }),
  },
}
