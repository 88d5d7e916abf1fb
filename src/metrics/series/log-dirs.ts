import { topicLogSizes } from '../../analysis/log-sizes.js'
import type { LogDirState, LogDirsState, TopicState } from '../../collect/snapshot.js'
import { LOG_DIR_LABELS } from '../catalog/log-dirs.js'
import { FAMILY, type Family } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import { type LabelSet, labelSet } from '../writer.js'
import type { SeriesContext } from './context.js'
import { topicLabelSets } from './label-sets.js'

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
export function logDirSeries({ snapshot, out, labels: kept }: SeriesContext): void {
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
  topicSizes(snapshot.topics, state, out, kept)
  // One series per replica (48,000 at 16,000 partitions with RF 3), from directories read once a refresh interval
  // and served as the same objects in between (collect/log-dirs.ts): spliced in from the last poll until a broker's
  // are read again or the topics change.
  kept.families.writeFrom(out, FAMILY.partitionReplicaLogSize, state.brokers, () => replicaSizes(state, out))
}

/** Module-level, not inline in the callback: V8 keeps a closure's optimized code only while the closure lives. */
function replicaSizes(state: LogDirsState, out: SeriesContext['out']): void {
  const replicas = out.family(FAMILY.partitionReplicaLogSize)
  for (const b of state.brokers) {
    for (const d of b.dirs) {
      for (const r of d.replicas) {
        if (r.future) continue
        replicas.sample(
          { topic: r.topic, partition: r.partition, broker_id: b.broker, log_dir: d.path },
          r.sizeBytes,
        )
      }
    }
  }
}

function topicSizes(
  topics: SeriesContext['snapshot']['topics'],
  state: LogDirsState,
  out: SeriesContext['out'],
  labels: SeriesContext['labels'],
): void {
  const sizes = topicLogSizes(topics, state)
  const topicSets = topicLabelSets(labels.topics, topics)
  const total = new FamilySamples(topicSets)
  const leader = new FamilySamples(topicSets)
  for (let ti = 0; ti < topics.length; ti++) {
    const v = sizes.get((topics[ti] as TopicState).name)
    total.push(v ? v.sizeBytes : null)
    leader.push(v ? v.leaderSizeBytes : null)
  }
  labels.families.write(out, FAMILY.topicLogSize, total)
  labels.families.write(out, FAMILY.topicLeaderLogSize, leader)
}
