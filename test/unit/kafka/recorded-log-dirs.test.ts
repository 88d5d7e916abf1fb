import { describe, expect, it } from 'vitest'
import { describeLogDirsRequest } from '../../../src/kafka/describe-log-dirs.js'
import { fetchRequest } from '../../../src/kafka/fetch.js'
import { RECORDED } from '../../support/recorded-data.js'
import { fixture, KAFKA_VERSIONS, manifest } from '../../support/recorded-fixtures.js'

/**
 * Our DescribeLogDirs decoder on answers recorded from real brokers (test/support/record-responses.ts), recorded
 * after the Fetch answers and before anything else was written: each recorded topic's log on disk is then exactly
 * the record batches those answers hold (12 bytes of offset and length, then `length` bytes, per batch). Batch
 * sizes do not depend on the run (the records, their timestamps and the markers' layout are fixed), so this holds
 * across recordings too.
 */
const { plain, compressed, txn } = RECORDED

describe.each(KAFKA_VERSIONS)('recorded DescribeLogDirs answer of Kafka %s', (kafka) => {
  const call = describeLogDirsRequest()
  const { reader, version } = fixture(kafka, 'describe-log-dirs-v%v')
  const answer = call.decode(reader, version)

  it('is v4 (Kafka 3.3+): one online directory with the volume size and usable bytes', () => {
    expect(version).toBe(4)
    expect(answer.errorCode).toBe(0)
    expect(answer.dirs).toHaveLength(1)
    const [dir] = answer.dirs
    expect(dir?.errorCode).toBe(0)
    expect(dir?.path).toMatch(/^\/.*\/data$/)
    expect(dir?.totalBytes).toBeGreaterThan(0)
    expect(dir?.usableBytes).toBeGreaterThan(0)
    expect(dir?.usableBytes).toBeLessThanOrEqual(dir?.totalBytes as number)
  })

  it('lists every replica of the broker, internal topics too, none of them being moved', () => {
    const replicas = answer.dirs[0]?.replicas ?? []
    const of = (topic: string) =>
      replicas
        .filter((r) => r.topic === topic)
        .map((r) => r.partition)
        .sort((a, b) => a - b)
    expect(of(plain.topic)).toEqual(Array.from({ length: plain.partitions }, (_, i) => i))
    expect(of(compressed.topic)).toEqual([0])
    expect(of(txn.topic)).toEqual([0])
    expect(of('__consumer_offsets').length).toBeGreaterThan(0)
    expect(replicas.filter((r) => r.future)).toEqual([])
    // Every log is as far as its high watermark (a single replica).
    expect(replicas.filter((r) => r.offsetLag !== 0)).toEqual([])
  })

  it("each recorded partition's size is the bytes of its batches in the recorded Fetch answer", () => {
    const names = new Map(Object.entries(manifest(kafka).topicIds).map(([name, id]) => [id, name]))
    const fetched = fixture(kafka, 'fetch-v%v-read-uncommitted')
    const topics = fetchRequest({ queries: [], maxBytes: 0, isolation: 'read_uncommitted' }).decode(
      fetched.reader,
      fetched.version,
    ).topics
    const batchBytes = new Map<string, number>()
    for (const t of topics) {
      for (const p of t.partitions) {
        const bytes = (p.records ?? []).reduce((n, b) => n + 12 + b.length, 0)
        batchBytes.set(`${names.get(t.topicId)}/${p.partitionIndex}`, bytes)
      }
    }
    const sizes = new Map(
      (answer.dirs[0]?.replicas ?? [])
        // The Streams app's output topic (Kafka 4) is not in the recorded Fetch.
        .filter((r) => r.topic.startsWith('rec-') && r.topic !== RECORDED.streamsSink)
        .map((r) => [`${r.topic}/${r.partition}`, r.sizeBytes]),
    )
    expect(sizes.size).toBe(plain.partitions + 2)
    expect([...sizes.values()].every((n) => n > 0)).toBe(true)
    expect(Object.fromEntries(sizes)).toEqual(Object.fromEntries(batchBytes))
  })
})
