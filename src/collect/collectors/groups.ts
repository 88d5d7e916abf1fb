import { kafkaErrorName } from '../../kafka/error-names.js'
import type {
  BrokerRecord,
  GroupDescriptionRecord,
  GroupListing,
  GroupOffsetsRecord,
} from '../../kafka/types.js'
import type { Collector, Requests } from '../collector.js'
import { fetchCommittedOffsets } from '../committed-offsets.js'
import type { NameFilter } from '../filters.js'
import { metadata } from './metadata.js'

/** What one coordinator told us about the groups it coordinates. */
export interface CoordinatorGroups {
  readonly broker: BrokerRecord
  /** Consumer groups (classic and KIP-848 protocols, and offsets-only groups): those this collector describes. */
  readonly listed: readonly GroupListing[]
  /** Groups of other types in the same ListGroups answer (share groups, KIP-932), for the collectors of those types. */
  readonly others: readonly GroupListing[]
  readonly descriptions: ReadonlyMap<string, GroupDescriptionRecord>
  readonly offsets: ReadonlyMap<string, GroupOffsetsRecord>
  /** Groups deleted between ListGroups and describe (GROUP_ID_NOT_FOUND): they vanish, which is not a failure. */
  readonly deleted: ReadonlySet<string>
  /** ListGroups failed: what this broker coordinates is unknown this poll (not "nothing"). */
  readonly listFailed: boolean
}

const GROUP_ID_NOT_FOUND = 69

/** Group types listed here but described by their own collector (collectors/share-groups.ts). */
const OTHER_TYPES: ReadonlySet<string> = new Set(['share'])

/** Group types whose offsets are read here but whose members come from their own collector (streams-groups.ts). */
const UNDESCRIBED_TYPES: ReadonlySet<string> = new Set(['streams'])

/** Share of the poll timeout the group requests may use, so a hung coordinator still leaves time for watermarks. */
const GROUP_STAGE_SHARE = 0.6

/**
 * Per broker, independently of the others: ListGroups (a broker lists only the groups it coordinates, so no
 * FindCoordinator is needed), then one OffsetFetch for all those groups (one per group before Kafka 3.0:
 * committed-offsets.ts) and one describe per group protocol.
 * Chains run in parallel, so a broker that hangs costs only its own groups, and only until the deadline. That is
 * why this one collector reports three results: a stage boundary between listing and describing would make every
 * coordinator wait for the slowest ListGroups.
 */
export const groups: Collector<{ cluster: typeof metadata }, CoordinatorGroups[]> = {
  name: 'groups',
  alsoReports: ['group_members', 'group_offsets'],
  needs: { cluster: metadata },
  deadlineShare: GROUP_STAGE_SHARE,
  async collect(ctx) {
    const chains = { list: ctx, members: ctx.as('group_members'), offsets: ctx.as('group_offsets') }
    const results = await Promise.all(
      ctx.needs.cluster.metadata.brokers.map((broker) => onCoordinator(chains, broker, ctx.poll.groupFilter)),
    )
    return results.filter((r) => r.listed.length > 0 || r.others.length > 0 || r.listFailed)
  },
}

interface Chains {
  readonly list: Requests
  readonly members: Requests
  readonly offsets: Requests
}

async function onCoordinator(
  chains: Chains,
  broker: BrokerRecord,
  keep: NameFilter,
): Promise<CoordinatorGroups> {
  const descriptions = new Map<string, GroupDescriptionRecord>()
  const offsets = new Map<string, GroupOffsetsRecord>()
  const deleted = new Set<string>()
  const listing = await chains.list.request('ListGroups', `list groups on broker ${broker.id}`, (source) =>
    source.listGroups(broker),
  )
  // Share groups have no committed offsets and answer neither DescribeGroups nor ConsumerGroupDescribe.
  const listed: GroupListing[] = []
  const others: GroupListing[] = []
  for (const g of listing ?? []) if (keep(g.groupId)) (OTHER_TYPES.has(g.type) ? others : listed).push(g)
  if (listed.length === 0)
    return { broker, listed, others, descriptions, offsets, deleted, listFailed: listing === undefined }

  // Streams groups (KIP-1071) have committed offsets like consumer groups, but only StreamsGroupDescribe knows their
  // members (collectors/streams-groups.ts): DescribeGroups answers them as DEAD with none, which would read as
  // "stopped". Not asked here, so where that collector cannot run their members stay unknown, not "none".
  // Loops, not callbacks made per poll (V8 keeps a closure's optimized code only while the closure lives).
  const ids: string[] = []
  const classic: string[] = []
  const consumer: string[] = []
  for (const g of listed) {
    ids.push(g.groupId)
    if (g.type === 'consumer') consumer.push(g.groupId)
    else if (!UNDESCRIBED_TYPES.has(g.type)) classic.push(g.groupId)
  }
  const keepDescribed = (records: GroupDescriptionRecord[] | undefined) => {
    for (const r of records ?? []) {
      if (r.errorCode === 0) descriptions.set(r.groupId, r)
      else if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
      else chains.members.fail(`describe group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`)
    }
  }
  const work: Promise<void>[] = [
    fetchCommittedOffsets(chains.offsets, broker, ids).then((records) => {
      for (const r of records) {
        if (r.errorCode === 0) offsets.set(r.groupId, r)
        else if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
        else
          chains.offsets.fail(`fetch committed offsets of group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`)
      }
    }),
  ]
  if (classic.length > 0) {
    work.push(
      chains.members
        .request('DescribeGroups', `describe groups on broker ${broker.id}`, (source) =>
          source.describeClassicGroups(broker, classic),
        )
        .then(keepDescribed),
    )
  }
  if (consumer.length > 0) {
    work.push(
      chains.members
        .request('ConsumerGroupDescribe', `describe consumer groups on broker ${broker.id}`, (source) =>
          source.describeConsumerGroups(broker, consumer),
        )
        .then(keepDescribed),
    )
  }
  await Promise.all(work)
  return { broker, listed, others, descriptions, offsets, deleted, listFailed: false }
}
