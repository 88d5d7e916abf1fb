import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY, type Family } from '../../metrics/catalog.js'
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

export const SHARE_GROUPS_UID = 'kafkascope-share-groups'

const GROUP = 'sharegroup=~"$sharegroup"'
const TOPIC = 'topic=~"$topic"'

/**
 * Share groups (KIP-932, Kafka 4.1+): lag (records not yet acknowledged), members and start offsets. A dashboard of
 * their own, as the group variable is another label (sharegroup) and the facts differ from consumer groups'.
 */
export function shareGroupsDashboard(): Dashboard {
  const ofGroups = (family: Family) => scoped(family, GROUP)
  const ofGroupTopics = (family: Family) => scoped(family, GROUP, TOPIC)
  const toGroup = dashboardUrl(SHARE_GROUPS_UID, { sharegroup: grafanaVar('__value.raw'), topic: '$__all' })
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
        query(`count(${ofGroups(FAMILY.shareGroupInfo)}) or vector(0)`),
      ),
      single(
        'Without members',
        'Share groups with records waiting and no member to read them.',
        query(
          `count(${ofGroups(FAMILY.shareGroupMaxLag)} > 0 and on (sharegroup) ${ofGroups(FAMILY.shareGroupMembers)} == 0) or vector(0)`,
        ),
        { bad: 1 },
      ),
      single(
        'Max lag',
        'Largest lag of any share-partition, in records.',
        query(`max(${ofGroups(FAMILY.shareGroupMaxLag)})`),
      ),
      single(
        'Total members',
        'Members of the selected share groups.',
        query(`sum(${ofGroups(FAMILY.shareGroupMembers)})`),
      ),
      row('Groups'),
      columnGrid(
        'Share groups',
        'One row per share group. Click a group to select it.',
        [
          [`sum by (sharegroup) (${ofGroups(FAMILY.shareGroupLagSum)})`, 'Lag (records)'],
          [ofGroups(FAMILY.shareGroupMembers), 'Members'],
          [ofGroups(FAMILY.shareGroupEpoch), 'Group epoch'],
          [ofGroups(FAMILY.shareGroupInfo), null],
        ],
        { links: { sharegroup: { title: 'Select this group', url: toGroup } } },
      ),
      graph('Lag per group', 'Records not yet acknowledged, summed over topics and partitions.', [
        query(`sum by (sharegroup) (${ofGroupTopics(FAMILY.shareGroupLagSum)})`, '{{sharegroup}}'),
      ]),
      graph('Members', 'Members in each share group; 0 with lag means nobody reads.', [
        query(ofGroups(FAMILY.shareGroupMembers), '{{sharegroup}}'),
      ]),
      graph('Membership changes', 'Group epoch increase per interval: members joining and leaving.', [
        query(`increase(${ofGroups(FAMILY.shareGroupEpoch)}[$__rate_interval])`, '{{sharegroup}}'),
      ]),
      row('Topics and partitions of the selected groups'),
      graph('Lag per topic', 'Records not yet acknowledged per share group and topic.', [
        query(ofGroupTopics(FAMILY.shareGroupLagSum), '{{sharegroup}} {{topic}}'),
      ]),
      graph(
        'Acknowledged vs produced',
        'Records per second the start offset advances, against what producers append.',
        [
          query(
            `sum by (sharegroup, topic) (rate(${ofGroupTopics(FAMILY.shareGroupStartOffset)}[$__rate_interval]))`,
            'acknowledged {{sharegroup}} {{topic}}',
          ),
          query(
            `sum by (topic) (rate(${scoped(FAMILY.partitionCurrentOffset, TOPIC)}[$__rate_interval]))`,
            'produced {{topic}}',
          ),
        ],
      ),
      columnGrid('Share-partitions', 'Start offset and lag per share-partition.', [
        [ofGroupTopics(FAMILY.shareGroupStartOffset), 'Start offset'],
        [ofGroupTopics(FAMILY.shareGroupLag), 'Lag (records)'],
      ]),
    ],
  })
}
