import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { sampleValue } from '../support/exposition.js'

const cluster = connectCluster()
let exporter: RunningExporter

beforeAll(async () => {
  exporter = await startExporter([...serverFlags(cluster.bootstrap), '--poll.interval=500ms'])
})
afterAll(async () => {
  await exporter?.stop()
  // Leave the shared cluster whole for the next file, even if a test failed midway.
  const state = await cluster.state()
  for (const node of state.nodes) if (!node.running) await cluster.startNode(node.id)
  await cluster.waitForBrokers(state.nodes.length)
})

describe('brokers on a real 3-node cluster', () => {
  it('counts 3 brokers and describes each', async () => {
    const samples = await exporter.waitFor('kafka_brokers', (s) => sampleValue(s, 'kafka_brokers'))
    expect(samples).toBe(3)
    const all = await exporter.scrape()
    const state = await cluster.state()
    for (const node of state.nodes) {
      expect(
        sampleValue(all, 'kafka_broker_info', { id: String(node.id), address: `${node.host}:${node.port}` }),
      ).toBe(1)
    }
    expect(sampleValue(all, 'kafkascope_up')).toBe(1)
    expect(sampleValue(all, 'kafkascope_collector_success', { collector: 'metadata' })).toBe(1)
    const controller = sampleValue(all, 'kafka_cluster_controller_id')
    expect(state.nodes.map((n) => n.id)).toContain(controller)
  })

  it('sees a stopped broker leave and come back', async () => {
    await cluster.stopNode(3, 'SIGTERM')
    await exporter.waitFor('kafka_brokers 2', (s) =>
      sampleValue(s, 'kafka_brokers') === 2 ? true : undefined,
    )
    const down = await exporter.scrape()
    expect(sampleValue(down, 'kafka_broker_info', { id: '3' })).toBeUndefined()
    expect(sampleValue(down, 'kafkascope_up')).toBe(1)

    await cluster.startNode(3)
    await exporter.waitFor('kafka_brokers 3', (s) =>
      sampleValue(s, 'kafka_brokers') === 3 ? true : undefined,
    )
  })
})
