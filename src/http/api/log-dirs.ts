import { type TopicLogSize, topicLogSizes } from '../../analysis/log-sizes.js'
import type { Snapshot, TopicState } from '../../collect/snapshot.js'
import { kafkaErrorName } from '../../kafka/error-names.js'

/**
 * The log-directory parts of the JSON API's documents (views.ts): per broker its directories, per topic its size
 * on disk, per partition its replicas' logs. null where the directories were not read (not yet, the brokers lack
 * DescribeLogDirs, or the principal may not describe the cluster).
 */
export function brokerLogDirsDoc(snapshot: Snapshot, broker: number) {
  const read = snapshot.logDirs?.brokers.find((b) => b.broker === broker)
  if (!read) return null
  return read.dirs.map((d) => ({
    path: d.path,
    online: d.online,
    error: d.errorCode === 0 ? null : kafkaErrorName(d.errorCode),
    totalBytes: d.totalBytes,
    usableBytes: d.usableBytes,
    sizeBytes: d.online ? d.sizeBytes : null,
    futureReplicas: d.online ? d.futureReplicas : null,
    futureOffsetLag: d.online ? d.futureOffsetLag : null,
    readAt: new Date(read.readAt).toISOString(),
  }))
}

/** Sizes of every topic of the snapshot, once per request (undefined: not read). */
export function topicSizes(snapshot: Snapshot): ReadonlyMap<string, TopicLogSize> | undefined {
  return snapshot.logDirs ? topicLogSizes(snapshot.topics, snapshot.logDirs) : undefined
}

export function topicSizeFields(size: TopicLogSize | undefined) {
  return { sizeBytes: size?.sizeBytes ?? null, leaderSizeBytes: size?.leaderSizeBytes ?? null }
}

/** Each replica's log of one partition of `topic`, by broker; null where not read. */
export function replicaLogsByPartition(snapshot: Snapshot, topic: TopicState) {
  if (!snapshot.logDirs) return () => null
  const byPartition = new Map<number, ReplicaLogDoc[]>()
  for (const b of snapshot.logDirs.brokers) {
    for (const d of b.dirs) {
      for (const r of d.replicas) {
        if (r.topic !== topic.name) continue
        const list = byPartition.get(r.partition) ?? []
        list.push({
          broker: b.broker,
          logDir: d.path,
          sizeBytes: r.sizeBytes,
          offsetLag: r.offsetLag,
          future: r.future,
        })
        byPartition.set(r.partition, list)
      }
    }
  }
  return (partition: number) => byPartition.get(partition) ?? []
}

interface ReplicaLogDoc {
  readonly broker: number
  readonly logDir: string
  readonly sizeBytes: number
  readonly offsetLag: number
  readonly future: boolean
}
