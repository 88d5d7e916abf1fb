import type { QuorumReplicaState, Snapshot } from '../../collect/snapshot.js'

/**
 * The quorum section of /api/v1/cluster: what kafka-metadata-quorum describe --status and --replication show, as
 * of the poll (the cluster document's lastSuccessAt). null when DescribeQuorum was not answered this poll or the
 * brokers lack it (ZooKeeper mode; see the quorum collector in `collectors`).
 */
export function quorumDoc(snapshot: Snapshot) {
  const q = snapshot.quorum
  if (!q) return null
  const replica = (r: QuorumReplicaState) => ({
    replicaId: r.replicaId,
    leader: r.replicaId === q.leaderId,
    logEndOffset: r.logEndOffset,
    lag: r.lag,
    lastFetchAgeSeconds: r.lastFetchAgeSeconds,
    lastCaughtUpAgeSeconds: r.lastCaughtUpAgeSeconds,
  })
  return {
    leaderId: q.leaderId < 0 ? null : q.leaderId,
    leaderEpoch: q.leaderEpoch,
    highWatermark: q.highWatermark,
    voters: q.replicas.filter((r) => r.role === 'voter').map(replica),
    observers: q.replicas.filter((r) => r.role === 'observer').map(replica),
  }
}
