import { describe, expect, it } from 'vitest'
import { quorumState } from '../../../src/collect/collectors/quorum.js'
import { Poller } from '../../../src/collect/poller.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import type { QuorumRecord } from '../../../src/kafka/describe-quorum.js'
import { createLogger } from '../../../src/log.js'
import { renderSnapshot } from '../../../src/metrics/render.js'
import { FakeKafkaSource, fakeCluster, fakeQuorum } from '../../fakes/kafka-source.js'
import { pollFake } from '../../fakes/poll.js'

const NOW = 1_800_000_000_000

const poll = (source: FakeKafkaSource, previous: Snapshot | null = null) => pollFake(source, { previous })

/** A 3-broker cluster whose Metadata names broker 1 as controller while the quorum leader is 3 (as KRaft does). */
function kraft(quorum: QuorumRecord | null = fakeQuorum([1, 2, 3])) {
  const { quorum: _, ...spec } = fakeCluster({ brokers: 3, topics: 2, partitions: 2, groups: 3 })
  return new FakeKafkaSource({ ...spec, controllerId: 1, ...(quorum ? { quorum } : {}) })
}

function exposition(s: Snapshot): string {
  return renderSnapshot({
    snapshot: s,
    groups: [],
    counters: { polls: 1, pollFailures: 0 },
    buildInfo: { version: 'x' },
  })
    .body('text')
    .toString('utf8')
}

describe('quorumState', () => {
  const answer: QuorumRecord = {
    errorCode: 0,
    errorMessage: null,
    leaderId: 2,
    leaderEpoch: 9,
    highWatermark: 480,
    voters: [
      {
        replicaId: 3,
        logEndOffset: 430,
        lastFetchTimestamp: NOW - 42_000,
        lastCaughtUpTimestamp: NOW - 61_500,
      },
      { replicaId: 2, logEndOffset: 500, lastFetchTimestamp: NOW, lastCaughtUpTimestamp: NOW },
      { replicaId: 1, logEndOffset: -1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 },
    ],
    observers: [
      { replicaId: 7, logEndOffset: 495, lastFetchTimestamp: NOW - 300, lastCaughtUpTimestamp: NOW - 300 },
    ],
  }

  it('takes lag against the leader end offset and ages against the leader clock; -1 is unknown', () => {
    expect(quorumState(answer)).toEqual({
      leaderId: 2,
      leaderEpoch: 9,
      highWatermark: 480,
      replicas: [
        {
          replicaId: 1,
          role: 'voter',
          logEndOffset: null,
          lag: null,
          lastFetchAgeSeconds: null,
          lastCaughtUpAgeSeconds: null,
        },
        {
          replicaId: 2,
          role: 'voter',
          logEndOffset: 500,
          lag: 0,
          lastFetchAgeSeconds: 0,
          lastCaughtUpAgeSeconds: 0,
        },
        {
          replicaId: 3,
          role: 'voter',
          logEndOffset: 430,
          lag: 70,
          lastFetchAgeSeconds: 42,
          lastCaughtUpAgeSeconds: 61.5,
        },
        {
          replicaId: 7,
          role: 'observer',
          logEndOffset: 495,
          lag: 5,
          lastFetchAgeSeconds: 0.3,
          lastCaughtUpAgeSeconds: 0.3,
        },
      ],
    })
  })

  it('knows no lag or age without a leader, and no age from a v0 answer (no timestamps)', () => {
    const leaderless = quorumState({ ...answer, leaderId: -1 })
    expect(leaderless.replicas.map((r) => [r.lag, r.lastFetchAgeSeconds])).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ])
    const v0 = quorumState({
      ...answer,
      voters: answer.voters.map((v) => ({ ...v, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 })),
      observers: [],
    })
    expect(v0.replicas.map((r) => [r.replicaId, r.lag, r.lastFetchAgeSeconds])).toEqual([
      [1, null, null],
      [2, 0, null],
      [3, 70, null],
    ])
  })
})

