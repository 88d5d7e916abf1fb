import { type ApiCall, flexibleFrom, libraryCall } from './api-call.js'
import { decodeConsumerAssignment } from './assignment.js'
import type { GroupDescriptionRecord, MemberRecord } from './types.js'

/** DescribeGroups v5 as the library's parser returns it (the fields used). */
interface DescribeGroupsResponse {
  groups: {
    errorCode: number
    groupId: string
    groupState: string
    protocolType: string
    protocolData: string
    members: {
      memberId: string
      groupInstanceId: string | null
      clientId: string
      clientHost: string
      memberAssignment: Buffer
    }[]
  }[]
}

export interface DescribeGroupsOptions {
  /** Classic-protocol groups this coordinator owns. */
  readonly groupIds: readonly string[]
}

/** Classic-protocol groups: state, assignor and each member's assigned partitions. */
export function describeGroupsRequest(options: DescribeGroupsOptions): ApiCall<GroupDescriptionRecord[]> {
  return libraryCall({
    api: 'DescribeGroups',
    key: 15,
    minVersion: 5,
    maxVersion: 5,
    headers: flexibleFrom(5),
    // Without the authorized operations, which a monitor does not use.
    args: (): [string[], boolean] => [[...options.groupIds], false],
    map: toGroupDescriptions,
  })
}

// Module-level functions handed to map, not arrows made per call: V8 keeps a closure's optimized code only while
// the closure lives, so callbacks made anew each poll are compiled again every poll.
function toGroupDescriptions(response: DescribeGroupsResponse): GroupDescriptionRecord[] {
  return response.groups.map(toGroupDescription)
}

type DescribedGroup = DescribeGroupsResponse['groups'][number]

function toGroupDescription(g: DescribedGroup): GroupDescriptionRecord {
  const consumer = g.protocolType === 'consumer'
  const members: MemberRecord[] = []
  for (const m of g.members) {
    members.push({
      memberId: m.memberId,
      instanceId: m.groupInstanceId ?? null,
      clientId: m.clientId,
      clientHost: m.clientHost,
      // Only the consumer protocol's assignment format is known; Connect and others have their own.
      assignments: consumer ? decodeConsumerAssignment(m.memberAssignment) : [],
    })
  }
  return {
    groupId: g.groupId,
    errorCode: g.errorCode,
    state: g.groupState.toUpperCase(),
    protocolType: g.protocolType,
    // For consumer groups the protocol is the assignor's name, e.g. "range".
    assignor: g.protocolData,
    members,
  }
}
