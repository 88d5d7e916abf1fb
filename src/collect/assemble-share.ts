import type { CoordinatorShareGroups } from './collectors/share-groups.js'
import type { NameFilter } from './filters.js'
import { byGroupId, compareNames } from './order.js'
import type { ShareGroupState } from './snapshot.js'

/** The share-groups collector's output as snapshot records, sorted by group, topic and partition. */
export function shareGroupStates(
  coordinators: readonly CoordinatorShareGroups[],
  topicFilter: NameFilter,
): ShareGroupState[] {
  return coordinators
    .flatMap((c) =>
      c.listed
        .filter((g) => !c.deleted.has(g.groupId))
        .map((g): ShareGroupState => {
          const d = c.descriptions.get(g.groupId)
          const o = c.offsets.get(g.groupId)
          return {
            groupId: g.groupId,
            coordinator: c.broker.id,
            // The describe answer is newer than the listing; the listing's state when describe failed.
            state: d?.state ?? g.state,
            groupEpoch: d?.groupEpoch ?? null,
            assignor: d?.assignor ?? '',
            members: d?.members ?? null,
            offsets: o
              ? o.offsets
                  .filter((p) => topicFilter(p.topic))
                  .sort((a, b) => compareNames(a.topic, b.topic) || a.partition - b.partition)
              : null,
          }
        }),
    )
    .sort(byGroupId)
}
