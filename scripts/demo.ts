// npm run demo: a local 3-broker Kafka from Maven Central jars, some traffic with a lagging consumer group, and
// kafkascope on :9308. Ctrl-C stops everything and removes the temporary files.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { ProduceAcks, Producer } from '@platformatic/kafka'
import { startKafkaCluster } from '../test/harness/kafka/cluster.js'
import { bootstrapList } from '../test/harness/kafka/metadata.js'
import { commitOffsets, createTopic } from '../test/harness/kafka/traffic.js'
import { startThrottledConsumer } from '../test/support/consumers.js'

const port = process.env.KAFKASCOPE_DEMO_PORT ?? '9308'
const say = (text: string) => console.log(`[demo] ${text}`)
const STATUS_WINDOW = '90s'

say('starting a 3-broker Kafka cluster (first run downloads the jars from Maven Central)...')
const cluster = await startKafkaCluster({ nodes: 3 })
const brokers = bootstrapList(cluster.bootstrap)
const stops: (() => Promise<unknown>)[] = [() => cluster.teardown()]
let stopping = false
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    say('stopping...')
    for (const stop of stops.reverse()) await stop().catch(() => {})
  }
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

try {
  await createTopic(cluster.bootstrap, 'orders', {
    partitions: 6,
    replicas: 3,
    configs: { 'min.insync.replicas': '2' },
  })
  await createTopic(cluster.bootstrap, 'payments', { partitions: 3, replicas: 3 })
  await createTopic(cluster.bootstrap, 'audit-log', { partitions: 2, replicas: 1 })

  const producer = new Producer({
    clientId: 'demo-producer',
    bootstrapBrokers: brokers,
    acks: ProduceAcks.LEADER,
  })
  stops.push(() => producer.close())
  let produced = 0
  const produceLoop = (async () => {
    while (!stopping) {
      const messages = Array.from({ length: 20 }, (_, i) => ({
        topic: i % 4 === 0 ? 'payments' : i % 7 === 0 ? 'audit-log' : 'orders',
        value: Buffer.from(`event-${produced + i}`),
      }))
      await producer.send({ messages }).catch(() => {})
      produced += messages.length
      await sleep(250)
    }
  })()
  stops.push(() => produceLoop)

  // billing keeps up; shipping handles 10 messages a second and falls behind; analytics committed once and left.
  // Both commit what they have handled every 200 ms, as a Java consumer with auto-commit and small polls does (the
  // client's own autocommit commits what it fetched ahead, which for a slow consumer comes in bursts a minute apart).
  const billing = await startThrottledConsumer(
    cluster.bootstrap,
    'billing',
    ['payments'],
    Number.POSITIVE_INFINITY,
  )
  const shipping = await startThrottledConsumer(cluster.bootstrap, 'shipping', ['orders'], 10)
  stops.push(
    () => billing.close(),
    () => shipping.close(),
  )
  await commitOffsets(cluster.bootstrap, 'analytics', [{ topic: 'orders', partition: 0, offset: 0 }])

  const exporter: ChildProcess = spawn(
    process.execPath,
    [
      'dist/cli.js',
      ...brokers.map((b) => `--kafka.server=${b}`),
      `--web.listen-address=:${port}`,
      '--poll.interval=5s',
      // The default window is 10 minutes; a short one lets a newcomer see every status within two minutes.
      `--status.window=${STATUS_WINDOW}`,
    ],
    { stdio: 'inherit' },
  )
  stops.push(async () => {
    exporter.kill('SIGTERM')
    await once(exporter, 'exit')
  })
  exporter.on('exit', (code) => {
    if (!stopping) {
      say(`kafkascope exited with code ${code}`)
      void shutdown(1)
    }
  })

  say(`Kafka bootstrap: ${cluster.bootstrap}`)
  say(`kafkascope:      http://localhost:${port}/  (metrics at /metrics)`)
  say(`try:            curl -s localhost:${port}/metrics | grep kafka_consumergroup_lag_sum`)
  say(`try:            curl -s localhost:${port}/api/v1/groups | jq '.[] | {groupId, status, reason}'`)
  say(
    `statuses are judged over --status.window=${STATUS_WINDOW} here (10m by default): analytics is stopped ` +
      'within a few polls, billing ok and shipping lagging after 75 to 90 s (unknown until then)',
  )
  say('Ctrl-C to stop and clean up')
} catch (error) {
  console.error('[demo] failed:', error)
  await shutdown(1)
}
