import type { LogDirState, LogDirsState } from '../../collect/snapshot.js'
import { partitionKey } from '../../keys.js'
import { LOG_DIR_LABELS } from '../catalog/log-dirs.js'
import { FAMILY, type Family } from '../catalog.js'
import { type LabelSet, labelSet } from '../writer.js'
import type { SeriesContext, Steps } from './context.js'

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
export function* logDirSeries({ snapshot, out }: SeriesContext): Steps {
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
  yield
  yield* topicSizes(snapshot.topics, state, out)
  const replicas = out.family(FAMILY.partitionReplicaLogSize)
  let n = 0
  for (const b of state.brokers) {
    for (const d of b.dirs) {
      for (const r of d.replicas) {
        if (r.future) continue
        replicas.sample(
          { topic: r.topic, partition: r.partition, broker_id: b.broker, log_dir: d.path },
          r.sizeBytes,
        )
        if ((++n & 4095) === 0) yield
      }
    }
  }
}

/**
 * Per topic of the snapshot: all replicas' bytes, and the leaders' (the leader as the metadata of this poll names
 * it). Absent for a topic none of whose replicas were read yet (created since the last refresh).
 */
function* topicSizes(
  topics: SeriesContext['snapshot']['topics'],
  state: LogDirsState,
  out: SeriesContext['out'],
): Steps {
  const leaderOf = new Map<string, number>()
  for (const t of topics)
    for (const p of t.partitions) leaderOf.set(partitionKey(t.name, p.partition), p.leader)
  const all = new Map<string, number>()
  const leaders = new Map<string, number>()
  for (const b of state.brokers) {
    for (const d of b.dirs) {
      for (const r of d.replicas) {
        if (r.future) continue
        all.set(r.topic, (all.get(r.topic) ?? 0) + r.sizeBytes)
        const leads = leaderOf.get(partitionKey(r.topic, r.partition)) === b.broker
        leaders.set(r.topic, (leaders.get(r.topic) ?? 0) + (leads ? r.sizeBytes : 0))
      }
    }
  }
  yield
  const total = out.family(FAMILY.topicLogSize)
  for (const t of topics) {
    const v = all.get(t.name)
    if (v !== undefined) total.sample({ topic: t.name }, v)
  }
  const leader = out.family(FAMILY.topicLeaderLogSize)
  for (const t of topics) {
    const v = leaders.get(t.name)
    if (v !== undefined) leader.sample({ topic: t.name }, v)
  }
}
