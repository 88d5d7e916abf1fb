/** Replication health of one partition. Pure; see the table test for the edge cases. */
export interface PartitionReplicaState {
  readonly leader: number
  readonly replicas: readonly number[]
  readonly isr: readonly number[]
}

export interface PartitionHealth {
  readonly underReplicated: boolean
  /**
   * Producers with acks=all are refused: no leader, or ISR below the topic's min.insync.replicas — the rule of
   * `kafka-topics --under-min-isr-partitions`. A leaderless partition counts whatever its ISR lists: on Kafka 3.9 it
   * keeps the dead leader in the ISR, on 4.x the ISR may hold the last eligible replica (ELR), and neither can be
   * written. null while min.insync.replicas is unknown and the partition has a leader.
   */
  readonly underMinIsr: boolean | null
  /** No leader: neither reads nor writes are possible. */
  readonly offline: boolean
  readonly leaderIsPreferred: boolean
}

export function partitionHealth(p: PartitionReplicaState, minInsyncReplicas: number | null): PartitionHealth {
  const offline = p.leader < 0
  return {
    underReplicated: p.isr.length < p.replicas.length,
    underMinIsr: offline ? true : minInsyncReplicas === null ? null : p.isr.length < minInsyncReplicas,
    offline,
    leaderIsPreferred: !offline && p.replicas.length > 0 && p.replicas[0] === p.leader,
  }
}
