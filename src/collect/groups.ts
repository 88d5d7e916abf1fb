import { kafkaErrorName } from '../kafka/error-names.js'
import type {
  BrokerRecord,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
} from '../kafka/types.js'
import type { NameFilter } from './filters.js'
import type { PollTracker } from './tracker.js'

/** What one coordinator told us about the groups it coordinates. */
export interface CoordinatorGroups {
  readonly broker: BrokerRecord
  readonly listed: readonly GroupListing[]
  readonly descriptions: ReadonlyMap<string, GroupDescriptionRecord>
  readonly offsets: ReadonlyMap<string, GroupOffsetsRecord>
  /** Groups deleted between ListGroups and describe (GROUP_ID_NOT_FOUND): they vanish, which is not a failure. */
  readonly deleted: ReadonlySet<string>
  /** ListGroups failed: what this broker coordinates is unknown this poll (not "nothing"). */
  readonly listFailed: boolean
}

const GROUP_ID_NOT_FOUND = 69

/**
 * Per broker, independently of the others: ListGroups (a broker lists only the groups it coordinates, so no
 * FindCoordinator is needed), then one OffsetFetch for all those groups and one describe per group protocol.
 * Chains run in parallel, so a broker that hangs costs only its own groups, and only until `deadline`.
 */
export async function collectGroups(
  tracker: PollTracker,
  brokers: readonly BrokerRecord[],
  keep: NameFilter,
  deadline: number,
): Promise<CoordinatorGroups[]> {
  tracker.touch('groups')
  const results = await Promise.all(
    brokers.map((broker) => collectOnCoordinator(tracker, broker, keep, deadline)),
  )
  return results.filter((r) => r.listed.length > 0 || r.listFailed)
}

async function collectOnCoordinator(
  tracker: PollTracker,
  broker: BrokerRecord,
  keep: NameFilter,
  deadline: number,
): Promise<CoordinatorGroups> {
  const descriptions = new Map<string, GroupDescriptionRecord>()
  const offsets = new Map<string, GroupOffsetsRecord>()
  const deleted = new Set<string>()
  const listing = await tracker.request(
    'groups',
    'ListGroups',
    `list groups on broker ${broker.id}`,
    () => tracker.source.listGroups(broker),
    deadline,
  )
  const listed = (listing ?? []).filter((g) => keep(g.groupId))
  if (listed.length === 0)
    return { broker, listed, descriptions, offsets, deleted, listFailed: listing === undefined }

  tracker.touch('group_members')
  tracker.touch('group_offsets')
  const classic = listed.filter((g) => g.type !== 'consumer').map((g) => g.groupId)
  const consumer = listed.filter((g) => g.type === 'consumer').map((g) => g.groupId)
  const keepDescribed = (records: GroupDescriptionRecord[] | undefined) => {
    for (const r of records ?? []) {
      if (r.errorCode === 0) descriptions.set(r.groupId, r)
      else if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
      else tracker.fail('group_members', `describe group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`)
    }
  }
  const work: Promise<void>[] = [
    tracker
      .request(
        'group_offsets',
        'OffsetFetch',
        `fetch committed offsets on broker ${broker.id}`,
        () =>
          tracker.source.fetchCommittedOffsets(
            broker,
            listed.map((g) => g.groupId),
          ),
        deadline,
      )
      .then((records) => {
        for (const r of records ?? []) {
          if (r.errorCode === 0) offsets.set(r.groupId, r)
          else if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
          else
            tracker.fail(
              'group_offsets',
              `fetch committed offsets of group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`,
            )
        }
      }),
  ]
  if (classic.length > 0) {
    work.push(
      tracker
        .request(
          'group_members',
          'DescribeGroups',
          `describe groups on broker ${broker.id}`,
          () => tracker.source.describeClassicGroups(broker, classic),
          deadline,
        )
        .then(keepDescribed),
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
          deadline,
        )
        .then(keepDescribed),
    )
  }
  await Promise.all(work)
  return { broker, listed, descriptions, offsets, deleted, listFailed: false }
}
