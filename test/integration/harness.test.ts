import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDescribeGroups } from '../harness/kafka/consumer-groups.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, deleteGroup, deleteTopic, produce } from '../harness/kafka/traffic.js'

const cluster = connectCluster()
const run = randomUUID().slice(0, 8)
const topic = `harness-${run}`
const groupA = `harness-a-${run}`
const groupB = `harness-b-${run}`

/** Other integration files share the cluster: whatever happens here, leave all nodes up. */
async function restoreAllNodes(): Promise<void> {
  const { nodes } = await cluster.state()
  for (const node of nodes.filter((n) => !n.running)) await cluster.startNode(node.id)
  await cluster.waitForBrokers(nodes.length)
}

describe('kafka test harness', () => {
  afterAll(async () => {
    await restoreAllNodes()
    await deleteGroup(cluster.bootstrap, groupA).catch(() => undefined)
    await deleteGroup(cluster.bootstrap, groupB).catch(() => undefined)
    await deleteTopic(cluster.bootstrap, topic).catch(() => undefined)
  })

  it('runs three brokers', async () => {
    const state = await cluster.state()
    expect(state.version).toBe(cluster.version)
    expect(state.nodes.map((n) => [n.id, n.running])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ])
    expect(state.bootstrap).toBe(state.nodes.map((n) => `127.0.0.1:${n.port}`).join(','))
    await cluster.waitForBrokers(3, 10_000)
  })

  it('runs Kafka CLI tools', async () => {
    const result = await cluster.runTool('org.apache.kafka.tools.FeatureCommand', [
      '--bootstrap-server',
      cluster.bootstrap,
      'describe',
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Feature: metadata\.version/)
    if (Number(cluster.version.split('.')[0]) >= 4)
      expect(result.stdout).toMatch(/Feature: group\.version\s+SupportedMinVersion/)
  })

  it('describes no groups before any offset is committed', async () => {
    const rows = await cluster.describeGroups('all')
    expect(rows.filter((r) => r.group.endsWith(run))).toEqual([])
  })

  it('reports committed offsets, log end offsets and lag like ConsumerGroupCommand', async () => {
    await createTopic(cluster.bootstrap, topic, { partitions: 3, replicas: 3 })
    await produce(cluster.bootstrap, topic, [5, 3, 0])
    await commitOffsets(cluster.bootstrap, groupA, [
      { topic, partition: 0, offset: 2 },
      { topic, partition: 1, offset: 3 },
    ])
    await commitOffsets(cluster.bootstrap, groupB, [{ topic, partition: 2, offset: 0 }])

    const rows = await cluster.describeGroups([groupA, groupB])
    const summary = rows.map((r) => [r.group, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag])
    expect(summary.sort()).toEqual(
      [
        [groupA, topic, 0, 2, 5, 3],
        [groupA, topic, 1, 3, 3, 0],
        [groupB, topic, 2, 0, 0, 0],
      ].sort(),
    )
    expect(rows.every((r) => r.consumerId === null && r.host === null && r.clientId === null)).toBe(true)

    const all = await cluster.describeGroups('all')
    expect(all.filter((r) => r.group.endsWith(run))).toHaveLength(3)
  })

  it('stops a node gracefully and brings it back', async () => {
    await cluster.stopNode(2, 'SIGTERM')
    expect((await cluster.state()).nodes.find((n) => n.id === 2)?.running).toBe(false)
    await cluster.waitForBrokers(2)
    // The bootstrap list still names the stopped node; tools must cope with that.
    const rows = await cluster.describeGroups([groupA])
    expect(rows.map((r) => r.lag).sort()).toEqual([0, 3])

    await cluster.startNode(2)
    await cluster.waitForBrokers(3)
  })

  it('kills a node and brings it back', async () => {
    await cluster.stopNode(3, 'SIGKILL')
    // A crashed broker stays registered until its session times out (broker.session.timeout.ms).
    await cluster.waitForBrokers(2)
    await cluster.startNode(3)
    await cluster.waitForBrokers(3)
    const rows = await cluster.describeGroups([groupB])
    expect(rows.map((r) => [r.partition, r.currentOffset, r.logEndOffset, r.lag])).toEqual([[2, 0, 0, 0]])
  })

  it('rejects unknown nodes with a helpful error', async () => {
    await expect(cluster.stopNode(9)).rejects.toThrow(/no node 9/)
  })
})

describe('parseDescribeGroups', () => {
  it('reads several group blocks by header name', () => {
    const out = [
      '',
      "Consumer group 'g1' has no active members.",
      '',
      'GROUP TOPIC PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID',
      'g1    t     0          -               7               -               -               -               -',
      'g1    t     1          4               7               3               -               -               -',
      '',
      'GROUP TOPIC PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST        CLIENT-ID',
      'g2    u     0          1               1               0    c-1-abc      /127.0.0.1  my client',
      'g2    -     -          -               -               -    c-2-def      /127.0.0.1  other',
      '',
    ].join('\n')
    expect(parseDescribeGroups(out)).toEqual([
      {
        group: 'g1',
        topic: 't',
        partition: 0,
        currentOffset: null,
        logEndOffset: 7,
        lag: null,
        consumerId: null,
        host: null,
        clientId: null,
      },
      {
        group: 'g1',
        topic: 't',
        partition: 1,
        currentOffset: 4,
        logEndOffset: 7,
        lag: 3,
        consumerId: null,
        host: null,
        clientId: null,
      },
      {
        group: 'g2',
        topic: 'u',
        partition: 0,
        currentOffset: 1,
        logEndOffset: 1,
        lag: 0,
        consumerId: 'c-1-abc',
        host: '/127.0.0.1',
        clientId: 'my client',
      },
    ])
  })
})
