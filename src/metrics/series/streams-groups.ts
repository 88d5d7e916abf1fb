import type { StreamsGroupFacts } from '../../collect/snapshot.js'
import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

const TASK_KINDS = ['active', 'standby', 'warmup'] as const

/** What only the streams protocol knows of a Kafka Streams group (its lag is in the consumer-group series). */
export function streamsGroupSeries({ groups, out }: SeriesContext): void {
  const described: { id: string; s: StreamsGroupFacts }[] = []
  for (const { group: g } of groups) if (g.streams) described.push({ id: g.groupId, s: g.streams })
  const epoch = out.family(FAMILY.streamsGroupEpoch)
  for (const { id, s } of described) epoch.sample({ consumergroup: id }, s.groupEpoch)
  const assignment = out.family(FAMILY.streamsGroupAssignmentEpoch)
  for (const { id, s } of described) assignment.sample({ consumergroup: id }, s.assignmentEpoch)
  const topology = out.family(FAMILY.streamsGroupTopologyEpoch)
  for (const { id, s } of described)
    if (s.topologyEpoch !== null) topology.sample({ consumergroup: id }, s.topologyEpoch)
  const subtopologies = out.family(FAMILY.streamsGroupSubtopologies)
  for (const { id, s } of described)
    if (s.subtopologies !== null) subtopologies.sample({ consumergroup: id }, s.subtopologies)
  const processes = out.family(FAMILY.streamsGroupProcesses)
  for (const { id, s } of described)
    processes.sample({ consumergroup: id }, new Set(s.members.map((m) => m.processId)).size)
  const tasks = out.family(FAMILY.streamsGroupTasks)
  for (const { id, s } of described) {
    const sums = { active: 0, standby: 0, warmup: 0 }
    for (const m of s.members) {
      sums.active += m.activeTasks
      sums.standby += m.standbyTasks
      sums.warmup += m.warmupTasks
    }
    for (const kind of TASK_KINDS) tasks.sample({ consumergroup: id, kind }, sums[kind])
  }
  const outdated = out.family(FAMILY.streamsGroupOutdatedMembers)
  for (const { id, s } of described)
    outdated.sample(
      { consumergroup: id },
      s.members.filter((m) => m.topologyEpoch !== (s.topologyEpoch ?? m.topologyEpoch)).length,
    )
}
