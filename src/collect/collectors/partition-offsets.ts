import { kafkaErrorName, UNKNOWN_TOPIC_OR_PARTITION } from '../../kafka/error-names.js'
import type { BrokerRecord, OffsetQuery, OffsetRecord, OffsetSpec, TopicRecord } from '../../kafka/types.js'
import { pushTo } from '../../keys.js'
import type { Collector, Requests } from '../collector.js'
import { metadata } from './metadata.js'

const SPEC_TEXT: Record<OffsetSpec, string> = {
  earliest: 'earliest',
  latest: 'latest',
  lastStable: 'last stable',
}

/** Per topic, indexed by partition: no composite key string per partition per poll (three lookups each). */
export type TopicWatermarks = ReadonlyMap<string, readonly (Watermarks | undefined)[]>

export interface Watermarks {
  earliest: number | null
  latest: number | null
  /** Last stable offset: read_committed consumers read up to here; below `latest` while a transaction is open. */
  lastStable: number | null
}

/**
 * Log-start, high-watermark and last stable offsets: per leader, one ListOffsets each for earliest, latest
 * read-uncommitted and latest read-committed (one request cannot carry the same partition twice, nor two isolation
 * levels). Partitions without a leader are not asked and stay unknown. Runs after the groups stage on purpose: a
 * high watermark read after the commit is never older than it, so lag = HWM − committed cannot go negative from
 * read skew.
 */
export const partitionOffsets: Collector<{ cluster: typeof metadata }, TopicWatermarks> = {
  name: 'partition_offsets',
  needs: { cluster: metadata },
  collect: (ctx) => fetchWatermarks(ctx, ctx.needs.cluster.metadata.brokers, ctx.needs.cluster.topics),
}

async function fetchWatermarks(
  requests: Requests,
  brokers: readonly BrokerRecord[],
  topics: readonly TopicRecord[],
): Promise<TopicWatermarks> {
  const byLeader = new Map<number, OffsetQuery[]>()
  for (const topic of topics) {
    for (const p of topic.partitions) {
      if (p.leader < 0) continue
      pushTo(byLeader, p.leader, { topic: topic.name, partition: p.partition, leaderEpoch: p.leaderEpoch })
    }
  }
  const result = new Map<string, (Watermarks | undefined)[]>()
  const brokerById = new Map(brokers.map((b) => [b.id, b]))
  const ask = async (broker: BrokerRecord, queries: OffsetQuery[], spec: OffsetSpec) => {
    const records = await requests.request(
      'ListOffsets',
      `list ${SPEC_TEXT[spec]} offsets on broker ${broker.id}`,
      (source) => source.listOffsets(broker, queries, spec),
    )
    for (const [code, count] of recordOffsets(result, records ?? [], spec)) {
      // Deleted since the metadata was read: its series vanish with the topic, which is not a collector failure.
      if (code === UNKNOWN_TOPIC_OR_PARTITION) continue
      requests.fail(
        `list ${SPEC_TEXT[spec]} offsets on broker ${broker.id}: ${count} partition(s) answered ${kafkaErrorName(code)}`,
      )
    }
  }
  const work: Promise<void>[] = []
  for (const [leader, queries] of byLeader) {
    const broker = brokerById.get(leader)
    if (!broker) {
      requests.fail(`${queries.length} partition(s) led by broker ${leader}, which is not in the metadata`)
      continue
    }
    work.push(
      ask(broker, queries, 'earliest'),
      ask(broker, queries, 'latest'),
      ask(broker, queries, 'lastStable'),
    )
  }
  await Promise.all(work)
  return result
}

/**
 * One answer's offsets into the per-topic lists; returns the partitions that failed, by error code. Module-level:
 * V8 keeps a closure's optimized code only while the closure lives, so this loop in the per-poll `ask` was compiled
 * again every poll.
 */
function recordOffsets(
  result: Map<string, (Watermarks | undefined)[]>,
  records: readonly OffsetRecord[],
  spec: OffsetSpec,
): Map<number, number> {
  const failed = new Map<number, number>()
  for (const r of records) {
    if (r.offset === null) {
      failed.set(r.errorCode, (failed.get(r.errorCode) ?? 0) + 1)
      continue
    }
    let topic = result.get(r.topic)
    if (!topic) {
      topic = []
      result.set(r.topic, topic)
    }
    let w = topic[r.partition]
    if (!w) {
      w = { earliest: null, latest: null, lastStable: null }
      topic[r.partition] = w
    }
    w[spec] = r.offset
  }
  return failed
}
