import { topicLogSizes } from '../../analysis/log-sizes.js'
import type { LogDirState, LogDirsState } from '../../collect/snapshot.js'
import { LOG_DIR_LABELS, REPLICA_LOG_LABELS } from '../catalog/log-dirs.js'
import { FAMILY, type Family } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import { type LabelSet, labelSet } from '../writer.js'
import { replicaLogKey, type SeriesContext } from './context.js'

type DirLabels = typeof LOG_DIR_LABELS

// One family at a time so each family's samples stay contiguous, as the exposition format requires.
const PER_DIR: [Family<string, DirLabels>, (d: LogDirState) => number | null][] = [
  [FAMILY.logDirOnline, (d) => (d.online ? 1 : 0)],
  // Absent, not 0, where the broker does not say (before Kafka 3.3, or an offline directory).
  [FAMILY.logDirTotalBytes, (d) => d.totalBytes],
  [FAMILY.logDirUsableBytes, (d) => d.usableBytes],
  // An offline directory reports no logs: its sizes are unknown, not 0.
  [FAMILY.logDirSize, (d) => (d.online ? d.sizeBytes : null)],
  [FAMILY.logDirFutureReplicas, (d) => (d.online ? d.futureReplicas : null)],
  [FAMILY.logDirFutureOffsetLag, (d) => (d.online ? d.futureOffsetLag : null)],
]

/** Log directories per broker, and the size on disk of topics and replicas; nothing while they were not read. */
export function logDirSeries({ snapshot, out, labels: cache }: SeriesContext): void {
  const state = snapshot.logDirs
  if (!state) return
  const dirs = state.brokers.flatMap((b) => b.dirs.map((d) => ({ broker: b.broker, dir: d })))
  const labels = dirs.map(({ broker, dir }) =>
    labelSet(LOG_DIR_LABELS, { broker_id: broker, log_dir: dir.path }),
  )
  for (const [family, value] of PER_DIR) {
    const samples = out.family(family)
    for (let i = 0; i < dirs.length; i++) {
      const v = value((dirs[i] as (typeof dirs)[number]).dir)
      if (v !== null) samples.sampleWith(labels[i] as LabelSet<DirLabels>, v)
    }
  }
  topicSizes(snapshot.topics, state, out)
  // One series per replica (48,000 at 16,000 partitions with RF 3): label sets kept across polls, and the family
  // spliced in unchanged between two reads of the log directories (family-blocks.ts).
  const sets: LabelSet<typeof REPLICA_LOG_LABELS>[] = []
  const sizes: number[] = []
  for (const b of state.brokers) {
    for (const d of b.dirs) {
      let topic: string | undefined
      let list: (LabelSet<typeof REPLICA_LOG_LABELS> | undefined)[] = []
      for (const r of d.replicas) {
        if (r.future) continue
        if (r.topic !== topic) {
          topic = r.topic
          list = cache.replicaLogs.list(replicaLogKey(b.broker, d.path, r.topic))
        }
        let set = list[r.partition]
        if (set === undefined) {
          set = labelSet(REPLICA_LOG_LABELS, {
            topic: r.topic,
            partition: r.partition,
            broker_id: b.broker,
            log_dir: d.path,
          })
          list[r.partition] = set
        }
        sets.push(set)
        sizes.push(r.sizeBytes)
      }
    }
  }
  const samples = new FamilySamples(sets)
  for (const size of sizes) samples.push(size)
  cache.families.write(out, FAMILY.partitionReplicaLogSize, samples)
}

function topicSizes(
  topics: SeriesContext['snapshot']['topics'],
  state: LogDirsState,
  out: SeriesContext['out'],
): void {
  const sizes = topicLogSizes(topics, state)
  const total = out.family(FAMILY.topicLogSize)
  for (const t of topics) {
    const v = sizes.get(t.name)
    if (v) total.sample({ topic: t.name }, v.sizeBytes)
  }
  const leader = out.family(FAMILY.topicLeaderLogSize)
  for (const t of topics) {
    const v = sizes.get(t.name)
    if (v) leader.sample({ topic: t.name }, v.leaderSizeBytes)
  }
}
