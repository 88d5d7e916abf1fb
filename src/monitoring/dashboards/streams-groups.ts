import { FAMILY, type Family } from '../../metrics/catalog.js'
import { columnGrid, graph, once, query, row } from './common.js'

/**
 * The consumer-groups dashboard's row for Kafka Streams groups (KIP-1071): their lag and status are in the rows
 * above (a Streams app is a consumer group there), this adds the topology, instances and tasks. Empty where no
 * selected group is a Streams group.
 */
export function streamsGroupPanels(group: string) {
  const ofGroups = (family: Family) => once(family, group)
  return [
    row('Kafka Streams groups'),
    columnGrid(
      'Streams groups',
      'One row per Kafka Streams app (group.protocol=streams) among the selected groups: its topology, instances and tasks.',
      [
        [ofGroups(FAMILY.streamsGroupTopologyEpoch), 'Topology epoch'],
        [ofGroups(FAMILY.streamsGroupSubtopologies), 'Subtopologies'],
        [ofGroups(FAMILY.streamsGroupProcesses), 'Instances'],
        [once(FAMILY.streamsGroupTasks, group, 'kind="active"'), 'Active tasks'],
        [once(FAMILY.streamsGroupTasks, group, 'kind="standby"'), 'Standby tasks'],
        [ofGroups(FAMILY.streamsGroupOutdatedMembers), 'On another topology'],
      ],
      // A NOT_READY app has no subtopologies here (and its state in the groups table above).
      { runbooks: ['KafkaStreamsGroupNotReady', 'KafkaStreamsGroupTopologyMismatch'] },
    ),
    graph(
      'Tasks per Streams group',
      'Active, standby and warm-up tasks assigned; active tasks falling while lag grows points at lost instances.',
      [query(ofGroups(FAMILY.streamsGroupTasks), '{{consumergroup}} {{kind}}')],
    ),
    graph(
      'Members on another topology',
      'Members running another topology epoch than the group: a rolling deployment under way, or stuck.',
      [query(ofGroups(FAMILY.streamsGroupOutdatedMembers), '{{consumergroup}}')],
      { runbooks: ['KafkaStreamsGroupTopologyMismatch'] },
    ),
  ]
}
