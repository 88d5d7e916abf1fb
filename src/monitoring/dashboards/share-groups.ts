import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
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

export const SHARE_GROUPS_UID = 'kafkascope-share-groups'

const GROUP = 'sharegroup=~"$sharegroup"'
const TOPIC = 'topic=~"$topic"'

/**
 * Share groups (KIP-932, Kafka 4.1+): lag (records not yet acknowledged), members and start offsets. A dashboard of
 * their own, as the group variable is another label (sharegroup) and the facts differ from consumer groups'.
 */
export function shareGroupsDashboard(): Dashboard {
  // Once per cluster, however many instances (sidecars) report the group (see dedup).
  const ofGroups = (family: Family) => once(family, GROUP)
  const ofGroupTopics = (family: Family) => once(family, GROUP, TOPIC)
  const toGroup = dashboardUrl(SHARE_GROUPS_UID, { sharegroup: grafanaVar('__value.raw'), topic: '$__all' })
  const lagPerGroup = (...more: string[]) =>
    perCluster(
      'sum',
      scoped(FAMILY.shareGroupLagSum, GROUP, ...more),
      ['sharegroup', 'topic'],
      ['sharegroup'],
    )
  return buildDashboard({
    uid: SHARE_GROUPS_UID,
    title: 'Kafka / Share groups',
    description: 'Share group (KIP-932 queue) lag, members and start offsets, from kafkascope.',
    variables: [
      labelVariable('sharegroup', 'sharegroup', scoped(FAMILY.shareGroupInfo), { multi: true }),
      labelVariable('topic', 'topic', scoped(FAMILY.shareGroupLagSum, GROUP), { multi: true }),
    ],
    panels: [
      single(
        'Groups',
        'Share groups selected.',
        query(`${perCluster('count', scoped(FAMILY.shareGroupInfo, GROUP), ['sharegroup'])} or vector(0)`),
      ),
      single(
        'Without members',
        'Share groups with records waiting and no member to read them.',
        query(
          `${perCluster('count', `${scoped(FAMILY.shareGroupMaxLag, GROUP)} > 0 and ${scoped(FAMILY.shareGroupMembers, GROUP)} == 0`, ['sharegroup'])} or vector(0)`,
        ),
        { bad: 1, runbooks: ['KafkaShareGroupNoMembers'] },
      ),
      single(
        'Max lag',
        'Largest lag of any share-partition, in records.',
        query(perCluster('max', scoped(FAMILY.shareGroupMaxLag, GROUP), ['sharegroup'])),
        { runbooks: ['KafkaShareGroupLagHigh'] },
      ),
      single(
        'Total members',
        'Members of the selected share groups.',
        query(perCluster('sum', scoped(FAMILY.shareGroupMembers, GROUP), ['sharegroup'])),
      ),
      row('Groups'),
      columnGrid(
        'Share groups',
        'One row per share group. Click a group to select it.',
        [
          [lagPerGroup(), 'Lag (records)'],
          [ofGroups(FAMILY.shareGroupMembers), 'Members'],
          [ofGroups(FAMILY.shareGroupEpoch), 'Group epoch'],
          [ofGroups(FAMILY.shareGroupInfo), null],
        ],
        {
          links: { sharegroup: { title: 'Select this group', url: toGroup } },
          runbooks: ['KafkaShareGroupLagHigh', 'KafkaShareGroupNoMembers'],
        },
      ),
      graph(
        'Lag per group',
        'Records not yet acknowledged, summed over topics and partitions.',
        [query(lagPerGroup(TOPIC), '{{sharegroup}}')],
        { runbooks: ['KafkaShareGroupLagHigh'] },
      ),
      graph(
        'Members',
        'Members in each share group; 0 with lag means nobody reads.',
        [query(ofGroups(FAMILY.shareGroupMembers), '{{sharegroup}}')],
        { runbooks: ['KafkaShareGroupNoMembers'] },
      ),
      graph('Membership changes', 'Group epoch increase per interval: members joining and leaving.', [
        query(
          dedup(`increase(${scoped(FAMILY.shareGroupEpoch, GROUP)}[$__rate_interval])`, 'sharegroup'),
          '{{sharegroup}}',
        ),
      ]),
      row('Topics and partitions of the selected groups'),
      graph(
        'Lag per topic',
        'Records not yet acknowledged per share group and topic.',
        [query(ofGroupTopics(FAMILY.shareGroupLagSum), '{{sharegroup}} {{topic}}')],
        { runbooks: ['KafkaShareGroupLagHigh'] },
      ),
      graph(
        'Acknowledged vs produced',
        'Records per second the start offset advances, against what producers append.',
        [
          query(
            perCluster(
              'sum',
              `rate(${scoped(FAMILY.shareGroupStartOffset, GROUP, TOPIC)}[$__rate_interval])`,
              [...FAMILY.shareGroupStartOffset.labels],
              ['sharegroup', 'topic'],
            ),
            'acknowledged {{sharegroup}} {{topic}}',
          ),
          query(
            dedup(`rate(${scoped(FAMILY.topicCurrentOffset, TOPIC)}[$__rate_interval])`, 'topic'),
            'produced {{topic}}',
          ),
        ],
        { unit: UNIT.messagesPerSecond },
      ),
      columnGrid('Share-partitions', 'Start offset and lag per share-partition.', [
        [ofGroupTopics(FAMILY.shareGroupStartOffset), 'Start offset'],
        [ofGroupTopics(FAMILY.shareGroupLag), 'Lag (records)'],
      ]),
    ],
  })
}
