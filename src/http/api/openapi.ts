import { STATUSES } from '../../analysis/status.js'
import { VERSION } from '../../version.js'
import { SHARE_GROUP_OPENAPI } from './share-views.js'

const int = { type: 'integer' } as const
const num = { type: 'number' } as const
const str = { type: 'string' } as const
const bool = { type: 'boolean' } as const
const nullable = <T extends object>(s: T) => ({ ...s, nullable: true })
const obj = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
})
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const STATUS = nullable({ type: 'string', enum: [...STATUSES] })

/** The OpenAPI 3.0 description of the JSON API, served at /api/v1/openapi.json and checked against real answers in tests. */
export function openApiDocument() {
  const notFound = json(ref('Error'), 'Unknown path, topic or group')
  return {
    openapi: '3.0.3',
    info: {
      title: 'kafkascope API',
      version: VERSION,
      description:
        'Read-only view of the latest poll of the Kafka cluster: brokers, topics, consumer groups with lag, lag in seconds and status. Field names are stable within v1.',
    },
    paths: {
      '/api/v1/cluster': {
        get: { summary: 'Cluster and exporter health', responses: { 200: json(ref('Cluster'), 'Cluster') } },
      },
      '/api/v1/brokers': {
        get: {
          summary: 'Brokers',
          responses: { 200: json({ type: 'array', items: ref('Broker') }, 'Brokers') },
        },
      },
      '/api/v1/topics': {
        get: {
          summary: 'Topics',
          responses: { 200: json({ type: 'array', items: ref('TopicSummary') }, 'Topics') },
        },
      },
      '/api/v1/topics/{name}': {
        get: {
          summary: 'One topic with its partitions',
          parameters: [{ name: 'name', in: 'path', required: true, schema: str }],
          responses: { 200: json(ref('Topic'), 'Topic'), 404: notFound },
        },
      },
      '/api/v1/groups': {
        get: {
          summary: 'Consumer groups',
          responses: { 200: json({ type: 'array', items: ref('GroupSummary') }, 'Groups') },
        },
      },
      '/api/v1/groups/{groupId}': {
        get: {
          summary: 'One consumer group with members and per-partition lag and status',
          parameters: [{ name: 'groupId', in: 'path', required: true, schema: str }],
          responses: { 200: json(ref('Group'), 'Group'), 404: notFound },
        },
      },
      ...SHARE_GROUP_OPENAPI.paths,
    },
    components: {
      schemas: {
        Error: obj({ error: obj({ code: str, message: str }) }),
        Broker: obj({
          id: int,
          host: str,
          port: int,
          rack: nullable(str),
          controller: bool,
          logDirs: nullable({ type: 'array', items: ref('LogDir') }),
        }),
        LogDir: obj({
          path: str,
          online: bool,
          error: nullable(str),
          totalBytes: nullable(int),
          usableBytes: nullable(int),
          sizeBytes: nullable(int),
          futureReplicas: nullable(int),
          futureOffsetLag: nullable(int),
          readAt: { type: 'string', format: 'date-time' },
        }),
        Cluster: obj({
          clusterId: nullable(str),
          controllerId: nullable(int),
          up: bool,
          lastSuccessAt: nullable({ type: 'string', format: 'date-time' }),
          dataAgeSeconds: nullable(num),
          brokers: { type: 'array', items: ref('Broker') },
          collectors: {
            type: 'array',
            items: obj({
              name: str,
              success: bool,
              durationSeconds: num,
              errors: { type: 'array', items: str },
            }),
          },
          requests: { type: 'object', additionalProperties: int },
          quorum: nullable(
            obj({
              leaderId: nullable(int),
              leaderEpoch: int,
              highWatermark: int,
              voters: { type: 'array', items: ref('QuorumReplica') },
              observers: { type: 'array', items: ref('QuorumReplica') },
            }),
          ),
        }),
        QuorumReplica: obj({
          replicaId: int,
          leader: bool,
          logEndOffset: nullable(int),
          lag: nullable(int),
          lastFetchAgeSeconds: nullable(num),
          lastCaughtUpAgeSeconds: nullable(num),
        }),
        TopicSummary: obj(topicSummary),
        Topic: obj({
          ...topicSummary,
          partitionDetails: {
            type: 'array',
            items: obj({
              partition: int,
              leader: int,
              replicas: { type: 'array', items: int },
              isr: { type: 'array', items: int },
              offlineReplicas: { type: 'array', items: int },
              logStartOffset: nullable(int),
              highWatermark: nullable(int),
              underReplicated: bool,
              underMinIsr: nullable(bool),
              offline: bool,
              leaderIsPreferred: bool,
              replicaLogs: nullable({
                type: 'array',
                items: obj({ broker: int, logDir: str, sizeBytes: int, offsetLag: int, future: bool }),
              }),
            }),
          },
        }),
        GroupSummary: obj(groupSummary),
        Group: obj({
          ...groupSummary,
          memberDetails: {
            type: 'array',
            items: obj({
              memberId: str,
              instanceId: nullable(str),
              clientId: str,
              clientHost: str,
              assignments: { type: 'array', items: obj({ topic: str, partition: int }) },
            }),
          },
          streams: nullable(
            obj({
              groupEpoch: int,
              assignmentEpoch: int,
              topologyEpoch: nullable(int),
              subtopologies: nullable(int),
              members: {
                type: 'array',
                items: obj({
                  memberId: str,
                  processId: str,
                  topologyEpoch: int,
                  activeTasks: int,
                  standbyTasks: int,
                  warmupTasks: int,
                }),
              },
            }),
          ),
          topics: {
            type: 'array',
            items: obj({
              topic: str,
              lag: int,
              maxLagSeconds: nullable(num),
              uncommittedPartitions: int,
              partitions: {
                type: 'array',
                items: obj({
                  partition: int,
                  committedOffset: int,
                  highWatermark: nullable(int),
                  lag: nullable(int),
                  lagSeconds: nullable(num),
                  lagSecondsSource: { type: 'string', enum: ['caught_up', 'record', 'history', 'unknown'] },
                  lostMessages: nullable(int),
                  status: { type: 'string', enum: [...STATUSES] },
                  reason: str,
                }),
              },
            }),
          },
        }),
        ...SHARE_GROUP_OPENAPI.schemas,
      },
    },
  }
}

const topicSummary = {
  name: str,
  internal: bool,
  partitions: int,
  replicationFactor: nullable(int),
  minInsyncReplicas: nullable(int),
  retentionSeconds: nullable(num),
  underReplicatedPartitions: int,
  underMinIsrPartitions: nullable(int),
  offlinePartitions: int,
  messages: nullable(int),
  sizeBytes: nullable(int),
  leaderSizeBytes: nullable(int),
}

const groupSummary = {
  groupId: str,
  state: str,
  protocol: str,
  protocolType: str,
  assignor: str,
  coordinator: int,
  members: nullable(int),
  lag: int,
  maxLag: nullable(int),
  maxLagSeconds: nullable(num),
  status: STATUS,
  reason: nullable(str),
  inactiveSince: nullable({ type: 'string', format: 'date-time' }),
}
