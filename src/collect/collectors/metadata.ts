import type { ClusterMetadataRecord, TopicRecord } from '../../kafka/types.js'
import type { Collector, NoNeeds } from '../collector.js'
import { compareNames } from '../order.js'

export interface ClusterView {
  readonly metadata: ClusterMetadataRecord
  /** The topics the topic filter keeps, sorted by name: the only ones any later collector asks about. */
  readonly topics: readonly TopicRecord[]
}

/**
 * Brokers, partitions and their leaders (one Metadata request). Every other collector needs it: when it fails
 * nothing else is asked, and the poll serves what the last good one collected (carry-over.ts).
 */
export const metadata: Collector<NoNeeds, ClusterView | undefined> = {
  name: 'metadata',
  needs: {},
  async collect(ctx) {
    const m = await ctx.request('Metadata', 'read cluster metadata', (source) => source.metadata())
    if (!m) return undefined
    // A loop and a module-level comparator: V8 keeps a callback's optimized code only while that closure lives.
    const topics: TopicRecord[] = []
    for (const t of m.topics) if (ctx.poll.topicFilter(t.name)) topics.push(t)
    return { metadata: m, topics: topics.sort(byName) }
  },
}

function byName(a: TopicRecord, b: TopicRecord): number {
  return compareNames(a.name, b.name)
}
