import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { STATUSES_BY_SEVERITY } from '../../analysis/status.js'
import { type Family, M } from '../../metrics/catalog.js'
import { statusMatcher } from '../promql.js'
import {
  buildDashboard,
  columnGrid,
  dashboardUrl,
  grafanaVar,
  graph,
  labelVariable,
  query,
  row,
  scoped,
  single,
} from './common.js'

export const CONSUMER_GROUPS_UID = 'kafkascope-consumer-groups'

const GROUP = 'consumergroup=~"$consumergroup"'
const TOPIC = 'topic=~"$topic"'

/**
 * Lag in messages and seconds, status, members and trends. Drill down by clicking: a group in the groups table
 * selects it, a topic in the topics table selects that topic, and the partition panels follow both variables.
 */
export function consumerGroupsDashboard(): Dashboard {
  const ofGroups = (family: Family) => scoped(family, GROUP)
  const ofGroupTopics = (family: Family) => scoped(family, GROUP, TOPIC)
  const toGroup = dashboardUrl(CONSUMER_GROUPS_UID, {
    consumergroup: grafanaVar('__value.raw'),
    topic: '$__all',
  })
  const toTopic = dashboardUrl(CONSUMER_GROUPS_UID, {
    consumergroup: grafanaVar('__data.fields.consumergroup'),
    topic: grafanaVar('__value.raw'),
  })
  return buildDashboard({
    uid: CONSUMER_GROUPS_UID,
    title: 'Kafka / Consumer groups',
    description: 'Consumer group lag in messages and seconds, status and members, from kafkascope.',
    variables: [
      labelVariable('consumergroup', 'consumergroup', scoped(M.groupInfo), { multi: true }),
      labelVariable('topic', 'topic', scoped(M.groupLagSum, GROUP), { multi: true }),
    ],
    panels: [
      single('Groups', 'Consumer groups selected.', query(`count(${ofGroups(M.groupInfo)})`)),
      single(
        'Not ok',
        'Groups whose status is neither ok, unknown (not judged yet) nor no_offset (nothing committed yet).',
        query(
          `count(${scoped(M.groupStatus, GROUP, statusMatcher('!~', 'ok', 'unknown', 'no_offset'))} == 1) or vector(0)`,
        ),
        { bad: 1 },
      ),
      single(
        'Stopped or stalled',
        'Groups that do not consume while messages wait.',
        query(
          `count(${scoped(M.groupStatus, GROUP, statusMatcher('=~', 'stopped', 'stalled'))} == 1) or vector(0)`,
        ),
        { bad: 1 },
      ),
      single(
        'Max lag',
        'Largest lag of any partition, in messages.',
        query(`max(${ofGroups(M.groupMaxLag)})`),
      ),
      single(
        'Max lag age',
        'Age of the oldest unconsumed message of any group.',
        query(`max(${ofGroups(M.groupMaxLagSeconds)})`),
        { unit: 's' },
      ),
      single(
        'Lost messages',
        'Messages deleted by retention before a group read them.',
        query(`sum(${ofGroups(M.groupLostMessages)})`),
        { bad: 1 },
      ),
      row('Groups'),
      columnGrid(
        'Consumer groups',
        'One row per group. Click a group to select it.',
        [
          [`sum by (consumergroup) (${ofGroups(M.groupLagSum)})`, 'Lag (messages)'],
          [ofGroups(M.groupMaxLagSeconds), 'Max lag (s)'],
          [ofGroups(M.groupMembers), 'Members'],
          [`${ofGroups(M.groupStatus)} == 1`, null],
          [ofGroups(M.groupInfo), null],
        ],
        { links: { consumergroup: { title: 'Select this group', url: toGroup } } },
      ),
      graph('Lag per group', 'Messages behind, summed over topics and partitions.', [
        query(`sum by (consumergroup) (${ofGroupTopics(M.groupLagSum)})`, '{{consumergroup}}'),
      ]),
      graph(
        'Lag age per group',
        'Age of the oldest unconsumed message: how late the group is in time.',
        [query(ofGroups(M.groupMaxLagSeconds), '{{consumergroup}}')],
        { unit: 's' },
      ),
      graph('Status', `Current status per group, worst first: ${STATUSES_BY_SEVERITY.join(', ')}.`, [
        query(`${ofGroups(M.groupStatus)} == 1`, '{{consumergroup}}: {{status}}'),
      ]),
      graph('Members', 'Consumers in each group; 0 with lag means nobody consumes.', [
        query(ofGroups(M.groupMembers), '{{consumergroup}}'),
      ]),
      row('Topics of the selected groups'),
      columnGrid(
        'Lag per group and topic',
        'One row per group and topic. Click a topic to see its partitions.',
        [
          [ofGroupTopics(M.groupLagSum), 'Lag (messages)'],
          [ofGroupTopics(M.groupTopicMaxLagSeconds), 'Max lag (s)'],
          [ofGroupTopics(M.groupUncommittedPartitions), 'Uncommitted partitions'],
          [`sum by (consumergroup, topic) (${ofGroupTopics(M.groupLostMessages)})`, 'Lost messages'],
        ],
        { links: { topic: { title: 'Partitions of this topic', url: toTopic } } },
      ),
      graph('Lag per topic', 'Messages behind per group and topic.', [
        query(ofGroupTopics(M.groupLagSum), '{{consumergroup}} {{topic}}'),
      ]),
      graph(
        'Lag change per topic',
        'Derivative of the lag: above 0 the group falls behind, below 0 it catches up.',
        [query(`deriv(${ofGroupTopics(M.groupLagSum)}[$__rate_interval])`, '{{consumergroup}} {{topic}}')],
      ),
      graph('Consumed vs produced', 'Messages per second the group commits, against what producers append.', [
        query(
          `sum by (consumergroup, topic) (rate(${ofGroupTopics(M.groupCurrentOffsetSum)}[$__rate_interval]))`,
          'consumed {{consumergroup}} {{topic}}',
        ),
        query(
          `sum by (topic) (rate(${scoped(M.partitionCurrentOffset, TOPIC)}[$__rate_interval]))`,
          'produced {{topic}}',
        ),
      ]),
      row('Partitions of the selected topics'),
      graph('Lag per partition', 'Messages behind per partition: one hot partition points at a skewed key.', [
        query(ofGroupTopics(M.groupLag), '{{consumergroup}} {{topic}}/{{partition}}'),
      ]),
      graph(
        'Lag age per partition',
        'Age of the oldest unconsumed message per partition.',
        [query(ofGroupTopics(M.groupLagSeconds), '{{consumergroup}} {{topic}}/{{partition}}')],
        { unit: 's' },
      ),
      columnGrid('Partitions', 'Committed offset, lag and lost messages per partition.', [
        [ofGroupTopics(M.groupCurrentOffset), 'Committed offset'],
        [ofGroupTopics(M.groupLag), 'Lag (messages)'],
        [ofGroupTopics(M.groupLagSeconds), 'Lag (s)'],
        [ofGroupTopics(M.groupLostMessages), 'Lost messages'],
      ]),
    ],
  })
}
