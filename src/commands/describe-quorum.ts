import type { QuorumReplicaState, QuorumState } from '../collect/snapshot.js'
import { formatTable } from './table.js'

const COLUMNS = [
  'NODE-ID',
  'STATUS',
  'LOG-END-OFFSET',
  'LAG',
  'LAST-FETCH-SECONDS',
  'LAST-CAUGHT-UP-SECONDS',
] as const

/**
 * The KRaft quorum after the groups table of `describe`, in the words of `kafka-metadata-quorum describe --status`
 * and `--replication` (Leader, Follower, Observer), with ages instead of timestamps. Nothing in ZooKeeper mode or
 * when DescribeQuorum failed (its error is on stderr).
 */
export function quorumSection(q: QuorumState | undefined): string {
  if (!q) return ''
  const leader = q.leaderId < 0 ? 'none' : String(q.leaderId)
  const head = `KRaft quorum: leader ${leader}, epoch ${q.leaderEpoch}, high watermark ${q.highWatermark}\n`
  return (
    head +
    formatTable(
      [...COLUMNS],
      q.replicas.map((r) => row(r, q.leaderId)),
    )
  )
}

function row(r: QuorumReplicaState, leaderId: number): string[] {
  const status = r.role === 'observer' ? 'Observer' : r.replicaId === leaderId ? 'Leader' : 'Follower'
  return [
    String(r.replicaId),
    status,
    dash(r.logEndOffset),
    dash(r.lag),
    seconds(r.lastFetchAgeSeconds),
    seconds(r.lastCaughtUpAgeSeconds),
  ]
}

function dash(v: number | null): string {
  return v === null ? '-' : String(v)
}

function seconds(v: number | null): string {
  return v === null ? '-' : v.toFixed(1)
}
