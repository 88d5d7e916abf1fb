import { type ApiCall, flexibleFrom, libraryCall } from './api-call.js'
import type { GroupOffsetsRecord } from './types.js'

/** OffsetFetch v8–v9 as the library's parsers return it (the fields used). */
interface OffsetFetchResponse {
  groups: {
    groupId: string
    errorCode: number
    topics: {
      name: string
      partitions: { partitionIndex: number; committedOffset: bigint; errorCode: number }[]
    }[]
  }[]
}

interface RequestGroup {
  groupId: string
  memberId: null
  memberEpoch: number
  topics: null
}

export interface OffsetFetchOptions {
  /** Groups this coordinator owns; every committed partition of each is returned. */
  readonly groupIds: readonly string[]
}

/** Committed offsets of many groups at once (v8+), from their coordinator. */
export function offsetFetchRequest(options: OffsetFetchOptions): ApiCall<GroupOffsetsRecord[]> {
  // As an admin, not a member: no member id, epoch -1; topics null = all of the group's partitions.
  const groups = options.groupIds.map((groupId) => ({
    groupId,
    memberId: null,
    memberEpoch: -1,
    topics: null,
  }))
  return libraryCall({
    api: 'OffsetFetch',
    key: 9,
    minVersion: 8,
    maxVersion: 9,
    headers: flexibleFrom(6),
    // requireStable false: offsets of pending transactional commits are not waited for (a monitor must not block).
    args: (): [RequestGroup[], boolean] => [groups, false],
    map: toGroupOffsets,
  })
}

function toGroupOffsets(response: OffsetFetchResponse): GroupOffsetsRecord[] {
  return response.groups.map((g) => ({
    groupId: g.groupId,
    errorCode: g.errorCode,
    offsets: g.topics.flatMap((t) =>
      t.partitions
        // -1 = no committed offset for this partition; the group simply has none, which is not an error.
        .filter((p) => p.errorCode === 0 && p.committedOffset >= 0n)
        .map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset) })),
    ),
  }))
}
