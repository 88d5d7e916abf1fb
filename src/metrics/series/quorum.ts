import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

/** The KRaft quorum (snapshot.quorum); nothing when it was not read. */
export function quorumSeries({ snapshot, out }: SeriesContext): void {
  const q = snapshot.quorum
  const epoch = out.family(FAMILY.quorumLeaderEpoch)
  if (q) epoch.sample({}, q.leaderEpoch)
  const hwm = out.family(FAMILY.quorumHighWatermark)
  if (q) hwm.sample({}, q.highWatermark)
  const replicas = q?.replicas ?? []
  // Listed even when nothing else is known of it (a new leader has not heard from a dead voter): alerts count these.
  const info = out.family(FAMILY.quorumReplica)
  for (const r of replicas) info.sample({ replica_id: r.replicaId, role: r.role }, 1)
  const perReplica = [
    [FAMILY.quorumReplicaLogEndOffset, 'logEndOffset'],
    [FAMILY.quorumReplicaLag, 'lag'],
    [FAMILY.quorumReplicaLastFetchAge, 'lastFetchAgeSeconds'],
    [FAMILY.quorumReplicaLastCaughtUpAge, 'lastCaughtUpAgeSeconds'],
  ] as const
  for (const [family, field] of perReplica) {
    const f = out.family(family)
    for (const r of replicas) {
      const value = r[field]
      if (value !== null) f.sample({ replica_id: r.replicaId, role: r.role }, value)
    }
  }
}
