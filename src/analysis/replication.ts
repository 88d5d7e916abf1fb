/** Replication health of one partition. Pure; see the table test for the edge cases. */
export interface PartitionReplicaState {
  readonly leader: number
  readonly replicas: readonly number[]
  readonly isr: readonly number[]
}

export interface PartitionHealth {
  readonly underReplicated: boolean
  /** Producers with acks=all are refused: ISR below the topic's min.insync.replicas. Unknown min ISR → false. */
  readonly underMinIsr: boolean
  /** No leader: neither reads nor writes are possible. */
  readonly offline: boolean
  readonly leaderIsPreferred: boolean
}

export function partitionHealth(p: PartitionReplicaState, minInsyncReplicas: number | null): PartitionHealth {
  const offline = p.leader < 0
  return {
    underReplicated: p.isr.length < p.replicas.length,
    underMinIsr: minInsyncReplicas !== null && p.isr.length < minInsyncReplicas,
    offline,
    leaderIsPreferred: !offline && p.replicas.length > 0 && p.replicas[0] === p.leader,
  }
}
