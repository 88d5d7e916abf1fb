import { type Reader, Writer } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'
import type {
  StreamsGroupDescriptionRecord,
  StreamsMemberRecord,
  StreamsTaskCounts,
  TopicPartition,
} from './types.js'

/**
 * StreamsGroupDescribe (API key 89, KIP-1071) with our own codec: @platformatic/kafka 1.35 has none. Kafka 4.4 answers
 * v0–v1; v1 adds the topology description (not asked for) and the assignor's name. Schema (flexible: compact strings
 * and arrays, tagged fields after every struct), as Kafka 4.4.0's StreamsGroupDescribeResponse.json:
 *   throttle_time_ms INT32, groups [error_code INT16, error_message NULLABLE_STRING, group_id, group_state,
 *   group_epoch INT32, assignment_epoch INT32, topology NULLABLE { epoch INT32, subtopologies NULLABLE [subtopology_id,
 *   source_topics [STRING], repartition_sink_topics [STRING], state_changelog_topics [TopicInfo],
 *   repartition_source_topics [TopicInfo]] }, members [member_id, member_epoch INT32, instance_id NULLABLE_STRING,
 *   rack_id NULLABLE_STRING, client_id, client_host, topology_epoch INT32, process_id, user_endpoint NULLABLE
 *   { host, port UINT16 }, client_tags [KeyValue], task_offsets [TaskOffset], task_end_offsets [TaskOffset],
 *   assignment Assignment, target_assignment Assignment, is_classic BOOL], authorized_operations INT32,
 *   v1+: topology_description NULLABLE TopologyDescription, topology_description_status INT8, assignor_name
 *   NULLABLE_STRING]
 *   TopicInfo: name, partitions INT32, replication_factor INT16, topic_configs [KeyValue]; KeyValue: key, value;
 *   TaskOffset: subtopology_id, partition INT32, offset INT64; Assignment: active_tasks, standby_tasks,
 *   warmup_tasks, each [TaskIds: subtopology_id, partitions [INT32]].
 */
export function parseStreamsGroupDescribe(reader: Reader, version: number): StreamsGroupDescriptionRecord[] {
  reader.readInt32() // throttle time
  const groups = reader.readArray((r): StreamsGroupDescriptionRecord => {
    const errorCode = r.readInt16()
    r.readNullableString() // error message
    const groupId = r.readString()
    const state = r.readString().toUpperCase()
    const groupEpoch = r.readInt32()
    const assignmentEpoch = r.readInt32()
    const topology = readTopology(r)
    const sources = new Map(topology?.subtopologies?.map((s) => [s.id, s.sourceTopics]) ?? [])
    const members = r.readArray((m) => readMember(m, sources))
    r.readInt32() // authorized operations
    let assignor = ''
    if (version >= 1) {
      // Not requested (IncludeTopologyDescription false), so null; skipped whole should a broker send one anyway.
      if (r.readInt8() !== -1) skipTopologyDescription(r)
      r.readInt8() // topology description status
      assignor = r.readNullableString() ?? ''
    }
    return {
      groupId,
      errorCode,
      state,
      groupEpoch,
      assignmentEpoch,
      topologyEpoch: topology?.epoch ?? null,
      subtopologies: topology?.subtopologies?.length ?? null,
      assignor,
      members,
    }
  })
  reader.readTaggedFields()
  return groups
}

interface Subtopology {
  readonly id: string
  /** Source and repartition-source topics: a task of this subtopology reads its partition number of each. */
  readonly sourceTopics: readonly string[]
}

function readTopology(r: Reader): { epoch: number; subtopologies: Subtopology[] | null } | null {
  if (r.readInt8() === -1) return null
  const epoch = r.readInt32()
  const subtopologies = r.readNullableArray((s): Subtopology => {
    const id = s.readString()
    const sourceTopics = s.readArray((t) => t.readString(), true, false)
    s.readArray((t) => t.readString(), true, false) // repartition sink topics
    s.readArray(readTopicInfo) // state changelog topics
    const repartitionSources = s.readArray(readTopicInfo)
    return { id, sourceTopics: [...sourceTopics, ...repartitionSources] }
  })
  r.readTaggedFields()
  return { epoch, subtopologies }
}

