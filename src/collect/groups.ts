import { kafkaErrorName } from '../kafka/error-names.js'
import type {
  BrokerRecord,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
} from '../kafka/types.js'
import type { NameFilter } from './filters.js'
import type { PollTracker } from './tracker.js'

export interface CoordinatedGroups {
  readonly broker: BrokerRecord
  readonly groups: readonly GroupListing[]
}

/**
 * ListGroups on every broker. A broker lists only the groups it coordinates, so the answer also tells each
 * group's coordinator: no FindCoordinator requests are needed.
 */
export async function listGroupsPerCoordinator(
  tracker: PollTracker,
  brokers: readonly BrokerRecord[],
  keep: NameFilter,
): Promise<CoordinatedGroups[]> {
  tracker.touch('groups')
  const answers = await Promise.all(
    brokers.map(async (broker) => {
      const groups = await tracker.request('groups', 'ListGroups', `list groups on broker ${broker.id}`, () =>
        tracker.source.listGroups(broker),
      )
      return { broker, groups: (groups ?? []).filter((g) => keep(g.groupId)) }
    }),
  )
  return answers.filter((a) => a.groups.length > 0)
}

export interface GroupDetails {
  readonly descriptions: Map<string, GroupDescriptionRecord>
  readonly offsets: Map<string, GroupOffsetsRecord>
}

/** Per coordinator: one OffsetFetch for all its groups, and one describe per group protocol present. */
export async function describeAndFetchOffsets(
  tracker: PollTracker,
  coordinated: readonly CoordinatedGroups[],
): Promise<GroupDetails> {
  const descriptions = new Map<string, GroupDescriptionRecord>()
  const offsets = new Map<string, GroupOffsetsRecord>()
  tracker.touch('group_members')
  tracker.touch('group_offsets')
  await Promise.all(
    coordinated.flatMap(({ broker, groups }) => {
      const ids = groups.map((g) => g.groupId)
      const classic = groups.filter((g) => g.type !== 'consumer').map((g) => g.groupId)
      const consumer = groups.filter((g) => g.type === 'consumer').map((g) => g.groupId)
      const work: Promise<void>[] = [
        tracker
          .request('group_offsets', 'OffsetFetch', `fetch committed offsets on broker ${broker.id}`, () =>
            tracker.source.fetchCommittedOffsets(broker, ids),
          )
          .then((records) => {
            for (const r of records ?? []) {
              if (r.errorCode !== 0) {
                tracker.fail(
                  'group_offsets',
                  `fetch committed offsets of group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`,
                )
              } else offsets.set(r.groupId, r)
            }
          }),
      ]
      if (classic.length > 0) {
        work.push(
          tracker
            .request('group_members', 'DescribeGroups', `describe groups on broker ${broker.id}`, () =>
              tracker.source.describeClassicGroups(broker, classic),
            )
            .then((records) => keepDescribed(tracker, records, descriptions)),
        )
      }
      if (consumer.length > 0) {
        work.push(
          tracker
            .request(
              'group_members',
              'ConsumerGroupDescribe',
              `describe consumer groups on broker ${broker.id}`,
              () => tracker.source.describeConsumerGroups(broker, consumer),
            )
            .then((records) => keepDescribed(tracker, records, descriptions)),
        )
      }
      return work
    }),
  )
  return { descriptions, offsets }
}

// GROUP_ID_NOT_FOUND (69): deleted between ListGroups and describe; it simply vanishes, which is not a failure.
const GROUP_ID_NOT_FOUND = 69

function keepDescribed(
  tracker: PollTracker,
  records: GroupDescriptionRecord[] | undefined,
  into: Map<string, GroupDescriptionRecord>,
): void {
  for (const r of records ?? []) {
    if (r.errorCode === 0) into.set(r.groupId, r)
    else if (r.errorCode !== GROUP_ID_NOT_FOUND) {
      tracker.fail('group_members', `describe group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`)
    }
  }
}
