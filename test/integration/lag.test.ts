import { Admin } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, deleteGroup, deleteTopic, produce } from '../harness/kafka/traffic.js'
import { type RunningConsumer, startConsumer } from '../support/consumers.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const T3 = `lag-rf3-${run}`
const T1 = `lag-rf1-${run}`
const G = {
  empty: `empty-${run}`,
  partial: `partial-${run}`,
  twoTopics: `two-topics-${run}`,
  active: `active-${run}`,
  lost: `lost-${run}`,
}
const kafkaMajor = Number(cluster.version.split('.')[0])
let exporter: RunningExporter
const consumers: RunningConsumer[] = []

beforeAll(async () => {
  await createTopic(cluster.bootstrap, T3, { partitions: 3, replicas: 3 })
  await createTopic(cluster.bootstrap, T1, { partitions: 2, replicas: 1 })
  await produce(cluster.bootstrap, T3, [10, 20, 30])
  await produce(cluster.bootstrap, T1, [5, 7])
  await commitOffsets(cluster.bootstrap, G.empty, [
    { topic: T3, partition: 0, offset: 4 },
    { topic: T3, partition: 1, offset: 20 },
    { topic: T3, partition: 2, offset: 0 },
  ])
  await commitOffsets(cluster.bootstrap, G.partial, [{ topic: T3, partition: 0, offset: 10 }])
  await commitOffsets(cluster.bootstrap, G.twoTopics, [
    { topic: T3, partition: 0, offset: 1 },
    { topic: T3, partition: 1, offset: 2 },
    { topic: T3, partition: 2, offset: 3 },
    { topic: T1, partition: 0, offset: 5 },
    { topic: T1, partition: 1, offset: 1 },
  ])
  consumers.push(await startConsumer(cluster.bootstrap, G.active, [T1]))
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=500ms',
    `--topic.filter=${run}`,
  ])
})

afterAll(async () => {
  for (const c of consumers) await c.close()
  await exporter?.stop()
})

/** Waits until the active consumer has consumed and committed everything (lag 0 on both partitions). */
async function waitForActiveCaughtUp(): Promise<Sample[]> {
  return exporter.waitFor('active group caught up', (s) => {
    const lags = select(s, 'kafka_consumergroup_lag', { consumergroup: G.active })
    return lags.length === 2 && lags.every((l) => l.value === 0) ? s : undefined
  })
}