function readTopicInfo(t: Reader): string {
  const name = t.readString()
  t.readInt32() // partitions
  t.readInt16() // replication factor
  t.readArray(readKeyValue)
  return name
}

function readKeyValue(kv: Reader): void {
  kv.readString()
  kv.readString()
}

function readMember(m: Reader, sources: ReadonlyMap<string, readonly string[]>): StreamsMemberRecord {
  const memberId = m.readString()
  const memberEpoch = m.readInt32()
  const instanceId = m.readNullableString()
  m.readNullableString() // rack id
  const clientId = m.readString()
  const clientHost = m.readString()
  const topologyEpoch = m.readInt32()
  const processId = m.readString()
  if (m.readInt8() !== -1) {
    m.readString() // user endpoint host
    m.readUnsignedInt16() // port
    m.readTaggedFields()
  }
  m.readArray(readKeyValue) // client tags
  m.readArray(readTaskOffset) // task offsets
  m.readArray(readTaskOffset) // task end offsets
  const assignment = readAssignment(m)
  readAssignment(m) // target assignment
  const isClassic = m.readBoolean()
  return {
    memberId,
    instanceId,
    clientId,
    clientHost,
    memberEpoch,
    processId,
    topologyEpoch,
    isClassic,
    tasks: assignment.counts,
    // What the active tasks read: a task (subtopology, n) reads partition n of each of the subtopology's source topics.
    assignments: assignment.active.flatMap((task) =>
      (sources.get(task.subtopology) ?? []).flatMap((topic) =>
        task.partitions.map((partition): TopicPartition => ({ topic, partition })),
      ),
    ),
  }
}

function readTaskOffset(t: Reader): void {
  t.readString()
  t.readInt32()
  t.readInt64()
}

interface TaskIds {
  readonly subtopology: string
  readonly partitions: readonly number[]
}

function readTaskIds(t: Reader): TaskIds {
  return { subtopology: t.readString(), partitions: t.readArray((p) => p.readInt32(), true, false) }
}

/** The Assignment struct: not an array entry, so its own tagged fields are read here. */
function readAssignment(r: Reader): { active: TaskIds[]; counts: StreamsTaskCounts } {
  const active = r.readArray(readTaskIds)
  const standby = r.readArray(readTaskIds)
  const warmup = r.readArray(readTaskIds)
  r.readTaggedFields()
  const count = (tasks: readonly TaskIds[]) => tasks.reduce((n, t) => n + t.partitions.length, 0)
  return { active, counts: { active: count(active), standby: count(standby), warmup: count(warmup) } }
}

/** TopologyDescription (v1+): subtopologies [id, nodes [Node]], global stores [source Node, processor Node]. */
function skipTopologyDescription(r: Reader): void {
  r.readArray((s) => {
    s.readString()
    s.readArray(skipNode)
  })
  r.readArray((g) => {
    skipNode(g)
    g.readTaggedFields()
    skipNode(g)
    g.readTaggedFields()
  })
  r.readTaggedFields()
}

function skipNode(n: Reader): void {
  n.readString() // name
  n.readInt8() // node type
  n.readArray((t) => t.readString(), true, false) // source topics
  n.readNullableString() // sink topic
  n.readArray((t) => t.readString(), true, false) // stores
  n.readArray((t) => t.readString(), true, false) // successors
}

export interface StreamsGroupDescribeOptions {
  /** Streams groups this coordinator owns. */
  readonly groupIds: readonly string[]
}

/** Kafka Streams groups' state, epochs, topology and members with their tasks, from their coordinator. */
export function streamsGroupDescribeRequest(
  options: StreamsGroupDescribeOptions,
): ApiCall<StreamsGroupDescriptionRecord[]> {
  return {
    api: 'StreamsGroupDescribe',
    key: 89,
    minVersion: 0,
    maxVersion: 1,
    headers: () => ({ requestTags: true, responseTags: true }),
    // Without the authorized operations and the topology description, which a monitor does not use.
    encode: (version) => {
      const w = Writer.create()
        .appendArray([...options.groupIds], (w, id) => w.appendString(id), true, false)
        .appendBoolean(false)
      if (version >= 1) w.appendBoolean(false)
      return w.appendTaggedFields()
    },
    decode: (reader, version) => parseStreamsGroupDescribe(reader, version),
  }
}
