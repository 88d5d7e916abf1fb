import { type ApiCall, flexibleFrom, libraryCall } from './api-call.js'
import type { GroupListing } from './types.js'

/** ListGroups v4–v5 as the library's parsers return them (groupType from v5, KIP-848). */
interface ListGroupsResponse {
  errorCode: number
  groups: { groupId: string; protocolType: string; groupState: string; groupType?: string }[]
}

export interface ListGroupsAnswer {
  /** A top-level error (e.g. COORDINATOR_NOT_AVAILABLE) means the broker listed nothing. */
  readonly errorCode: number
  readonly groups: readonly GroupListing[]
}

/** The groups the asked broker coordinates: no state or type filter, so every group of any protocol. */
export function listGroupsRequest(): ApiCall<ListGroupsAnswer> {
  return libraryCall({
    api: 'ListGroups',
    key: 16,
    minVersion: 4,
    maxVersion: 5,
    headers: flexibleFrom(3),
    // Empty filters: all states, and (v5) all types.
    args: (version): [string[]] | [string[], string[]] => (version >= 5 ? [[], []] : [[]]),
    map: (r: ListGroupsResponse) => ({ errorCode: r.errorCode, groups: r.groups.map(toListing) }),
  })
}

/** Module-level, handed to map: V8 keeps a closure's optimized code only while the closure lives. */
function toListing(g: ListGroupsResponse['groups'][number]): GroupListing {
  return {
    groupId: g.groupId,
    protocolType: g.protocolType,
    state: g.groupState.toUpperCase(),
    // Brokers before KIP-848 (and v4) have classic groups only.
    type: (g.groupType || 'classic').toLowerCase(),
  }
}
