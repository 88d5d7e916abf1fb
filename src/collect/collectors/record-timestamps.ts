import { offsetKey } from '../../keys.js'
import type { Collector } from '../collector.js'
import type { NameFilter } from '../filters.js'
import type { WantedTimestamp } from '../record-timestamps.js'
import type { PartitionState, Snapshot } from '../snapshot.js'
import { type CoordinatorGroups, groups } from './groups.js'
import { metadata } from './metadata.js'

/** This poll's view of the records groups wait for at their committed offsets (see record-timestamps.ts). */
export interface CommittedRecords {
  /** Timestamp of the first record after each committed offset that was read, by recordTimestampKey. */
  readonly timestamps: ReadonlyMap<string, number>
  readonly isMarkersOnly: (topic: string, partition: number, offset: number) => boolean
  readonly waitsOnOpenTransaction: (topic: string, partition: number, offset: number) => boolean
}

/**
 * For lag in seconds: one Fetch per leader for the timestamps of first unconsumed records not read before (≤ B
 * requests; cached, so a steady poll asks nothing).
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
    const wanted = unconsumed(ctx.needs.groups, ctx.poll.previous, ctx.poll.topicFilter)
    const timestamps = await cache.update(ctx, m.brokers, topics, wanted)
    return {
      timestamps,
      isMarkersOnly: (t, p, o) => cache.isMarkersOnly(t, p, o),
      waitsOnOpenTransaction: (t, p, o) => cache.waitsOnOpenTransaction(t, p, o),
    }
  },
}

/**
 * Committed offsets whose record timestamp is worth reading: the previous poll's high watermark says whether the
 * group is behind there (a caught-up partition has no record at its committed offset yet).
 */
function unconsumed(
  coordinators: readonly CoordinatorGroups[],
  previous: Snapshot | null,
  topicFilter: NameFilter,
): Map<string, WantedTimestamp> {
  // By topic, then partition: no key string per partition per poll.
  const partitions = new Map<string, readonly PartitionState[]>()
  for (const t of previous?.topics ?? []) partitions.set(t.name, t.partitions)
  const wanted = new Map<string, WantedTimestamp>()
  for (const c of coordinators) {
    for (const record of c.offsets.values()) {
      for (const o of record.offsets) {
        if (!topicFilter(o.topic)) continue
        const latest = partitionOf(partitions.get(o.topic), o.partition)?.latest ?? null
        if (latest !== null && o.offset >= latest) continue
        wanted.set(offsetKey(o.topic, o.partition, o.offset), o)
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
