import { byGroupId } from './order.js'
import type { ShareGroupState } from './snapshot.js'

/**
 * Share groups as carry-over.ts treats consumer groups: a coordinator that could not list its groups keeps the
 * share groups it had; a group whose start offsets could not be fetched keeps its last known ones (and members, if
 * it could not be described either), rather than its lag series vanishing for a poll.
 */
export function carryOverShareGroups(
  previous: readonly ShareGroupState[],
  current: readonly ShareGroupState[],
  unlistedCoordinators: readonly number[],
): readonly ShareGroupState[] {
  if (previous.length === 0) return current
  const before = new Map(previous.map((g) => [g.groupId, g]))
  const listed = current.map((g) => {
    const p = before.get(g.groupId)
    if (g.offsets !== null || !p?.offsets) return g
    return { ...g, members: g.members ?? p.members, offsets: p.offsets }
  })
  const ids = new Set(listed.map((g) => g.groupId))
  const unlisted = new Set(unlistedCoordinators)
  const carried = previous.filter((g) => unlisted.has(g.coordinator) && !ids.has(g.groupId))
  if (carried.length === 0) return listed
  return [...listed, ...carried].sort(byGroupId)
}
