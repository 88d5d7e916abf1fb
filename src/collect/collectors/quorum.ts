import type { QuorumRecord, QuorumReplicaRecord } from '../../kafka/describe-quorum.js'
import type { Collector } from '../collector.js'
import type { QuorumReplicaState, QuorumState } from '../snapshot.js'
import { metadata } from './metadata.js'

/**
 * The KRaft quorum of the metadata log: one DescribeQuorum per poll, to any broker (failing over as Metadata does),
 * which forwards it to the active controller. On KRaft, Metadata's "controller" is a random live broker, so this is
 * the only true source of the active controller. It needs metadata only so that it is not asked when nothing
 * answers, and so that the brokers' ApiVersions is known: a cluster without DescribeQuorum skips it.
 */
export const quorum: Collector<{ cluster: typeof metadata }, QuorumState | undefined> = {
  name: 'quorum',
  needs: { cluster: metadata },
  async collect(ctx) {
    if (!ctx.supports('DescribeQuorum')) {
      ctx.skip('the brokers do not answer DescribeQuorum (a ZooKeeper-mode cluster has no KRaft quorum)')
      return undefined
    }
    const answer = await ctx.request('DescribeQuorum', 'describe the KRaft quorum', (source) =>
      source.describeQuorum(),
    )
    return answer ? quorumState(answer) : undefined
  },
}

/**
 * The answer as the snapshot keeps it. Ages are taken against the leader's own clock, which it reports as its
 * replica's timestamps: the replicas' timestamps are the leader's wall clock too, so kafkascope's clock (which may
 * be skewed from the controllers') plays no part.
 */
export function quorumState(q: QuorumRecord): QuorumState {
  const leader = q.voters.find((v) => v.replicaId === q.leaderId)
  const leaderEnd = known(leader?.logEndOffset)
  const leaderNow = known(leader?.lastCaughtUpTimestamp)
  const state = (r: QuorumReplicaRecord, role: QuorumReplicaState['role']): QuorumReplicaState => {
    const end = known(r.logEndOffset)
    return {
      replicaId: r.replicaId,
      role,
      logEndOffset: end,
      // A follower's end offset is never past the leader's; read skew inside one answer cannot make it so.
      lag: end === null || leaderEnd === null ? null : Math.max(0, leaderEnd - end),
      lastFetchAgeSeconds: age(leaderNow, r.lastFetchTimestamp),
      lastCaughtUpAgeSeconds: age(leaderNow, r.lastCaughtUpTimestamp),
    }
  }
  const byId = (a: QuorumReplicaRecord, b: QuorumReplicaRecord) => a.replicaId - b.replicaId
  return {
    leaderId: q.leaderId,
    leaderEpoch: q.leaderEpoch,
    highWatermark: q.highWatermark,
    replicas: [
      ...[...q.voters].sort(byId).map((v) => state(v, 'voter')),
      ...[...q.observers].sort(byId).map((o) => state(o, 'observer')),
    ],
  }
}

/** Kafka writes -1 for "unknown". */
function known(value: number | undefined): number | null {
  return value === undefined || value < 0 ? null : value
}

function age(now: number | null, timestamp: number): number | null {
  const at = known(timestamp)
  return now === null || at === null ? null : Math.max(0, now - at) / 1000
}
