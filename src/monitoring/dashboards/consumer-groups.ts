import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { STATUSES_BY_SEVERITY } from '../../analysis/status.js'
import { FAMILY, type Family } from '../../metrics/catalog.js'
import { statusMatcher } from '../promql.js'
import {
  buildDashboard,
  columnGrid,
  dashboardUrl,
  dedup,
  grafanaVar,
  graph,
  labelVariable,
  once,
  perCluster,
  query,
  row,
  scoped,
  single,
  UNIT,
} from './common.js'
import { streamsGroupPanels } from './streams-groups.js'

export const CONSUMER_GROUPS_UID = 'kafkascope-consumer-groups'

const GROUP = 'consumergroup=~"$consumergroup"'
const TOPIC = 'topic=~"$topic"'

/**
 * Lag in messages and seconds, status, members and trends. Drill down by clicking: a group in the groups table
 * selects it, a topic in the topics table selects that topic, and the partition panels follow both variables.
 */
export function consumerGroupsDashboard(): Dashboard {
  // Once per cluster, however many instances (sidecars) report the group (see dedup).
  const ofGroups = (family: Family) => once(family, GROUP)
  const ofGroupTopics = (family: Family) => once(family, GROUP, TOPIC)
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
      single(
        'Groups',
        'Consumer groups selected.',
        query(perCluster('count', scoped(FAMILY.groupInfo, GROUP), ['consumergroup'])),
      ),
      single(
        'Not ok',
        'Groups whose status is neither ok, unknown (not judged yet) nor no_offset (nothing committed yet).',
        query(
          `${perCluster('count', `${scoped(FAMILY.groupStatus, GROUP, statusMatcher('!~', 'ok', 'unknown', 'no_offset'))} == 1`, ['consumergroup'])} or vector(0)`,
        ),
        {
          bad: 1,
          runbooks: [
            'KafkaConsumerGroupLagging',
            'KafkaConsumerGroupRewound',
            'KafkaConsumerGroupStopped',
            'KafkaConsumerGroupStalled',
          ],
        },
      ),
      single(
        'Stopped or stalled',
        'Groups that do not consume while messages wait.',
        query(
          `${perCluster('count', `${scoped(FAMILY.groupStatus, GROUP, statusMatcher('=~', 'stopped', 'stalled'))} == 1`, ['consumergroup'])} or vector(0)`,
        ),
        { bad: 1, runbooks: ['KafkaConsumerGroupStopped', 'KafkaConsumerGroupStalled'] },
      ),
      single(
        'Max lag',
        'Largest lag of any partition, in messages.',
        query(perCluster('max', scoped(FAMILY.groupMaxLag, GROUP), ['consumergroup'])),
        { runbooks: ['KafkaConsumerGroupLagHigh'] },
      ),
      single(
        'Max lag age',
        'Age of the oldest unconsumed message of any group.',
        query(perCluster('max', scoped(FAMILY.groupMaxLagSeconds, GROUP), ['consumergroup'])),
        { unit: UNIT.seconds, runbooks: ['KafkaConsumerGroupLagTooOld'] },
      ),
      single(
        'Lost messages',
        'Messages deleted by retention before a group read them.',
        query(
          perCluster('sum', scoped(FAMILY.groupTopicLostMessages, GROUP), [
            ...FAMILY.groupTopicLostMessages.labels,
          ]),
        ),
        { bad: 1, runbooks: ['KafkaConsumerGroupLostMessages'] },
      ),
      row('Groups'),
      columnGrid(
        'Consumer groups',
        'One row per group. Click a group to select it.',
        [
          [
            perCluster(
              'sum',
              scoped(FAMILY.groupLagSum, GROUP),
              ['consumergroup', 'topic'],
              ['consumergroup'],
            ),
            'Lag (messages)',
          ],
          [ofGroups(FAMILY.groupMaxLagSeconds), 'Max lag (s)'],
          [ofGroups(FAMILY.groupMembers), 'Members'],
          [`${ofGroups(FAMILY.groupStatus)} == 1`, null],
          [ofGroups(FAMILY.groupInfo), null],
        ],
        { links: { consumergroup: { title: 'Select this group', url: toGroup } } },
      ),
      graph(
        'Lag per group',
        'Messages behind, summed over topics and partitions.',
        [
          query(
            perCluster(
              'sum',
              scoped(FAMILY.groupLagSum, GROUP, TOPIC),
              ['consumergroup', 'topic'],
              ['consumergroup'],
            ),
            '{{consumergroup}}',
          ),
        ],
        { runbooks: ['KafkaConsumerGroupLagHigh'] },
      ),
      graph(
        'Lag age per group',
        'Age of the oldest unconsumed message: how late the group is in time.',
        [query(ofGroups(FAMILY.groupMaxLagSeconds), '{{consumergroup}}')],
        { unit: UNIT.seconds, runbooks: ['KafkaConsumerGroupLagTooOld'] },
      ),
      graph(
        'Status',
        `Current status per group, worst first: ${STATUSES_BY_SEVERITY.join(', ')}.`,
        [query(`${ofGroups(FAMILY.groupStatus)} == 1`, '{{consumergroup}}: {{status}}')],
        {
          runbooks: [
            'KafkaConsumerGroupStopped',
            'KafkaConsumerGroupStalled',
            'KafkaConsumerGroupRewound',
            'KafkaConsumerGroupLagging',
          ],
        },
      ),
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
          [
            perCluster(
              'sum',
              scoped(FAMILY.groupTopicLostMessages, GROUP, TOPIC),
              [...FAMILY.groupTopicLostMessages.labels],
              ['consumergroup', 'topic'],
            ),
            'Lost messages',
          ],
        ],
        {
          links: { topic: { title: 'Partitions of this topic', url: toTopic } },
          runbooks: [
            'KafkaConsumerGroupLagHigh',
            'KafkaConsumerGroupLagTooOld',
            'KafkaConsumerGroupLostMessages',
          ],
        },
      ),
      graph('Lag per topic', 'Messages behind per group and topic.', [
        query(ofGroupTopics(FAMILY.groupLagSum), '{{consumergroup}} {{topic}}'),
      ]),
      graph(
        'Lag change per topic',
        'Derivative of the lag: above 0 the group falls behind, below 0 it catches up.',
        [
          query(
            dedup(
              `deriv(${scoped(FAMILY.groupLagSum, GROUP, TOPIC)}[$__rate_interval])`,
              'consumergroup',
              'topic',
            ),
            '{{consumergroup}} {{topic}}',
          ),
        ],
        { unit: UNIT.messagesPerSecond, runbooks: ['KafkaConsumerGroupLagging'] },
      ),
      graph(
        'Consumed vs produced',
        'Messages per second the group commits, against what producers append.',
        [
          query(
            dedup(
              `rate(${scoped(FAMILY.groupCurrentOffsetSum, GROUP, TOPIC)}[$__rate_interval])`,
              'consumergroup',
              'topic',
            ),
            'consumed {{consumergroup}} {{topic}}',
          ),
          query(
            dedup(`rate(${scoped(FAMILY.topicCurrentOffset, TOPIC)}[$__rate_interval])`, 'topic'),
            'produced {{topic}}',
          ),
        ],
        { unit: UNIT.messagesPerSecond, runbooks: ['KafkaConsumerGroupLagging'] },
      ),
      row('Partitions of the selected topics'),
      graph('Lag per partition', 'Messages behind per partition: one hot partition points at a skewed key.', [
        query(ofGroupTopics(FAMILY.groupLag), '{{consumergroup}} {{topic}}/{{partition}}'),
      ]),
      graph(
        'Lag age per partition',
        'Age of the oldest unconsumed message per partition.',
        [query(ofGroupTopics(FAMILY.groupLagSeconds), '{{consumergroup}} {{topic}}/{{partition}}')],
        { unit: UNIT.seconds },
      ),
      columnGrid('Partitions', 'Committed offset, lag and lost messages per partition.', [
        [ofGroupTopics(FAMILY.groupCurrentOffset), 'Committed offset'],
        [ofGroupTopics(FAMILY.groupLag), 'Lag (messages)'],
        [ofGroupTopics(FAMILY.groupLagSeconds), 'Lag (s)'],
        [ofGroupTopics(FAMILY.groupLostMessages), 'Lost messages'],
      ]),
      ...streamsGroupPanels(GROUP),
    ],
  })
}
