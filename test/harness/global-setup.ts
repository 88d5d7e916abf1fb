import { createServer } from 'node:net'
import type { TestProject } from 'vitest/node'
import { startKafkaCluster } from './kafka/cluster.js'
import { startControlServer } from './kafka/control-server.js'
import './kafka/provided.js'

/**
 * One real Kafka cluster for the whole integration run (starting one costs tens of seconds on 2 cores).
 * Tests reach it through inject('kafkaBootstrap') and connectCluster() from ./kafka/remote.ts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now()
  // A second client listener per node that advertises a port where tests can put a counting proxy, so they can
  // count a poll's requests on the wire (test/integration/request-budget.test.ts).
  // The reservations stay bound while the cluster picks its own ports, so none of them can collide.
  const reservations = await Promise.all([0, 1, 2].map(() => reservePort()))
  const proxyPorts = reservations.map((r) => r.port)
  const cluster = await startKafkaCluster({
    extraListeners: [
      {
        name: 'PROXIED',
        protocol: 'PLAINTEXT',
        advertisedPort: (nodeId) => proxyPorts[nodeId - 1] as number,
      },
    ],
  }).finally(() => Promise.all(reservations.map((r) => r.release())))
  const control = await startControlServer(cluster).catch(async (err: unknown) => {
    await cluster.teardown()
    throw err
  })
  console.info(`[kafka] ${cluster.version} cluster ${cluster.bootstrap} ready in ${Date.now() - started} ms`)
  project.provide('kafkaBootstrap', cluster.bootstrap)
  project.provide('kafkaControlUrl', control.url)
  project.provide('kafkaVersion', cluster.version)
  project.provide(
    'kafkaProxyPorts',
    Object.fromEntries(cluster.nodes.map((n) => [n.id, proxyPorts[n.id - 1] as number])),
  )
  return async () => {
    await control.close()
    await cluster.teardown()
  }
}

async function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as { port: number }
  return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
