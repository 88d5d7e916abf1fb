import type { TopicRecord } from '../../kafka/types.js'
import type { Collector } from '../collector.js'
import type { WantedTimestamp } from '../record-timestamps.js'
import { metadata } from './metadata.js'
import { partitionOffsets, type TopicWatermarks } from './partition-offsets.js'
import { recordTimestamps } from './record-timestamps.js'

/**
 * The second step of record_timestamps, hence its name: the first record of each open transaction, where one is
 * open and its timestamp is not cached yet (≤ B Fetch; see open-transactions.ts). It needs the last stable offsets
 * just read, and the byte budget the committed offsets' Fetch left, so it runs in a stage after both.
 * Output by offsetKey (keys.ts).
 */
export const openTransactionTimestamps: Collector<
  { cluster: typeof metadata; watermarks: typeof partitionOffsets; committed: typeof recordTimestamps },
  ReadonlyMap<string, number>
> = {
  name: 'record_timestamps',
  needs: { cluster: metadata, watermarks: partitionOffsets, committed: recordTimestamps },
  collect(ctx) {
    const { metadata: m, topics } = ctx.needs.cluster
    const open = openTransactions(topics, ctx.needs.watermarks)
    return ctx.poll.timestamps.updateOpenTransactions(ctx, m.brokers, topics, open)
  },
}

/** Partitions whose last stable offset is below the high watermark, at that offset: an open transaction starts there. */
function openTransactions(topics: readonly TopicRecord[], watermarks: TopicWatermarks): WantedTimestamp[] {
  const open: WantedTimestamp[] = []
  for (const t of topics) {
    const topic = watermarks.get(t.name)
    for (const p of t.partitions) {
      const w = topic?.[p.partition]
      if (w?.lastStable != null && w.latest != null && w.lastStable < w.latest) {
        open.push({ topic: t.name, partition: p.partition, offset: w.lastStable })
      }
    }
  }
  return open
}
