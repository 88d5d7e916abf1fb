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
  const cluster = await startKafkaCluster()
  const control = await startControlServer(cluster).catch(async (err: unknown) => {
    await cluster.teardown()
    throw err
  })
  console.info(`[kafka] ${cluster.version} cluster ${cluster.bootstrap} ready in ${Date.now() - started} ms`)
  project.provide('kafkaBootstrap', cluster.bootstrap)
  project.provide('kafkaControlUrl', control.url)
  project.provide('kafkaVersion', cluster.version)
  return async () => {
    await control.close()
    await cluster.teardown()
  }
}
