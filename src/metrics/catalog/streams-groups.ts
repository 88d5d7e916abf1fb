import { gauge } from './family.js'

/**
 * Kafka Streams groups (KIP-1071, group.protocol=streams, Kafka 4.1+). A Streams app commits offsets as a consumer
 * group does, so its lag, lag in seconds, members and status are the kafka_consumergroup_* series (protocol
 * "streams" in kafka_consumergroup_info); these add what only the streams protocol knows. They carry the same
 * `consumergroup` label (the app's application.id) so they join with those series without relabelling. Absent on
 * brokers without the API (kafkascope_collector_success has no streams_groups series there).
 */
export const STREAMS_GROUP_FAMILIES = {
  streamsGroupEpoch: gauge(
    'streamsgroup',
    'kafka_streamsgroup_epoch',
    ['consumergroup'],
    'Group epoch of the Streams group: it grows with every membership or topology change, so its rate shows churn.',
  ),
  streamsGroupAssignmentEpoch: gauge(
    'streamsgroup',
    'kafka_streamsgroup_assignment_epoch',
    ['consumergroup'],
    "Epoch of the group's current task assignment; below kafka_streamsgroup_epoch while a new assignment is pending.",
  ),
  streamsGroupTopologyEpoch: gauge(
    'streamsgroup',
    'kafka_streamsgroup_topology_epoch',
    ['consumergroup'],
    'Epoch of the topology the group is initialized with (it grows when the app is deployed with a changed topology). Absent until the topology is initialized.',
  ),
  streamsGroupSubtopologies: gauge(
    'streamsgroup',
    'kafka_streamsgroup_subtopologies',
    ['consumergroup'],
    'Subtopologies of the initialized topology. Absent while the topology is not initialized, or its source topics are missing or wrongly partitioned (the group is then NOT_READY).',
  ),
  streamsGroupProcesses: gauge(
    'streamsgroup',
    'kafka_streamsgroup_processes',
    ['consumergroup'],
    'Streams instances (distinct process ids) among the members; each runs one or more members (stream threads).',
  ),
  streamsGroupTasks: gauge(
    'streamsgroup',
    'kafka_streamsgroup_tasks',
    ['consumergroup', 'kind'],
    'Tasks assigned to the members, by kind: active (processing), standby (replicating state), warmup (catching up before taking over). One task per subtopology and input partition.',
  ),
  streamsGroupOutdatedMembers: gauge(
    'streamsgroup',
    'kafka_streamsgroup_outdated_members',
    ['consumergroup'],
    "Members running a topology epoch other than the group's: instances of an older (or newer) version of the app, e.g. a rolling deployment still under way or stuck.",
  ),
} as const