describe('the quorum collector in a poll', () => {
  it('sends one DescribeQuorum and makes the quorum leader the controller, not the Metadata answer', async () => {
    const source = kraft()
    const s = await poll(source)
    expect(source.countByApi().DescribeQuorum).toBe(1)
    expect(s.requests.DescribeQuorum).toBe(1)
    expect(s.cluster?.controllerId).toBe(3)
    expect(s.quorum?.leaderEpoch).toBe(5)
    expect(s.quorum?.replicas.map((r) => [r.replicaId, r.role, r.lag, r.lastFetchAgeSeconds])).toEqual([
      [1, 'voter', 0, 0.1],
      [2, 'voter', 0, 0.1],
      [3, 'voter', 0, 0],
    ])
    expect(s.collectors.find((c) => c.name === 'quorum')).toMatchObject({ success: true, errors: [] })
    expect(s.skipped).toEqual([])
    expect(exposition(s)).toContain('\nkafka_cluster_controller_id 3\n')
  })

  it('is skipped where the brokers lack DescribeQuorum: no request, no result, Metadata names the controller', async () => {
    const source = kraft(null)
    const s = await poll(source)
    expect(source.calls('DescribeQuorum')).toEqual([])
    expect(s.requests.DescribeQuorum).toBe(0)
    expect(s.collectors.map((c) => c.name)).not.toContain('quorum')
    expect(s.collectors.every((c) => c.success)).toBe(true)
    expect(s.skipped).toEqual([
      {
        name: 'quorum',
        reason: 'the brokers do not answer DescribeQuorum (a ZooKeeper-mode cluster has no KRaft quorum)',
      },
    ])
    expect(s.cluster?.controllerId).toBe(1)
    expect(s.quorum).toBeUndefined()
    expect(s.topics).toHaveLength(2)
    expect(s.groups).toHaveLength(3)
    const text = exposition(s)
    expect(text).not.toContain('kafkascope_collector_success{collector="quorum"}')
    expect(text).toContain('\nkafka_cluster_controller_id 1\n')
    expect(text).not.toMatch(/^kafka_quorum_/m)
  })

  it('fails alone when DescribeQuorum fails: the controller is then unknown, not Metadata guess', async () => {
    const source = kraft()
    source.faults = [{ api: 'DescribeQuorum', kind: 'fail', message: 'REQUEST_TIMED_OUT (7)' }]
    const s = await poll(source)
    expect(s.up).toBe(true)
    expect(s.collectors.find((c) => c.name === 'quorum')).toMatchObject({
      success: false,
      errors: ['describe the KRaft quorum: REQUEST_TIMED_OUT (7)'],
    })
    expect(s.collectors.filter((c) => !c.success).map((c) => c.name)).toEqual(['quorum'])
    expect(s.cluster?.controllerId).toBeNull()
    expect(s.quorum).toBeUndefined()
    const text = exposition(s)
    expect(text).toContain('kafkascope_collector_success{collector="quorum"} 0')
    expect(text).not.toMatch(/^kafka_cluster_controller_id /m)
  })

  it('holds nothing up while DescribeQuorum waits on a lost controller: it runs last, to the poll deadline', async () => {
    const source = kraft()
    source.faults = [{ api: 'DescribeQuorum', kind: 'hang' }]
    const s = await pollFake(source, { timeoutMs: 300 })
    expect(s.topics.flatMap((t) => t.partitions).every((p) => p.latest !== null)).toBe(true)
    expect(s.groups.every((g) => g.offsets !== null)).toBe(true)
    expect(s.collectors.filter((c) => !c.success).map((c) => c.name)).toEqual(['quorum'])
    // Asked only once everything else was answered.
    const starts = source.events.filter((e) => e.event === 'start').map((e) => e.api)
    expect(starts.at(-1)).toBe('DescribeQuorum')
    expect(starts.filter((a) => a === 'DescribeQuorum')).toHaveLength(1)
  })

  it('serves a leaderless quorum as controller -1', async () => {
    const s = await poll(kraft({ ...fakeQuorum([1, 2, 3]), leaderId: -1 }))
    expect(s.cluster?.controllerId).toBe(-1)
    expect(exposition(s)).toContain('\nkafka_cluster_controller_id -1\n')
  })

  it('keeps the last quorum while the metadata cannot be read, as it keeps the cluster', async () => {
    const source = kraft()
    const first = await poll(source)
    source.faults = [{ api: 'Metadata', kind: 'fail' }]
    const down = await poll(source, first)
    expect(down.up).toBe(false)
    expect(down.quorum).toBe(first.quorum)
  })
})

describe('the skip in the log', () => {
  it('is one debug line, not one per poll', async () => {
    const lines: string[] = []
    const source = kraft(null)
    let polls = 0
    let previous: Snapshot | null = null
    const poller = new Poller({
      intervalMs: 5,
      target: 'k:9092',
      log: createLogger({ level: 'debug', format: 'json' }, (l) => {
        lines.push(l)
      }),
      poll: async () => {
        previous = await poll(source, previous)
        polls++
        return previous
      },
      onSnapshot: () => {},
    })
    poller.start()
    while (polls < 3) await new Promise((r) => setTimeout(r, 5))
    await poller.stop()
    const skips = lines.filter((l) => l.includes('collector skipped'))
    expect(skips).toHaveLength(1)
    expect(JSON.parse(skips[0] as string)).toMatchObject({
      level: 'debug',
      collector: 'quorum',
      reason: expect.stringContaining('DescribeQuorum'),
    })
  })
})
