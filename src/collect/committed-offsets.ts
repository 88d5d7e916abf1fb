import type { BrokerRecord, GroupOffsetsRecord } from '../kafka/types.js'
import type { Requests } from './collector.js'

/** Single-group OffsetFetch requests in flight at once per coordinator (brokers before Kafka 3.0). */
export const SINGLE_GROUP_CONCURRENCY = 8

/**
 * Committed offsets of the groups one coordinator owns: one OffsetFetch for all of them where the broker has
 * OffsetFetch v8 (Kafka 3.0+), else one per group (G requests instead of 1 for that coordinator), at most
 * SINGLE_GROUP_CONCURRENCY in flight so a coordinator with thousands of groups is not flooded. Each request is
 * counted and bounded like any other; a failed one costs only its own groups.
 */
export async function fetchCommittedOffsets(
  requests: Requests,
  broker: BrokerRecord,
  groupIds: readonly string[],
): Promise<GroupOffsetsRecord[]> {
  const perRequest = await requests.groupsPerOffsetFetch(broker)
  if (perRequest === undefined) return []
  const batches: (readonly string[])[] = []
  for (let i = 0; i < groupIds.length; i += perRequest) batches.push(groupIds.slice(i, i + perRequest))
  const records: GroupOffsetsRecord[] = []
  let next = 0
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as readonly string[]
      const what =
        batches.length === 1
          ? `fetch committed offsets on broker ${broker.id}`
          : `fetch committed offsets of group ${batch[0]} on broker ${broker.id}`
      const answer = await requests.request('OffsetFetch', what, (source) =>
        source.fetchCommittedOffsets(broker, batch),
      )
      if (answer) records.push(...answer)
    }
  }
  await Promise.all(Array.from({ length: Math.min(SINGLE_GROUP_CONCURRENCY, batches.length) }, worker))
  return records
}
