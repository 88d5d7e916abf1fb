import type { FetchedPartition } from '../../src/kafka/record-timestamps.js'

export type Batch = NonNullable<FetchedPartition['records']>[number]

/**
 * A batch as a Fetch returns it. `records` are [offset, timestamp] pairs (absolute); gaps in offsets are compacted
 * records. `lastOffset` defaults to the last record's offset (compaction keeps a batch's last offset delta).
 */
export function batch(
  records: [offset: number, timestamp: number][],
  opts: {
    attributes?: number
    lastOffset?: number
    maxTimestamp?: number
    firstOffset?: number
    producerId?: bigint
    /** Key of every record (a control record's key says commit or abort). */
    key?: Buffer
  } = {},
): Batch {
  const firstOffset = opts.firstOffset ?? (records[0] as [number, number])[0]
  const firstTimestamp = (records[0] as [number, number])[1]
  const lastOffset = opts.lastOffset ?? (records[records.length - 1] as [number, number])[0]
  return {
    firstOffset: BigInt(firstOffset),
    // A stand-in size: each batch counts 12 + 100 bytes against the byte budget.
    length: 100,
    attributes: opts.attributes ?? 0,
    lastOffsetDelta: lastOffset - firstOffset,
    firstTimestamp: BigInt(firstTimestamp),
    maxTimestamp: BigInt(opts.maxTimestamp ?? Math.max(...records.map(([, ts]) => ts))),
    producerId: opts.producerId ?? -1n,
    records: records.map(([offset, ts]) => ({
      offsetDelta: offset - firstOffset,
      timestampDelta: BigInt(ts - firstTimestamp),
      key: opts.key ?? null,
    })),
  }
}
