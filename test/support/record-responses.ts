// Records real broker responses as fixtures for the API decoders' unit tests (test/unit/kafka/recorded-*.test.ts).
// Usage: flock /tmp/kafkascope-cluster.lock npx tsx test/support/record-responses.ts   (KAFKA_VERSION=3.9.1 for 3.9)
// Starts a one-node harness cluster (every partition on one leader, so one Fetch answer holds several partitions),
// writes known data with fixed timestamps (plain, gzip and lz4 batches; an aborted, a committed and an open
// transaction), then sends each request kafkascope sends through the real client code and writes the raw response
// body (after the response header) to test/fixtures/kafka/<kafka version>/<api>-v<version>[-<variant>].bin, with
// manifest.json naming what the tests need to ask again (topic ids, the broker).
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ProduceAcks, Producer } from '@platformatic/kafka'
import type { ApiCall } from '../../src/kafka/api-call.js'
import { BrokerLink } from '../../src/kafka/broker-link.js'
import { consumerGroupDescribeRequest } from '../../src/kafka/consumer-group-describe.js'
import { describeConfigsRequest } from '../../src/kafka/describe-configs.js'
import { describeGroupsRequest } from '../../src/kafka/describe-groups.js'
import { describeLogDirsRequest } from '../../src/kafka/describe-log-dirs.js'
import { describeQuorumRequest } from '../../src/kafka/describe-quorum.js'
import { describeShareGroupOffsetsRequest } from '../../src/kafka/describe-share-group-offsets.js'
import { fetchRequest } from '../../src/kafka/fetch.js'
import { listGroupsRequest } from '../../src/kafka/list-groups.js'
import { listOffsetsRequest } from '../../src/kafka/list-offsets.js'
import { metadataRequest } from '../../src/kafka/metadata.js'
import { offsetFetchRequest } from '../../src/kafka/offset-fetch.js'
import { shareGroupDescribeRequest } from '../../src/kafka/share-group-describe.js'
import { streamsGroupDescribeRequest } from '../../src/kafka/streams-group-describe.js'
import type { BrokerRecord, RecordTimestampQuery } from '../../src/kafka/types.js'
import { startKafkaCluster } from '../harness/kafka/cluster.js'
import { kafkaMajor, repoRoot } from '../harness/kafka/jars.js'
import { pollUntil } from '../harness/kafka/metadata.js'
import { readFromEarliest, SHARE_GROUP_COMMAND, startShareConsumer } from '../harness/kafka/share-groups.js'
import { commitOffsets, createTopic, transactionalProducer } from '../harness/kafka/traffic.js'
import { startConsumer } from './consumers.js'
import { startRecordedStreamsApp } from './record-streams.js'
import { RECORDED } from './recorded-data.js'

