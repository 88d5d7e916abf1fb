import type { Collector } from '../collector.js'
import type { NameFilter } from '../filters.js'
import type { CommittedRecords, WantedTimestamp } from '../record-timestamps.js'
import type { PartitionState, Snapshot } from '../snapshot.js'
import { type CoordinatorGroups, groups } from './groups.js'
import { metadata } from './metadata.js'

export type { CommittedRecords }

/**
 * For lag in seconds: one Fetch per leader for the timestamps of first unconsumed records not read before (≤ B
 * requests; cached, so a steady poll asks nothing). The output is the cache itself, read back by the assembly in
 * the same poll for the committed offsets wanted here (record-timestamps.ts).
 */
export const recordTimestamps: Collector<
  { cluster: typeof metadata; groups: typeof groups },
  CommittedRecords
> = {
  name: 'record_timestamps',
  needs: { cluster: metadata, groups },
  async collect(ctx) {
    const cache = ctx.poll.timestamps
    const { metadata: m, topics } = ctx.needs.cluster
    await cache.update(
      ctx,
      m.brokers,
      topics,
      unconsumed(ctx.needs.groups, ctx.poll.previous, ctx.poll.topicFilter),
    )
    return cache
  },
}

/**
 * Committed offsets whose record timestamp is worth reading: the previous poll's high watermark says whether the
 * group is behind there (a caught-up partition has no record at its committed offset yet). The committed offset
 * records themselves; groups at the same offset are read once (the cache tells them apart by offset).
 */
function unconsumed(
  coordinators: readonly CoordinatorGroups[],
  previous: Snapshot | null,
  topicFilter: NameFilter,
): WantedTimestamp[] {
  // By topic, then partition: no key string per partition per poll.
  const partitions = new Map<string, readonly PartitionState[]>()
  for (const t of previous?.topics ?? []) partitions.set(t.name, t.partitions)
  const wanted: WantedTimestamp[] = []
  for (const c of coordinators) {
    for (const record of c.offsets.values()) {
      for (const o of record.offsets) {
        if (!topicFilter(o.topic)) continue
        const latest = partitionOf(partitions.get(o.topic), o.partition)?.latest ?? null
        if (latest !== null && o.offset >= latest) continue
        wanted.push(o)
      }
    }
  }
  return wanted
}

/** A topic's partitions are sorted by number and nearly always 0..n-1: found by index, else searched for. */
function partitionOf(
  list: readonly PartitionState[] | undefined,
  partition: number,
): PartitionState | undefined {
  if (!list) return undefined
  const at = list[partition]
  return at?.partition === partition ? at : list.find((p) => p.partition === partition)
}