describe('offsets and lag match kafka-consumer-groups on the real cluster', () => {
  it("reports every committed offset, log-end offset and lag exactly as Kafka's own tool", async () => {
    const samples = await waitForActiveCaughtUp()
    const groups = [G.empty, G.partial, G.twoTopics, G.active]
    const rows = await cluster.describeGroups(groups)
    expect(rows.length).toBeGreaterThanOrEqual(3 + 1 + 5 + 2)
    for (const row of rows) {
      const labels = { consumergroup: row.group, topic: row.topic, partition: String(row.partition) }
      const where = `${row.group} ${row.topic}/${row.partition}`
      expect(
        sampleValue(samples, 'kafka_topic_partition_current_offset', {
          topic: row.topic,
          partition: String(row.partition),
        }),
        where,
      ).toBe(row.logEndOffset)
      if (row.currentOffset === null) {
        expect(sampleValue(samples, 'kafka_consumergroup_lag', labels), where).toBeUndefined()
        continue
      }
      expect(sampleValue(samples, 'kafka_consumergroup_current_offset', labels), where).toBe(
        row.currentOffset,
      )
      expect(sampleValue(samples, 'kafka_consumergroup_lag', labels), where).toBe(row.lag)
    }
    // Nothing the tool does not know about: every exported lag series is one of its rows.
    for (const s of select(samples, 'kafka_consumergroup_lag').filter((s) =>
      groups.includes(s.labels.consumergroup as string),
    )) {
      const match = rows.find(
        (r) =>
          r.group === s.labels.consumergroup &&
          r.topic === s.labels.topic &&
          String(r.partition) === s.labels.partition,
      )
      expect(match, JSON.stringify(s.labels)).toBeDefined()
    }
  })

  it('sums lag per topic, counts uncommitted partitions, and keeps lag of memberless groups', async () => {
    const s = await exporter.scrape()
    expect(sampleValue(s, 'kafka_consumergroup_lag_sum', { consumergroup: G.empty, topic: T3 })).toBe(
      6 + 0 + 30,
    )
    expect(
      sampleValue(s, 'kafka_consumergroup_current_offset_sum', { consumergroup: G.empty, topic: T3 }),
    ).toBe(24)
    expect(sampleValue(s, 'kafka_consumergroup_members', { consumergroup: G.empty })).toBe(0)
    expect(
      sampleValue(s, 'kafka_consumergroup_uncommitted_partitions', { consumergroup: G.partial, topic: T3 }),
    ).toBe(2)
    expect(select(s, 'kafka_consumergroup_lag', { consumergroup: G.partial })).toHaveLength(1)
    expect(sampleValue(s, 'kafka_consumergroup_lag_sum', { consumergroup: G.twoTopics, topic: T1 })).toBe(
      0 + 6,
    )
    expect(sampleValue(s, 'kafka_consumergroup_lag_sum', { consumergroup: G.twoTopics, topic: T3 })).toBe(
      9 + 18 + 27,
    )
    expect(sampleValue(s, 'kafka_consumergroup_members', { consumergroup: G.active })).toBe(1)
    const info = select(s, 'kafka_consumergroup_info', { consumergroup: G.active })
    expect(info).toHaveLength(1)
    expect(info[0]?.labels).toMatchObject({ state: 'STABLE', protocol: 'classic', protocol_type: 'consumer' })
    expect(sampleValue(s, 'kafka_topic_replication_factor', { topic: T3 })).toBe(3)
    expect(sampleValue(s, 'kafka_topic_replication_factor', { topic: T1 })).toBe(1)
    expect(sampleValue(s, 'kafka_topic_partitions', { topic: T3 })).toBe(3)
  })

  it('reports messages lost when retention deletes below a committed offset', async () => {
    await commitOffsets(cluster.bootstrap, G.lost, [{ topic: T1, partition: 0, offset: 1 }])
    const admin = new Admin({
      clientId: 'test-delete-records',
      bootstrapBrokers: cluster.bootstrap.split(','),
    })
    try {
      await admin.deleteRecords({ topics: [{ name: T1, partitions: [{ partition: 0, offset: 4n }] }] })
    } finally {
      await admin.close()
    }
    const s = await exporter.waitFor('log start moved', (s) =>
      sampleValue(s, 'kafka_topic_partition_oldest_offset', { topic: T1, partition: '0' }) === 4 &&
      sampleValue(s, 'kafka_consumergroup_lost_messages', {
        consumergroup: G.lost,
        topic: T1,
        partition: '0',
      }) !== undefined
        ? s
        : undefined,
    )
    expect(
      sampleValue(s, 'kafka_consumergroup_lost_messages', {
        consumergroup: G.lost,
        topic: T1,
        partition: '0',
      }),
    ).toBe(3)
    expect(
      sampleValue(s, 'kafka_consumergroup_lag', { consumergroup: G.lost, topic: T1, partition: '0' }),
    ).toBe(4)
    expect(
      sampleValue(s, 'kafka_consumergroup_lost_messages', {
        consumergroup: G.twoTopics,
        topic: T1,
        partition: '0',
      }),
    ).toBe(0)
  })

  it.runIf(kafkaMajor >= 4)(
    'describes a KIP-848 consumer-protocol group with its members and state',
    async () => {
      const group = `kip848-${run}`
      consumers.push(await startConsumer(cluster.bootstrap, group, [T3], 'consumer'))
      const s = await exporter.waitFor('KIP-848 group stable with 3 lag series', (s) => {
        const info = select(s, 'kafka_consumergroup_info', { consumergroup: group })[0]
        const lags = select(s, 'kafka_consumergroup_lag', { consumergroup: group })
        return info?.labels.state === 'STABLE' && lags.length === 3 && lags.every((l) => l.value === 0)
          ? s
          : undefined
      })
      expect(select(s, 'kafka_consumergroup_info', { consumergroup: group })[0]?.labels.protocol).toBe(
        'consumer',
      )
      expect(sampleValue(s, 'kafka_consumergroup_members', { consumergroup: group })).toBe(1)
      expect(sampleValue(s, 'kafkascope_collector_success', { collector: 'group_members' })).toBe(1)
    },
  )

  it('drops the series of a deleted group and a deleted topic at the next poll', async () => {
    await deleteGroup(cluster.bootstrap, G.partial)
    await exporter.waitFor('deleted group gone', (s) =>
      select(s, 'kafka_consumergroup_info', { consumergroup: G.partial }).length === 0 ? true : undefined,
    )
    const doomed = `doomed-${run}`
    await createTopic(cluster.bootstrap, doomed, { partitions: 2, replicas: 1 })
    await exporter.waitFor('new topic seen', (s) =>
      sampleValue(s, 'kafka_topic_partitions', { topic: doomed }) === 2 ? true : undefined,
    )
    await deleteTopic(cluster.bootstrap, doomed)
    const s = await exporter.waitFor('deleted topic gone', (s) =>
      s.some((x) => x.labels.topic === doomed) ? undefined : s,
    )
    expect(sampleValue(s, 'kafkascope_up')).toBe(1)
    await deleteGroup(cluster.bootstrap, G.empty)
    await exporter.waitFor('second deleted group gone', (s) =>
      s.some((x) => x.labels.consumergroup === G.empty) ? undefined : true,
    )
  })
})
