import { kafkaErrorName } from '../../kafka/error-names.js'
import type {
  BrokerRecord,
  GroupListing,
  ShareGroupDescriptionRecord,
  ShareGroupOffsetsRecord,
} from '../../kafka/types.js'
import type { Collector, Requests } from '../collector.js'
import { type CoordinatorGroups, groups } from './groups.js'

/** What one coordinator told us about the share groups (KIP-932) it coordinates. */
export interface CoordinatorShareGroups {
  readonly broker: BrokerRecord
  readonly listed: readonly GroupListing[]
  readonly descriptions: ReadonlyMap<string, ShareGroupDescriptionRecord>
  readonly offsets: ReadonlyMap<string, ShareGroupOffsetsRecord>
  /** Deleted between ListGroups and describe (GROUP_ID_NOT_FOUND): they vanish, which is not a failure. */
  readonly deleted: ReadonlySet<string>
}

const GROUP_ID_NOT_FOUND = 69

/**
 * Share groups, from the groups collector's ListGroups answers (a broker lists the share groups it coordinates in
 * the same answer as its consumer groups, so listing them costs no request): per coordinator that has any, one
 * ShareGroupDescribe and one DescribeShareGroupOffsets for all of them, in parallel. Brokers without share groups'
 * APIs (Kafka before 4.1) skip it: not reported, rather than reported failed. Runs in the last stage (see
 * collectors.ts): DescribeShareGroupOffsets waits on the share coordinators, so it must not hold up the watermarks'
 * requests on the same connections. The lag is the broker's own count; only the fallback for brokers that do not
 * report it (high watermark − start offset) reads watermarks from before, and is clamped at 0.
 */
export const shareGroups: Collector<{ groups: typeof groups }, CoordinatorShareGroups[]> = {
  name: 'share_groups',
  alsoReports: ['share_group_offsets'],
  needs: { groups },
  async collect(ctx) {
    if (!ctx.supports('ShareGroupDescribe') || !ctx.supports('DescribeShareGroupOffsets')) {
      ctx.skip(
        'the brokers do not answer ShareGroupDescribe v1 and DescribeShareGroupOffsets (before Kafka 4.1)',
      )
      return []
    }
    const offsets = ctx.as('share_group_offsets')
    const coordinators = ctx.needs.groups.filter((c) => c.others.some((g) => g.type === 'share'))
    return Promise.all(coordinators.map((c) => onCoordinator(ctx, offsets, c)))
  },
}

async function onCoordinator(
  members: Requests,
  offsetRequests: Requests,
  coordinator: CoordinatorGroups,
): Promise<CoordinatorShareGroups> {
  const { broker } = coordinator
  const listed = coordinator.others.filter((g) => g.type === 'share')
  const ids = listed.map((g) => g.groupId)
  const descriptions = new Map<string, ShareGroupDescriptionRecord>()
  const offsets = new Map<string, ShareGroupOffsetsRecord>()
  const deleted = new Set<string>()
  await Promise.all([
    members
      .request('ShareGroupDescribe', `describe share groups on broker ${broker.id}`, (source) =>
        source.describeShareGroups(broker, ids),
      )
      .then((records) => {
        for (const r of records ?? []) {
          if (r.errorCode === 0) descriptions.set(r.groupId, r)
          else if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
          else members.fail(`describe share group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`)
        }
      }),
    offsetRequests
      .request(
        'DescribeShareGroupOffsets',
        `fetch share-group start offsets on broker ${broker.id}`,
        (source) => source.fetchShareGroupOffsets(broker, ids),
      )
      .then((records) => {
        for (const r of records ?? []) {
          if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
          else if (r.errorCode !== 0)
            offsetRequests.fail(
              `fetch start offsets of share group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`,
            )
          else {
            offsets.set(r.groupId, r)
            for (const e of r.partitionErrors) {
              offsetRequests.fail(
                `fetch start offset of share group ${r.groupId} on ${e.topic}/${e.partition}: ${kafkaErrorName(e.errorCode)}`,
              )
            }
          }
        }
      }),
  ])
  return { broker, listed, descriptions, offsets, deleted }
}
