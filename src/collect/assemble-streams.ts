import type { GroupDescriptionRecord, StreamsGroupDescriptionRecord } from '../kafka/types.js'
import type { StreamsGroupFacts } from './snapshot.js'

/**
 * A Kafka Streams group's description in the shape every group's is, so state, members and their assignments (the
 * active tasks' input partitions) feed the same analysis; the protocol type stays the listing's.
 */
export function streamsAsGroupDescription(r: StreamsGroupDescriptionRecord): GroupDescriptionRecord {
  return {
    groupId: r.groupId,
    errorCode: r.errorCode,
    state: r.state,
    protocolType: '',
    assignor: r.assignor,
    members: r.members.map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      assignments: m.assignments,
    })),
  }
}

/** What only a Streams group has, as the snapshot keeps it. */
export function streamsFacts(r: StreamsGroupDescriptionRecord): StreamsGroupFacts {
  return {
    groupEpoch: r.groupEpoch,
    assignmentEpoch: r.assignmentEpoch,
    topologyEpoch: r.topologyEpoch,
    subtopologies: r.subtopologies,
    members: r.members.map((m) => ({
      memberId: m.memberId,
      processId: m.processId,
      topologyEpoch: m.topologyEpoch,
      activeTasks: m.tasks.active,
      standbyTasks: m.tasks.standby,
      warmupTasks: m.tasks.warmup,
    })),
  }
}