const cluster = await startKafkaCluster({ nodes: 1 })
const dir = join(repoRoot, 'test', 'fixtures', 'kafka', cluster.version)
const link = new BrokerLink({ bootstrap: cluster.bootstrap.split(',') })
const consumers: { close(): Promise<void> }[] = []
const javaMembers: { stop(): Promise<void> }[] = []
try {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const bootstrap = cluster.bootstrap
  const { plain, compressed, txn, T } = RECORDED
  await createTopic(bootstrap, plain.topic, { partitions: plain.partitions, replicas: 1 })
  await createTopic(bootstrap, compressed.topic, { replicas: 1, configs: { 'retention.ms': '-1' } })
  // The markers carry the broker's clock, years after the records' fixed timestamps: that would roll a new segment
  // (segment.ms), and a Fetch answers from one segment only.
  await createTopic(bootstrap, txn.topic, {
    replicas: 1,
    configs: { 'segment.ms': String(10 * 365 * 86_400_000) },
  })

  const producer = new Producer({ clientId: 'recorder', bootstrapBrokers: bootstrap.split(',') })
  // One send = one batch per partition: plain.batches batches of plain.perBatch records on each partition.
  for (let b = 0; b < plain.batches; b++) {
    const messages = Array.from({ length: plain.partitions * plain.perBatch }, (_, i) => {
      const partition = i % plain.partitions
      const offset = b * plain.perBatch + Math.floor(i / plain.partitions)
      return {
        topic: plain.topic,
        partition,
        value: Buffer.from(`p${partition}-${offset}`),
        timestamp: plain.at(partition, offset),
      }
    })
    await producer.send({ messages, acks: ProduceAcks.ALL })
  }
  for (const part of compressed.parts) {
    const messages = Array.from({ length: part.count }, (_, i) => ({
      topic: compressed.topic,
      partition: 0,
      // Compressible values, as real ones often are.
      value: Buffer.from(`${part.compression}-${i} ${'x'.repeat(100)}`),
      timestamp: T + BigInt(part.from + i),
    }))
    await producer.send({ messages, acks: ProduceAcks.ALL, compression: part.compression })
  }
  const transactional = transactionalProducer(bootstrap, 'recorder-txn')
  await transactional.transaction(txn.topic, txn.aborted.count, 'abort', Number(T))
  await transactional.transaction(txn.topic, txn.committed.count, 'commit', Number(T) + 10)
  await producer.send({
    messages: [{ topic: txn.topic, partition: 0, value: Buffer.from('plain'), timestamp: T + 20n }],
    acks: ProduceAcks.ALL,
  })
  const open = await transactional.transaction(txn.topic, txn.open.count, 'open', Number(T) + 30)
  await producer.close()

  await commitOffsets(bootstrap, RECORDED.groups.committed, [
    { topic: plain.topic, partition: 0, offset: 5 },
    { topic: plain.topic, partition: 2, offset: 11 },
  ])
  consumers.push(await startConsumer(bootstrap, RECORDED.groups.classic, [plain.topic], 'classic'))
  const newProtocol = kafkaMajor(cluster.version) >= 4
  if (newProtocol)
    consumers.push(await startConsumer(bootstrap, RECORDED.groups.consumer, [plain.topic], 'consumer'))

  const written: string[] = []
  /** Sends `call` and keeps the response body it decodes. */
  async function record<Out>(name: string, call: ApiCall<Out>, send: (c: ApiCall<Out>) => Promise<Out>) {
    let version = -1
    const recorded = {
      ...call,
      decode: (reader: Parameters<ApiCall<Out>['decode']>[0], v: number) => {
        version = v
        const bytes = reader.buffer.slice(reader.position, reader.buffer.length)
        void writeFile(join(dir, `${name.replace('%v', String(v))}.bin`), bytes)
        written.push(`${name.replace('%v', String(v))} (${bytes.length} bytes)`)
        return call.decode(reader, v)
      },
    }
    const out = await send(recorded)
    return { out, version }
  }

  const { out: metadata, version: metadataVersion } = await record(
    'metadata-v%v',
    metadataRequest({ topics: 'all' }),
    (c) => link.anyBroker(c),
  )
  const broker = metadata.brokers[0] as BrokerRecord
  const topicIds = Object.fromEntries(metadata.topics.map((t) => [t.name, t.id]))
  // The groups are ready once the members have their partitions.
  await pollUntil(
    'members with assignments',
    async () => {
      const described = await link.request(
        broker,
        describeGroupsRequest({ groupIds: [RECORDED.groups.classic] }),
      )
      return described[0]?.members[0]?.assignments.length === plain.partitions ? true : undefined
    },
    { timeoutMs: 60_000 },
  )
  if (newProtocol) {
    await pollUntil(
      'consumer-protocol member with assignments',
      async () => {
        const described = await link.request(
          broker,
          consumerGroupDescribeRequest({ groupIds: [RECORDED.groups.consumer] }),
        )
        return described[0]?.members[0]?.assignments.length === plain.partitions ? true : undefined
      },
      { timeoutMs: 60_000 },
    )
  }
  if (newProtocol) {
    // Share groups: two members that read everything (each acknowledging what it prints), and a memberless group
    // whose start offsets kafka-share-groups set.
    await readFromEarliest(cluster, RECORDED.groups.share)
    const shareMembers = [1, 2].map((i) =>
      startShareConsumer(
        cluster.libDir,
        bootstrap,
        RECORDED.groups.share,
        plain.topic,
        `${RECORDED.groups.share}-${i}`,
      ),
    )
    javaMembers.push(...shareMembers)
    const total = plain.partitions * plain.batches * plain.perBatch
    await pollUntil(
      'the share consumers to read every record',
      async () => (shareMembers.reduce((n, m) => n + m.received(), 0) >= total ? true : undefined),
      { timeoutMs: 90_000 },
    )
    await pollUntil(
      'two share-group members',
      async () => {
        const [g] = await link.request(
          broker,
          shareGroupDescribeRequest({ groupIds: [RECORDED.groups.share] }),
        )
        return g?.members.length === 2 && g.members.every((m) => m.assignments.length > 0) ? true : undefined
      },
      { timeoutMs: 60_000 },
    )
    const reset = await cluster.runTool(SHARE_GROUP_COMMAND, [
      ...['--bootstrap-server', bootstrap, '--reset-offsets', '--group', RECORDED.groups.shareReset],
      ...['--topic', plain.topic, '--to-offset', String(RECORDED.shareResetOffset), '--execute'],
    ])
    if (reset.code !== 0)
      throw new Error(`kafka-share-groups --reset-offsets failed: ${reset.stdout}${reset.stderr}`)
    javaMembers.push(await startRecordedStreamsApp(cluster, link, broker))
  }
  await record('list-groups-v%v', listGroupsRequest(), (c) => link.request(broker, c))
  if (newProtocol) {
    const shareIds = [RECORDED.groups.share, RECORDED.groups.shareReset, 'no-such-group']
    await record('share-group-describe-v%v', shareGroupDescribeRequest({ groupIds: shareIds }), (c) =>
      link.request(broker, c),
    )
    await record(
      'describe-share-group-offsets-v%v',
      describeShareGroupOffsetsRequest({ groupIds: shareIds }),
      (c) => link.request(broker, c),
    )
    const streamsIds = [RECORDED.groups.streams, 'no-such-group']
    await record('streams-group-describe-v%v', streamsGroupDescribeRequest({ groupIds: streamsIds }), (c) =>
      link.request(broker, c),
    )
  }
  await record(
    'describe-groups-v%v',
    describeGroupsRequest({ groupIds: [RECORDED.groups.classic, 'no-such-group'] }),
    (c) => link.request(broker, c),
  )
  if (newProtocol) {
    await record(
      'consumer-group-describe-v%v',
      consumerGroupDescribeRequest({ groupIds: [RECORDED.groups.consumer] }),
      (c) => link.request(broker, c),
    )
  }
  await record(
    'offset-fetch-v%v',
    offsetFetchRequest({ groupIds: [RECORDED.groups.committed, 'no-such-group'] }),
    (c) => link.request(broker, c),
  )
  const partitions = metadata.topics
    .filter((t) => t.name.startsWith('rec-'))
    .flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leaderEpoch: p.leaderEpoch })),
    )
  for (const spec of ['earliest', 'latest', 'lastStable'] as const) {
    await record(`list-offsets-v%v-${spec}`, listOffsetsRequest({ partitions, spec }), (c) =>
      link.request(broker, c),
    )
  }
  await record(
    'describe-configs-v%v',
    describeConfigsRequest({
      topics: [compressed.topic, plain.topic],
      keys: ['retention.ms', 'cleanup.policy'],
    }),
    (c) => link.anyBroker(c),
  )
  // The one-node quorum: its node leads and is the only voter (3.9.1 and 4.4.0 both answer v2).
  await record('describe-quorum-v%v', describeQuorumRequest(), (c) => link.anyBroker(c))
  const queries: RecordTimestampQuery[] = partitions.map((p) => ({
    ...p,
    topicId: topicIds[p.topic] as string,
    offset: 0,
  }))
  // The fixtures must hold every batch up to the high watermark, markers included.
  await pollUntil(
    'a Fetch answer with every batch',
    async () => {
      const answer = await link.request(
        broker,
        fetchRequest({ queries, maxBytes: 1 << 20, isolation: 'read_uncommitted' }),
      )
      const ends = answer.topics.flatMap((t) => t.partitions.map((p) => p.records?.at(-1)))
      const complete =
        ends.every((b) => b !== undefined) &&
        answer.topics
          .flatMap((t) => t.partitions)
          .every((p) => {
            const last = p.records?.at(-1)
            return (
              last !== undefined && last.firstOffset + BigInt(last.lastOffsetDelta) + 1n === p.highWatermark
            )
          })
      return complete ? true : undefined
    },
    { timeoutMs: 30_000 },
  )
  for (const isolation of ['read_committed', 'read_uncommitted'] as const) {
    await record(
      `fetch-v%v-${isolation.replace('_', '-')}`,
      fetchRequest({ queries, maxBytes: 1 << 20, isolation }),
      (c) => link.request(broker, c),
    )
  }
  // After the Fetch answers and before the open transaction ends: each log's size is then the bytes of the
  // batches those answers hold (recorded-log-dirs.test.ts compares them).
  await record('describe-log-dirs-v%v', describeLogDirsRequest(), (c) => link.request(broker, c))
  await open.finish('abort')
  await transactional.close()
  await writeFile(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ kafka: cluster.version, metadataVersion, brokerId: broker.id, topicIds }, null, 2)}\n`,
  )
  console.log(`recorded in ${dir}:\n  ${written.join('\n  ')}`)
} finally {
  for (const c of consumers) await c.close().catch(() => {})
  for (const c of javaMembers) await c.stop().catch(() => {})
  await link.close()
  await cluster.teardown()
}
