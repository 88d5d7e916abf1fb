import { describeQuorumV2, Reader, Writer } from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { quorumState } from '../../../src/collect/collectors/quorum.js'
import {
  describeQuorumRequest,
  METADATA_TOPIC,
  parseDescribeQuorum,
} from '../../../src/kafka/describe-quorum.js'
import { fixture, KAFKA_VERSIONS, manifest } from '../../support/recorded-fixtures.js'

/**
 * DescribeQuorum's decoder on answers recorded from real one-node clusters (test/support/record-responses.ts), where
 * the node leads the quorum and is its only voter, and on hand-built v0 and v1 answers (which only Kafka 3.1-3.8 send).
 */
describe.each(KAFKA_VERSIONS)('recorded DescribeQuorum answer of Kafka %s', (kafka) => {
  const { brokerId } = manifest(kafka)
  const { reader, version } = fixture(kafka, 'describe-quorum-v%v')
  const bytes = reader.buffer.slice(0, reader.buffer.length)
  const call = describeQuorumRequest()
  const ours = call.decode(reader, version)

  it('names the node as leader and only voter, at the version range we ask for', () => {
    expect(version).toBeGreaterThanOrEqual(call.minVersion)
    expect(version).toBeLessThanOrEqual(call.maxVersion)
    expect(ours).toMatchObject({ errorCode: 0, errorMessage: null, leaderId: brokerId, observers: [] })
    expect(ours.leaderEpoch).toBeGreaterThan(0)
    expect(ours.voters.map((v) => v.replicaId)).toEqual([brokerId])
    // A lone voter is the majority: everything it has is committed.
    expect(ours.voters[0]?.logEndOffset).toBe(ours.highWatermark)
    // The leader reports its own timestamps as its current time (Unix ms, recorded this decade).
    const leader = ours.voters[0]
    expect(leader?.lastFetchTimestamp).toBe(leader?.lastCaughtUpTimestamp)
    expect(leader?.lastFetchTimestamp).toBeGreaterThan(Date.UTC(2025, 0, 1))
  })

  it('reads every field as the library does', () => {
    const library = describeQuorumV2.parseResponse(0, 55, version, Reader.from(bytes))
    const p = library.topics.find((t) => t.topicName === METADATA_TOPIC)?.partitions[0]
    expect(p).toBeDefined()
    expect([ours.leaderId, ours.leaderEpoch, ours.highWatermark]).toEqual([
      p?.leaderId,
      p?.leaderEpoch,
      Number(p?.highWatermark),
    ])
    expect(ours.voters).toEqual(
      (p?.currentVoters ?? []).map((v) => ({
        replicaId: v.replicaId,
        logEndOffset: Number(v.logEndOffset),
        lastFetchTimestamp: Number(v.lastFetchTimestamp),
        lastCaughtUpTimestamp: Number(v.lastCaughtUpTimestamp),
      })),
    )
  })

  it('gives the leader no lag and no age', () => {
    expect(quorumState(ours).replicas).toEqual([
      {
        replicaId: brokerId,
        role: 'voter',
        logEndOffset: ours.highWatermark,
        lag: 0,
        lastFetchAgeSeconds: 0,
        lastCaughtUpAgeSeconds: 0,
      },
    ])
  })
})

/** A v0/v1 answer as Kafka writes it (DescribeQuorumResponse.json): no error messages, directory ids or nodes. */
function oldAnswer(version: 0 | 1, errorCode = 0): Reader {
  const replica = (w: Writer, [id, end, fetched, caughtUp]: number[]) => {
    w.appendInt32(id as number).appendInt64(BigInt(end as number))
    if (version >= 1) w.appendInt64(BigInt(fetched as number)).appendInt64(BigInt(caughtUp as number))
  }
  const w = Writer.create()
    .appendInt16(errorCode)
    .appendArray([METADATA_TOPIC], (t, name) => {
      t.appendString(name).appendArray([0], (p, index) => {
        p.appendInt32(index)
          .appendInt16(0)
          .appendInt32(2)
          .appendInt32(6)
          .appendInt64(90n)
          .appendArray(
            [
              [2, 100, 5000, 5000],
              [1, 90, 4000, 3000],
            ],
            replica,
          )
          .appendArray([[9, -1, -1, -1]], replica)
      })
    })
    .appendTaggedFields()
  return Reader.from(w.buffer)
}

describe('DescribeQuorum v0 and v1 answers', () => {
  it('v1: timestamps, no directory ids', () => {
    expect(parseDescribeQuorum(oldAnswer(1), 1)).toEqual({
      errorCode: 0,
      errorMessage: null,
      leaderId: 2,
      leaderEpoch: 6,
      highWatermark: 90,
      voters: [
        { replicaId: 2, logEndOffset: 100, lastFetchTimestamp: 5000, lastCaughtUpTimestamp: 5000 },
        { replicaId: 1, logEndOffset: 90, lastFetchTimestamp: 4000, lastCaughtUpTimestamp: 3000 },
      ],
      observers: [{ replicaId: 9, logEndOffset: -1, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 }],
    })
  })

  it('v0: no timestamps, which read as unknown', () => {
    const q = parseDescribeQuorum(oldAnswer(0), 0)
    expect(q.voters).toEqual([
      { replicaId: 2, logEndOffset: 100, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 },
      { replicaId: 1, logEndOffset: 90, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 },
    ])
    expect(quorumState(q).replicas.map((r) => [r.replicaId, r.lag, r.lastFetchAgeSeconds])).toEqual([
      [1, 10, null],
      [2, 0, null],
      [9, null, null],
    ])
  })

  it('a top-level error code is kept, with nothing else known', () => {
    expect(parseDescribeQuorum(oldAnswer(1, 6), 1)).toMatchObject({ errorCode: 6, leaderId: -1, voters: [] })
  })
})
