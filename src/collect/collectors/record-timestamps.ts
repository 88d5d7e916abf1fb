import { offsetKey } from '../../keys.js'
import type { Collector } from '../collector.js'
import type { NameFilter } from '../filters.js'
import type { RecordTimestampCache, WantedTimestamp } from '../record-timestamps.js'
import type { PartitionState, Snapshot } from '../snapshot.js'
import { type CoordinatorGroups, groups } from './groups.js'
import { metadata } from './metadata.js'

/**
 * This poll's view of the records groups wait for at their committed offsets (see record-timestamps.ts), asked with
 * the committed offset records the groups collector read (the same objects): found by identity, so no key string
 * is made per committed partition per poll, only for the offsets worth reading.
 */
export interface CommittedRecords {
  /** Timestamp of the first record after the committed offset, when it was read. */
  timestampOf(o: WantedTimestamp): number | undefined
  isMarkersOnly(o: WantedTimestamp): boolean
  waitsOnOpenTransaction(o: WantedTimestamp): boolean
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
    const { wanted, keyOf } = unconsumed(ctx.needs.groups, ctx.poll.previous, ctx.poll.topicFilter)
    const timestamps = await cache.update(ctx, m.brokers, topics, wanted)
    return new CommittedRecordsView(keyOf, timestamps, cache)
  },
}

/**
 * Only the offsets worth reading can have a timestamp or a verdict: the others have no key, and are not looked up.
 * A class, not closures returned per poll: V8 keeps a closure's optimized code only while the closure lives.
 */
class CommittedRecordsView implements CommittedRecords {
  constructor(
    private readonly keyOf: ReadonlyMap<WantedTimestamp, string>,
    private readonly timestamps: ReadonlyMap<string, number>,
    private readonly cache: RecordTimestampCache,
  ) {}

  timestampOf(o: WantedTimestamp): number | undefined {
    const k = this.keyOf.get(o)
    return k === undefined ? undefined : this.timestamps.get(k)
  }

  isMarkersOnly(o: WantedTimestamp): boolean {
    const k = this.keyOf.get(o)
    return k !== undefined && this.cache.isMarkersOnly(k)
  }

  waitsOnOpenTransaction(o: WantedTimestamp): boolean {
    const k = this.keyOf.get(o)
    return k !== undefined && this.cache.waitsOnOpenTransaction(k)
  }
}

/**
 * Committed offsets whose record timestamp is worth reading: the previous poll's high watermark says whether the
 * group is behind there (a caught-up partition has no record at its committed offset yet). By offsetKey (groups at
 * the same offset share one read), and each committed offset record's key (keyOf), to find the answer again.
 */
function unconsumed(
  coordinators: readonly CoordinatorGroups[],
  previous: Snapshot | null,
  topicFilter: NameFilter,
): { wanted: Map<string, WantedTimestamp>; keyOf: Map<WantedTimestamp, string> } {
  // By topic, then partition: no key string per partition per poll.
  const partitions = new Map<string, readonly PartitionState[]>()
  for (const t of previous?.topics ?? []) partitions.set(t.name, t.partitions)
  const wanted = new Map<string, WantedTimestamp>()
  const keyOf = new Map<WantedTimestamp, string>()
  for (const c of coordinators) {
    for (const record of c.offsets.values()) {
      for (const o of record.offsets) {
        if (!topicFilter(o.topic)) continue
        const latest = partitionOf(partitions.get(o.topic), o.partition)?.latest ?? null
        if (latest !== null && o.offset >= latest) continue
        const key = offsetKey(o.topic, o.partition, o.offset)
        wanted.set(key, o)
        keyOf.set(o, key)
      }
    }
  }
  return { wanted, keyOf }
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
