import { kafkaErrorName } from '../../kafka/error-names.js'
import type { StreamsGroupDescriptionRecord } from '../../kafka/types.js'
import type { Collector } from '../collector.js'
import { groups } from './groups.js'

/** What the coordinators told us about the Kafka Streams groups (KIP-1071) they coordinate. */
export interface StreamsGroupDescriptions {
  readonly described: ReadonlyMap<string, StreamsGroupDescriptionRecord>
  /** Deleted between ListGroups and describe (GROUP_ID_NOT_FOUND): they vanish, which is not a failure. */
  readonly deleted: ReadonlySet<string>
}

const GROUP_ID_NOT_FOUND = 69

/**
 * Kafka Streams groups (group.protocol=streams), from the groups collector's ListGroups answers: a broker lists them
 * with its consumer groups (type "streams"), and the groups collector already reads their committed offsets (a
 * Streams app commits as a consumer group does), so lag is theirs like any group's. What only StreamsGroupDescribe
 * knows is added here, one request per coordinator that has any: state, epochs, the topology, and the members with
 * their tasks (whose input partitions become the members' assignments, so the status rules read them as any group's
 * members). Brokers without the API (before Kafka 4.1) skip it, and those groups' members stay unknown.
 */
export const streamsGroups: Collector<{ groups: typeof groups }, StreamsGroupDescriptions> = {
  name: 'streams_groups',
  needs: { groups },
  async collect(ctx) {
    const described = new Map<string, StreamsGroupDescriptionRecord>()
    const deleted = new Set<string>()
    if (!ctx.supports('StreamsGroupDescribe')) {
      ctx.skip('the brokers do not answer StreamsGroupDescribe (before Kafka 4.1)')
      return { described, deleted }
    }
    const coordinators = ctx.needs.groups
      .map((c) => ({
        broker: c.broker,
        ids: c.listed.filter((g) => g.type === 'streams').map((g) => g.groupId),
      }))
      .filter((c) => c.ids.length > 0)
    await Promise.all(
      coordinators.map(({ broker, ids }) =>
        ctx
          .request('StreamsGroupDescribe', `describe streams groups on broker ${broker.id}`, (source) =>
            source.describeStreamsGroups(broker, ids),
          )
          .then((records) => {
            for (const r of records ?? []) {
              if (r.errorCode === 0) described.set(r.groupId, r)
              else if (r.errorCode === GROUP_ID_NOT_FOUND) deleted.add(r.groupId)
              else ctx.fail(`describe streams group ${r.groupId}: ${kafkaErrorName(r.errorCode)}`)
            }
          }),
      ),
    )
    return { described, deleted }
  },
}
