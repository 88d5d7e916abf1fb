import { describe, expect, it } from 'vitest'
import { describeShareGroupOffsetsRequest } from '../../../src/kafka/describe-share-group-offsets.js'
import { shareGroupDescribeRequest } from '../../../src/kafka/share-group-describe.js'
import { RECORDED } from '../../support/recorded-data.js'
import { fixture, KAFKA_VERSIONS } from '../../support/recorded-fixtures.js'

/**
 * The share-group (KIP-932) decoders on answers recorded from a real Kafka 4.4 broker by
 * test/support/record-responses.ts: rec-share has two ConsoleShareConsumer members that read all of rec-plain,
 * rec-share-reset has no members and start offsets reset to 5 by kafka-share-groups. Kafka 3.9 has neither API.
 */
const { plain, groups, shareResetOffset } = RECORDED
const SHARE_VERSIONS = KAFKA_VERSIONS.filter((v) => !v.startsWith('3.'))
const asked = [groups.share, groups.shareReset, 'no-such-group']

describe('share-group APIs', () => {
  it('have no recorded answers on Kafka 3.9 (the broker does not implement them)', () => {
    for (const v of KAFKA_VERSIONS.filter((k) => k.startsWith('3.')))
      expect(() => fixture(v, 'share-group-describe-v%v')).toThrow(/found 0/)
  })
})

describe.each(SHARE_VERSIONS)('recorded share-group answers of Kafka %s', (kafka) => {
  it('ShareGroupDescribe: two members splitting the partitions, a memberless group, an unknown group', () => {
    const { reader, version } = fixture(kafka, 'share-group-describe-v%v')
    expect(version).toBe(1)
    const [share, reset, unknown] = shareGroupDescribeRequest({ groupIds: asked }).decode(reader, version)
    // The whole answer was read: nothing left over, nothing missing.
    expect(reader.position).toBe(reader.buffer.length)
    expect(share).toMatchObject({ groupId: groups.share, errorCode: 0, state: 'STABLE', assignor: 'simple' })
    expect(share?.groupEpoch).toBeGreaterThan(0)
    expect(share?.members.map((m) => m.clientId).sort()).toEqual([`${groups.share}-1`, `${groups.share}-2`])
    for (const m of share?.members ?? []) {
      expect(m).toMatchObject({ clientHost: '/127.0.0.1', rackId: null, subscribedTopics: [plain.topic] })
      expect(m.memberId).toMatch(/^[\w-]{22}$/)
      expect(m.memberEpoch).toBe(share?.groupEpoch)
    }
    // Every partition is assigned to some member.
    const assigned = (share?.members ?? [])
      .flatMap((m) => m.assignments)
      .map((a) => `${a.topic}/${a.partition}`)
    expect(new Set(assigned)).toEqual(new Set([0, 1, 2].map((p) => `${plain.topic}/${p}`)))
    expect(reset).toMatchObject({ groupId: groups.shareReset, errorCode: 0, state: 'EMPTY', members: [] })
    expect(unknown).toMatchObject({ groupId: 'no-such-group', errorCode: 69, members: [] })
  })

  it("DescribeShareGroupOffsets: start offsets and the broker's lag; an unknown group has none", () => {
    const { reader, version } = fixture(kafka, 'describe-share-group-offsets-v%v')
    expect(version).toBe(1)
    const [share, reset, unknown] = describeShareGroupOffsetsRequest({ groupIds: asked }).decode(
      reader,
      version,
    )
    expect(reader.position).toBe(reader.buffer.length)
    const rows = (g: typeof share) =>
      [...(g?.offsets ?? [])]
        .sort((a, b) => a.partition - b.partition)
        .map((o) => [o.partition, o.startOffset, o.lag])
    // Reset to 5 on each partition of 12 records: 7 left.
    expect(reset).toMatchObject({ groupId: groups.shareReset, errorCode: 0, partitionErrors: [] })
    const end = plain.batches * plain.perBatch
    expect(rows(reset)).toEqual([0, 1, 2].map((p) => [p, shareResetOffset, end - shareResetOffset]))
    // Everything read and acknowledged: the broker counts no lag, although the start offset it keeps in the
    // share-group state may still be behind (its lag counts acknowledged records beyond the start offset).
    expect(share).toMatchObject({ groupId: groups.share, errorCode: 0, partitionErrors: [] })
    expect(rows(share).map(([p, , lag]) => [p, lag])).toEqual([0, 1, 2].map((p) => [p, 0]))
    for (const [, start] of rows(share)) expect(start).toBeLessThanOrEqual(end)
    expect(unknown).toEqual({ groupId: 'no-such-group', errorCode: 0, offsets: [], partitionErrors: [] })
  })
})
