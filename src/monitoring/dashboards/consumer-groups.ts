import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { STATUSES_BY_SEVERITY } from '../../analysis/status.js'
import { FAMILY, type Family } from '../../metrics/catalog.js'
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
      labelVariable('consumergroup', 'consumergroup', scoped(FAMILY.groupInfo), { multi: true }),
      labelVariable('topic', 'topic', scoped(FAMILY.groupLagSum, GROUP), { multi: true }),
    ],
    panels: [
      single('Groups', 'Consumer groups selected.', query(`count(${ofGroups(FAMILY.groupInfo)})`)),
      single(
        'Not ok',
        'Groups whose status is neither ok, unknown (not judged yet) nor no_offset (nothing committed yet).',
        query(
          `count(${scoped(FAMILY.groupStatus, GROUP, statusMatcher('!~', 'ok', 'unknown', 'no_offset'))} == 1) or vector(0)`,
        ),
        { bad: 1 },
      ),
      single(
        'Stopped or stalled',
        'Groups that do not consume while messages wait.',
        query(
          `count(${scoped(FAMILY.groupStatus, GROUP, statusMatcher('=~', 'stopped', 'stalled'))} == 1) or vector(0)`,
        ),
        { bad: 1 },
      ),
      single(
        'Max lag',
        'Largest lag of any partition, in messages.',
        query(`max(${ofGroups(FAMILY.groupMaxLag)})`),
      ),
      single(
        'Max lag age',
        'Age of the oldest unconsumed message of any group.',
        query(`max(${ofGroups(FAMILY.groupMaxLagSeconds)})`),
        { unit: 's' },
      ),
      single(
        'Lost messages',
        'Messages deleted by retention before a group read them.',
        query(`sum(${ofGroups(FAMILY.groupTopicLostMessages)})`),
        { bad: 1 },
      ),
      row('Groups'),
      columnGrid(
        'Consumer groups',
        'One row per group. Click a group to select it.',
        [
          [`sum by (consumergroup) (${ofGroups(FAMILY.groupLagSum)})`, 'Lag (messages)'],
          [ofGroups(FAMILY.groupMaxLagSeconds), 'Max lag (s)'],
          [ofGroups(FAMILY.groupMembers), 'Members'],
          [`${ofGroups(FAMILY.groupStatus)} == 1`, null],
          [ofGroups(FAMILY.groupInfo), null],
        ],
        { links: { consumergroup: { title: 'Select this group', url: toGroup } } },
      ),
      graph('Lag per group', 'Messages behind, summed over topics and partitions.', [
        query(`sum by (consumergroup) (${ofGroupTopics(FAMILY.groupLagSum)})`, '{{consumergroup}}'),
      ]),
      graph(
        'Lag age per group',
        'Age of the oldest unconsumed message: how late the group is in time.',
        [query(ofGroups(FAMILY.groupMaxLagSeconds), '{{consumergroup}}')],
        { unit: 's' },
      ),
      graph('Status', `Current status per group, worst first: ${STATUSES_BY_SEVERITY.join(', ')}.`, [
        query(`${ofGroups(FAMILY.groupStatus)} == 1`, '{{consumergroup}}: {{status}}'),
      ]),
      graph('Members', 'Consumers in each group; 0 with lag means nobody consumes.', [
        query(ofGroups(FAMILY.groupMembers), '{{consumergroup}}'),
      ]),
      row('Topics of the selected groups'),
      columnGrid(
        'Lag per group and topic',
        'One row per group and topic. Click a topic to see its partitions.',
        [
          [ofGroupTopics(FAMILY.groupLagSum), 'Lag (messages)'],
          [ofGroupTopics(FAMILY.groupTopicMaxLagSeconds), 'Max lag (s)'],
          [ofGroupTopics(FAMILY.groupUncommittedPartitions), 'Uncommitted partitions'],
          [ofGroupTopics(FAMILY.groupTopicLostMessages), 'Lost messages'],
        ],
        { links: { topic: { title: 'Partitions of this topic', url: toTopic } } },
      ),
      graph('Lag per topic', 'Messages behind per group and topic.', [
        query(ofGroupTopics(FAMILY.groupLagSum), '{{consumergroup}} {{topic}}'),
      ]),
      graph(
        'Lag change per topic',
        'Derivative of the lag: above 0 the group falls behind, below 0 it catches up.',
        [
          query(
            `deriv(${ofGroupTopics(FAMILY.groupLagSum)}[$__rate_interval])`,
            '{{consumergroup}} {{topic}}',
          ),
        ],
      ),
      graph('Consumed vs produced', 'Messages per second the group commits, against what producers append.', [
        query(
          `sum by (consumergroup, topic) (rate(${ofGroupTopics(FAMILY.groupCurrentOffsetSum)}[$__rate_interval]))`,
          'consumed {{consumergroup}} {{topic}}',
        ),
        query(`rate(${scoped(FAMILY.topicCurrentOffset, TOPIC)}[$__rate_interval])`, 'produced {{topic}}'),
      ]),
      row('Partitions of the selected topics'),
      graph('Lag per partition', 'Messages behind per partition: one hot partition points at a skewed key.', [
        query(ofGroupTopics(FAMILY.groupLag), '{{consumergroup}} {{topic}}/{{partition}}'),
      ]),
      graph(
        'Lag age per partition',
        'Age of the oldest unconsumed message per partition.',
        [query(ofGroupTopics(FAMILY.groupLagSeconds), '{{consumergroup}} {{topic}}/{{partition}}')],
        { unit: 's' },
      ),
      columnGrid('Partitions', 'Committed offset, lag and lost messages per partition.', [
        [ofGroupTopics(FAMILY.groupCurrentOffset), 'Committed offset'],
        [ofGroupTopics(FAMILY.groupLag), 'Lag (messages)'],
        [ofGroupTopics(FAMILY.groupLagSeconds), 'Lag (s)'],
        [ofGroupTopics(FAMILY.groupLostMessages), 'Lost messages'],
      ]),
    ],
  })
}
