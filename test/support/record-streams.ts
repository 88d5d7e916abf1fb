import type { BrokerLink } from '../../src/kafka/broker-link.js'
import { streamsGroupDescribeRequest } from '../../src/kafka/streams-group-describe.js'
import type { BrokerRecord } from '../../src/kafka/types.js'
import { pollUntil } from '../harness/kafka/metadata.js'
import { type StreamsApp, startStreamsApp } from '../harness/kafka/streams-groups.js'
import { createTopic } from '../harness/kafka/traffic.js'
import type { KafkaCluster } from '../harness/kafka/types.js'
import { RECORDED } from './recorded-data.js'

/**
 * For record-responses.ts: a Kafka Streams app (KIP-1071) with two stream threads copying rec-plain to
 * rec-streams-out, running until both threads are members with tasks, so StreamsGroupDescribe is recorded with a
 * topology and an assignment. The caller stops it once recorded.
 */
export async function startRecordedStreamsApp(
  cluster: KafkaCluster,
  link: BrokerLink,
  broker: BrokerRecord,
): Promise<StreamsApp> {
  const { plain, streamsSink, groups } = RECORDED
  await createTopic(cluster.bootstrap, streamsSink, { partitions: plain.partitions, replicas: 1 })
  const app = await startStreamsApp({
    libDir: cluster.libDir,
    version: cluster.version,
    bootstrap: cluster.bootstrap,
    applicationId: groups.streams,
    source: plain.topic,
    sink: streamsSink,
    threads: 2,
  })
  await pollUntil(
    'two Streams threads with tasks in a stable group',
    async () => {
      const [g] = await link.request(broker, streamsGroupDescribeRequest({ groupIds: [groups.streams] }))
      return g?.state === 'STABLE' && g.members.length === 2 && g.members.every((m) => m.tasks.active > 0)
        ? true
        : undefined
    },
    { timeoutMs: 120_000 },
  )
  return app
}
