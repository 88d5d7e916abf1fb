import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import {
  commitOffsets,
  createTopic,
  type TransactionalProducer,
  transactionalProducer,
} from '../harness/kafka/traffic.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `txn-${run}`
const POLL_MS = 500
/** Committed after the last record read (53) and after its commit marker (54), as in the issue. */
const GROUPS = [`txn-after-record-${run}`, `txn-after-marker-${run}`]
const tp = { topic: TOPIC, partition: '0' }
const producers: TransactionalProducer[] = []
let exporter: RunningExporter

function statusOf(s: Sample[], group: string): string | undefined {
  return select(s, 'kafka_consumergroup_status', { consumergroup: group }).find((x) => x.value === 1)?.labels
    .status
}

/** Lag in messages per group as Kafka's own ConsumerGroupCommand reports it, and as kafkascope exports it. */
async function expectLagLikeKafka(s: Sample[]): Promise<void> {
  const rows = await cluster.describeGroups(GROUPS)
  expect(rows).toHaveLength(GROUPS.length)
  for (const row of rows) {
    const labels = { consumergroup: row.group, ...tp }
    expect(sampleValue(s, 'kafka_consumergroup_lag', labels), row.group).toBe(row.lag)
    expect(sampleValue(s, 'kafka_topic_partition_current_offset', tp)).toBe(row.logEndOffset)
  }
}

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 1, replicas: 3 })
  // Offsets 0..52 committed (marker 53), 54..58 aborted (marker 59): high watermark 60.
  const producer = transactionalProducer(cluster.bootstrap, `txn-done-${run}`)
  producers.push(producer)
  await producer.transaction(TOPIC, 53, 'commit')
  await producer.transaction(TOPIC, 5, 'abort')
  await commitOffsets(cluster.bootstrap, GROUPS[0] as string, [{ topic: TOPIC, partition: 0, offset: 53 }])
  await commitOffsets(cluster.bootstrap, GROUPS[1] as string, [{ topic: TOPIC, partition: 0, offset: 54 }])
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    `--poll.interval=${POLL_MS}ms`,
    `--topic.filter=${TOPIC}`,
    '--status.window=3s',
  ])
})

afterAll(async () => {
  await exporter?.stop()
  for (const p of producers) await p.close()
})

describe('transactions and read_committed on the real cluster', () => {
  it('a group parked after an aborted transaction is caught up: lag like Kafka, 0 s, status ok', async () => {
    // Long enough for a verdict over the whole 3 s window (the bug: stopped, with lag seconds growing).
    const s = await exporter.waitFor('a judged window', (s) =>
      (sampleValue(s, 'kafkascope_polls_total') ?? 0) >= 10 ? s : undefined,
    )
    const doc = await (await fetch(`${exporter.url}/api/v1/groups/${GROUPS[1]}`)).text()
    expect(sampleValue(s, 'kafka_topic_partition_current_offset', tp)).toBe(60)
    expect(sampleValue(s, 'kafka_topic_partition_last_stable_offset', tp)).toBe(60)
    expect(sampleValue(s, 'kafka_topic_partition_open_transaction_age_seconds', tp)).toBe(0)
    expect(sampleValue(s, 'kafka_topic_max_open_transaction_age_seconds', { topic: TOPIC })).toBe(0)
    for (const [group, lag] of [
      [GROUPS[0], 7],
      [GROUPS[1], 6],
    ] as const) {
      const labels = { consumergroup: group, ...tp }
      expect(sampleValue(s, 'kafka_consumergroup_lag', labels), doc).toBe(lag)
      expect(sampleValue(s, 'kafka_consumergroup_lag_seconds', labels), doc).toBe(0)
      expect(statusOf(s, group), doc).toBe('ok')
    }
    await expectLagLikeKafka(s)
  })

  it('a hanging transaction shows its age, holds the last stable offset, and the group waits on it', async () => {
    // Three records written two minutes "ago" by a producer that neither commits nor aborts.
    const hanging = transactionalProducer(cluster.bootstrap, `txn-hanging-${run}`, 600_000)
    producers.push(hanging)
    const began = Date.now() - 120_000
    const open = await hanging.transaction(TOPIC, 3, 'open', began)
    try {
      const s = await exporter.waitFor('open transaction age', (s) =>
        sampleValue(s, 'kafka_topic_partition_current_offset', tp) === 63 &&
        sampleValue(s, 'kafka_topic_partition_open_transaction_age_seconds', tp) !== undefined
          ? s
          : undefined,
      )
      const doc = await (await fetch(`${exporter.url}/api/v1/groups/${GROUPS[1]}`)).text()
      const polledAt = (sampleValue(s, 'kafkascope_last_poll_success_timestamp_seconds') as number) * 1000
      const truth = (polledAt - began) / 1000
      const age = sampleValue(s, 'kafka_topic_partition_open_transaction_age_seconds', tp) as number
      expect(Math.abs(age - truth), `age ${age} vs ${truth}`).toBeLessThanOrEqual(POLL_MS / 1000)
      expect(sampleValue(s, 'kafka_topic_max_open_transaction_age_seconds', { topic: TOPIC })).toBe(age)
      expect(sampleValue(s, 'kafka_topic_partition_last_stable_offset', tp)).toBe(60)
      // Everything up to the open transaction was aborted or a marker: the first record the groups wait for is its own.
      for (const group of GROUPS) {
        const lagSeconds = sampleValue(s, 'kafka_consumergroup_lag_seconds', { consumergroup: group, ...tp })
        expect(lagSeconds, doc).toBe(age)
      }
      await expectLagLikeKafka(s)

      // Still held a few polls later, and older.
      const later = await exporter.waitFor('later poll', (x) =>
        (sampleValue(x, 'kafkascope_polls_total') ?? 0) >= (sampleValue(s, 'kafkascope_polls_total') ?? 0) + 4
          ? x
          : undefined,
      )
      expect(sampleValue(later, 'kafka_topic_partition_last_stable_offset', tp)).toBe(60)
      expect(sampleValue(later, 'kafka_topic_partition_open_transaction_age_seconds', tp)).toBeGreaterThan(
        age,
      )
    } finally {
      await open.finish('abort')
    }
    // Aborted: nothing readable follows the commits, so the groups are caught up again.
    const s = await exporter.waitFor('transaction ended', (s) =>
      sampleValue(s, 'kafka_topic_partition_last_stable_offset', tp) === 64 ? s : undefined,
    )
    expect(sampleValue(s, 'kafka_topic_partition_current_offset', tp)).toBe(64)
    expect(sampleValue(s, 'kafka_topic_partition_open_transaction_age_seconds', tp)).toBe(0)
    for (const group of GROUPS) {
      expect(sampleValue(s, 'kafka_consumergroup_lag_seconds', { consumergroup: group, ...tp })).toBe(0)
    }
    await expectLagLikeKafka(s)
  })
})
