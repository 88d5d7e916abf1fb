import { byGroupId } from './order.js'
import { carryOverShareGroups } from './share-carry-over.js'
import type { GroupState, Snapshot } from './snapshot.js'

/** What one poll read, before anything is carried over from the previous snapshot. */
export interface Fresh {
  /**
   * Only what this poll saw: without metadata, no cluster, topics or groups; offsets null where they could not
   * be fetched, members null where the group could not be described.
   */
  readonly snapshot: Snapshot
  /** Brokers whose ListGroups failed: what they coordinate is unknown this poll, not gone. */
  readonly unlistedCoordinators: readonly number[]
}

/**
 * Fills in, from the previous snapshot, what this poll could not read but has not changed as far as anyone knows,
 * so that series and status history do not vanish for a poll and come back:
 *   - metadata failed: nothing new is known; serve the last good poll's cluster, topics, groups, share groups and
 *     quorum (its age shows in lastSuccessAt). A failed DescribeQuorum alone is not carried: its series vanish and
 *     the controller is unknown, since a quorum without a leader fails it too;
 *   - a coordinator could not list its groups (e.g. loading __consumer_offsets after a restart): keep the groups
 *     and share groups it had, as they were (share-carry-over.ts also keeps share groups' last start offsets);
 *   - a group's committed offsets could not be fetched (coordinator loading, timeout): that is not "nothing
 *     committed"; keep the last known ones, whose lag against today's watermarks errs on the high side, instead
 *     of flapping to no_offset — and its last known members with them if it could not be described either.
 * Pure: neither argument is changed, and what is kept is the previous snapshot's own objects.
 */
export function carryOver(previous: Snapshot | null, current: Fresh): Snapshot {
  const now = current.snapshot
  if (!now.up) {
    return Object.freeze({
      ...now,
      lastSuccessAt: previous?.lastSuccessAt ?? null,
      cluster: previous?.cluster ?? null,
      topics: previous?.topics ?? [],
      groups: previous?.groups ?? [],
      shareGroups: previous?.shareGroups ?? [],
      ...(previous?.quorum ? { quorum: previous.quorum } : {}),
      ...(previous?.logDirs ? { logDirs: previous.logDirs } : {}),
    })
  }
  // Loops, not per-poll callbacks: V8 keeps a callback's optimized code only while that closure lives.
  const before = new Map<string, GroupState>()
  for (const g of previous?.groups ?? []) before.set(g.groupId, g)
  const listed: GroupState[] = new Array(now.groups.length)
  const ids = new Set<string>()
  for (let i = 0; i < listed.length; i++) {
    const g = now.groups[i] as GroupState
    listed[i] = keepOffsets(g, before.get(g.groupId))
    ids.add(g.groupId)
  }
  const unlisted = new Set(current.unlistedCoordinators)
  const carried: GroupState[] = []
  if (unlisted.size > 0)
    for (const g of before.values()) if (unlisted.has(g.coordinator) && !ids.has(g.groupId)) carried.push(g)
  const groups = carried.length === 0 ? listed : [...listed, ...carried].sort(byGroupId)
  const shareGroups = carryOverShareGroups(
    previous?.shareGroups ?? [],
    now.shareGroups,
    current.unlistedCoordinators,
  )
  return Object.freeze({ ...now, groups, shareGroups })
}

function keepOffsets(g: GroupState, previous: GroupState | undefined): GroupState {
  if (g.offsets !== null || !previous?.offsets) return g
  return { ...g, members: g.members ?? previous.members, offsets: previous.offsets }
}
