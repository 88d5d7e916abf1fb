import type { ShareGroupState, TopicState } from '../collect/snapshot.js'
import { partitionKey, pushTo } from '../keys.js'

/**
 * Lag of share groups (KIP-932). A share group has no committed offset: each share-partition has a start offset,
 * the first record not yet acknowledged, and records beyond it may already be acknowledged out of order. The broker
 * counts those (DescribeShareGroupOffsets v1 returns the lag, which kafka-share-groups prints); where it does not
 * say (v0), the lag is high watermark − start offset, an upper bound. Never negative. Pure.
 */
export function shareLag(
  startOffset: number,
  brokerLag: number | null,
  highWatermark: number | null,
): number | null {
  if (brokerLag !== null) return Math.max(0, brokerLag)
  return highWatermark === null ? null : Math.max(0, highWatermark - startOffset)
}

export interface SharePartitionView {
  readonly topic: string
  readonly partition: number
  readonly startOffset: number
  readonly lag: number | null
}

export interface ShareTopicView {
  readonly topic: string
  readonly partitions: readonly SharePartitionView[]
  /** Sum over the topic's share-partitions; null unless every one's lag is known (a partial sum would understate). */
  readonly lagSum: number | null
}

export interface ShareGroupView {
  readonly group: ShareGroupState
  /** Empty when the start offsets could not be fetched (group.offsets null). */
  readonly topics: readonly ShareTopicView[]
  /** Largest lag over the group's share-partitions whose lag is known; null when none is. */
  readonly maxLag: number | null
}

/** Each share group's lag per partition, per topic and at most, against the snapshot's high watermarks. */
export function shareGroupViews(
  groups: readonly ShareGroupState[],
  topics: readonly TopicState[],
): ShareGroupView[] {
  if (groups.length === 0) return []
  const highWatermark = new Map<string, number | null>()
  for (const t of topics)
    for (const p of t.partitions) highWatermark.set(partitionKey(t.name, p.partition), p.latest)
  return groups.map((group) => {
    const byTopic = new Map<string, SharePartitionView[]>()
    for (const o of group.offsets ?? []) {
      const hwm = highWatermark.get(partitionKey(o.topic, o.partition)) ?? null
      const view = {
        topic: o.topic,
        partition: o.partition,
        startOffset: o.startOffset,
        lag: shareLag(o.startOffset, o.lag, hwm),
      }
      pushTo(byTopic, o.topic, view)
    }
    const views = [...byTopic].map(
      ([topic, partitions]): ShareTopicView => ({
        topic,
        partitions,
        lagSum: partitions.every((p) => p.lag !== null)
          ? partitions.reduce((sum, p) => sum + (p.lag as number), 0)
          : null,
      }),
    )
    let maxLag: number | null = null
    for (const t of views)
      for (const p of t.partitions) if (p.lag !== null) maxLag = Math.max(maxLag ?? 0, p.lag)
    return { group, topics: views, maxLag }
  })
}
