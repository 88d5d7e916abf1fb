import { describe, expect, it } from 'vitest'
import {
  type PartitionHealth,
  type PartitionReplicaState,
  partitionHealth,
} from '../../../src/analysis/replication.js'

const healthy: PartitionHealth = {
  underReplicated: false,
  underMinIsr: false,
  offline: false,
  leaderIsPreferred: true,
}

describe('partitionHealth', () => {
  it.each<[string, PartitionReplicaState, number | null, Partial<PartitionHealth>]>([
    // name, partition, min.insync.replicas, what differs from healthy
    ['fully in sync', { leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] }, 2, {}],
    ['ISR order differs from replicas', { leader: 1, replicas: [1, 2, 3], isr: [3, 1, 2] }, 2, {}],
    [
      'ISR < replicas, above min ISR',
      { leader: 1, replicas: [1, 2, 3], isr: [1, 3] },
      1,
      { underReplicated: true },
    ],
    ['ISR == min ISR', { leader: 1, replicas: [1, 2, 3], isr: [1, 2] }, 2, { underReplicated: true }],
    [
      'ISR < min ISR',
      { leader: 1, replicas: [1, 2, 3], isr: [1] },
      2,
      { underReplicated: true, underMinIsr: true },
    ],
    [
      'unknown min ISR with a leader: under min ISR unknown',
      { leader: 1, replicas: [1, 2, 3], isr: [1] },
      null,
      { underReplicated: true, underMinIsr: null },
    ],
    [
      'min ISR above replication factor',
      { leader: 1, replicas: [1, 2], isr: [1, 2] },
      3,
      { underMinIsr: true },
    ],
    ['leader is replicas[0]: preferred', { leader: 4, replicas: [4, 1], isr: [4, 1] }, 1, {}],
    [
      'leader is not replicas[0]',
      { leader: 2, replicas: [1, 2, 3], isr: [1, 2, 3] },
      2,
      { leaderIsPreferred: false },
    ],
    [
      'leader moved after preferred dropped out of ISR',
      { leader: 2, replicas: [1, 2, 3], isr: [2, 3] },
      2,
      { underReplicated: true, leaderIsPreferred: false },
    ],
    [
      'offline partition (leader -1)',
      { leader: -1, replicas: [1, 2, 3], isr: [] },
      2,
      { offline: true, underReplicated: true, underMinIsr: true, leaderIsPreferred: false },
    ],
    [
      'offline partition whose last ISR member is listed (ELR), min ISR unknown',
      { leader: -1, replicas: [1, 2, 3], isr: [1] },
      null,
      { offline: true, underReplicated: true, underMinIsr: true, leaderIsPreferred: false },
    ],
    [
      // Kafka 3.9 keeps the dead leader in the ISR of a partition it led alone; kafka-topics counts it.
      'leaderless on 3.9 with the dead leader still in a full-sized ISR',
      { leader: -1, replicas: [1, 2], isr: [1, 2] },
      2,
      { offline: true, underMinIsr: true, leaderIsPreferred: false },
    ],
    ['single replica', { leader: 1, replicas: [1], isr: [1] }, 1, {}],
    [
      'empty replicas list',
      { leader: 1, replicas: [], isr: [] },
      null,
      { leaderIsPreferred: false, underMinIsr: null },
    ],
  ])('%s', (_, p, minIsr, differs) => {
    expect(partitionHealth(p, minIsr)).toEqual({ ...healthy, ...differs })
  })
})
