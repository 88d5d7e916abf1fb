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
  m,
  q,
  row,
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
  const g = (family: Family) => m(family, GROUP)
  const gt = (family: Family) => m(family, GROUP, TOPIC)
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
      labelVariable('consumergroup', 'consumergroup', m(M.groupInfo), { multi: true }),
      labelVariable('topic', 'topic', m(M.groupLagSum, GROUP), { multi: true }),
    ],
    panels: [
      single('Groups', 'Consumer groups selected.', q(`count(${g(M.groupInfo)})`)),
      single(
        'Not ok',
        'Groups whose status is neither ok, unknown (not judged yet) nor no_offset (nothing committed yet).',
        q(
          `count(${m(M.groupStatus, GROUP, statusMatcher('!~', 'ok', 'unknown', 'no_offset'))} == 1) or vector(0)`,
        ),
        { bad: 1 },
      ),
      single(
        'Stopped or stalled',
        'Groups that do not consume while messages wait.',
        q(`count(${m(M.groupStatus, GROUP, statusMatcher('=~', 'stopped', 'stalled'))} == 1) or vector(0)`),
        { bad: 1 },
      ),
      single('Max lag', 'Largest lag of any partition, in messages.', q(`max(${g(M.groupMaxLag)})`)),
      single(
        'Max lag age',
        'Age of the oldest unconsumed message of any group.',
        q(`max(${g(M.groupMaxLagSeconds)})`),
        { unit: 's' },
      ),
      single(
        'Lost messages',
        'Messages deleted by retention before a group read them.',
        q(`sum(${g(M.groupLostMessages)})`),
        { bad: 1 },
      ),
      row('Groups'),
      columnGrid(
        'Consumer groups',
        'One row per group. Click a group to select it.',
        [
          [`sum by (consumergroup) (${g(M.groupLagSum)})`, 'Lag (messages)'],
          [g(M.groupMaxLagSeconds), 'Max lag (s)'],
          [g(M.groupMembers), 'Members'],
          [`${g(M.groupStatus)} == 1`, null],
          [g(M.groupInfo), null],
        ],
        { links: { consumergroup: { title: 'Select this group', url: toGroup } } },
      ),
      graph('Lag per group', 'Messages behind, summed over topics and partitions.', [
        q(`sum by (consumergroup) (${gt(M.groupLagSum)})`, '{{consumergroup}}'),
      ]),
      graph(
        'Lag age per group',
        'Age of the oldest unconsumed message: how late the group is in time.',
        [q(g(M.groupMaxLagSeconds), '{{consumergroup}}')],
        { unit: 's' },
      ),
      graph('Status', `Current status per group, worst first: ${STATUSES_BY_SEVERITY.join(', ')}.`, [
        q(`${g(M.groupStatus)} == 1`, '{{consumergroup}}: {{status}}'),
      ]),
      graph('Members', 'Consumers in each group; 0 with lag means nobody consumes.', [
        q(g(M.groupMembers), '{{consumergroup}}'),
      ]),
      row('Topics of the selected groups'),
      columnGrid(
        'Lag per group and topic',
        'One row per group and topic. Click a topic to see its partitions.',
        [
          [gt(M.groupLagSum), 'Lag (messages)'],
          [gt(M.groupTopicMaxLagSeconds), 'Max lag (s)'],
          [gt(M.groupUncommittedPartitions), 'Uncommitted partitions'],
          [`sum by (consumergroup, topic) (${gt(M.groupLostMessages)})`, 'Lost messages'],
        ],
        { links: { topic: { title: 'Partitions of this topic', url: toTopic } } },
      ),
      graph('Lag per topic', 'Messages behind per group and topic.', [
        q(gt(M.groupLagSum), '{{consumergroup}} {{topic}}'),
      ]),
      graph(
        'Lag change per topic',
        'Derivative of the lag: above 0 the group falls behind, below 0 it catches up.',
        [q(`deriv(${gt(M.groupLagSum)}[$__rate_interval])`, '{{consumergroup}} {{topic}}')],
      ),
      graph('Consumed vs produced', 'Messages per second the group commits, against what producers append.', [
        q(
          `sum by (consumergroup, topic) (rate(${gt(M.groupCurrentOffsetSum)}[$__rate_interval]))`,
          'consumed {{consumergroup}} {{topic}}',
        ),
        q(
          `sum by (topic) (rate(${m(M.partitionCurrentOffset, TOPIC)}[$__rate_interval]))`,
          'produced {{topic}}',
        ),
      ]),
      row('Partitions of the selected topics'),
      graph('Lag per partition', 'Messages behind per partition: one hot partition points at a skewed key.', [
        q(gt(M.groupLag), '{{consumergroup}} {{topic}}/{{partition}}'),
      ]),
      graph(
        'Lag age per partition',
        'Age of the oldest unconsumed message per partition.',
        [q(gt(M.groupLagSeconds), '{{consumergroup}} {{topic}}/{{partition}}')],
        { unit: 's' },
      ),
      columnGrid('Partitions', 'Committed offset, lag and lost messages per partition.', [
        [gt(M.groupCurrentOffset), 'Committed offset'],
        [gt(M.groupLag), 'Lag (messages)'],
        [gt(M.groupLagSeconds), 'Lag (s)'],
        [gt(M.groupLostMessages), 'Lost messages'],
      ]),
    ],
  })
}
