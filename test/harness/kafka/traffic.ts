import { Admin, type MessageToProduce, ProduceAcks, Producer } from '@platformatic/kafka'
import { bootstrapList, pollUntil } from './metadata.js'

const clientId = 'kafkascope-test-traffic'

async function withAdmin<T>(bootstrap: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin({ clientId, bootstrapBrokers: bootstrapList(bootstrap) })
  try {
    return await fn(admin)
  } finally {
    await admin.close()
  }
}

export interface TopicOptions {
  partitions?: number
  replicas?: number
  configs?: Record<string, string>
}

/** Creates a topic and waits until every partition has a leader and a full ISR, so producing right after cannot fail. */
export async function createTopic(bootstrap: string, name: string, opts: TopicOptions = {}): Promise<void> {
  const { partitions = 1, replicas = 3, configs = {} } = opts
  await withAdmin(bootstrap, async (admin) => {
    await admin.createTopics({
      topics: [name],
      partitions,
      replicas,
      configs: Object.entries(configs).map(([key, value]) => ({ name: key, value })),
    })
    await pollUntil(
      `leaders for all ${partitions} partitions of ${name}`,
      async () => {
        const md = await admin.metadata({ topics: [name], forceUpdate: true })
        const topic = md.topics.get(name)
        // Every replica in sync too: an acks=all produce right after a broker restart (earlier tests fail brokers
        // over) otherwise meets a partition whose follower is not back in the ISR yet.
        const ready =
          topic?.partitionsCount === partitions &&
          topic.partitions.every((p) => p.leader >= 0 && p.isr.length === p.replicas.length)
        return ready ? true : undefined
      },
      { timeoutMs: 30_000 },
    )
  })
}

export async function deleteTopic(bootstrap: string, name: string): Promise<void> {
  await withAdmin(bootstrap, (admin) => admin.deleteTopics({ topics: [name] }))
}

export interface ProduceOptions {
  /** Timestamp (ms) of message `index` in `partition`; broker time when omitted. */
  timestamp?: (partition: number, index: number) => number | bigint
}

/**
 * Produces exactly `counts[p]` messages to partition p (acks=all), so offsets and lag are known:
 * afterwards the log end offset of p has grown by counts[p].
 */
export async function produce(
  bootstrap: string,
  topic: string,
  counts: number[],
  opts: ProduceOptions = {},
): Promise<void> {
  const messages: MessageToProduce[] = counts.flatMap((count, partition) =>
    Array.from({ length: count }, (_, index) => {
      const message: MessageToProduce = {
        topic,
        partition,
        value: Buffer.from(`${topic}-${partition}-${index}`),
      }
      const ts = opts.timestamp?.(partition, index)
      if (ts !== undefined) message.timestamp = BigInt(ts)
      return message
    }),
  )
  if (messages.length === 0) return
  // Idempotent: the client's own retries of a send (it retries a failed Produce) can then never write a message
  // twice, which would shift every offset the tests assert.
  const producer = new Producer({
    clientId,
    bootstrapBrokers: bootstrapList(bootstrap),
    acks: ProduceAcks.ALL,
    idempotent: true,
  })
  try {
    // acks must be given per send: @platformatic/kafka 1.35 ignores the constructor's acks and defaults each send to
    // leader-only acks, after which the high watermark trails by a replica fetch (seen: ~0.8 s on 3.9).
    await producer.send({ messages, acks: ProduceAcks.ALL })
  } finally {
    await producer.close()
  }
}

export interface CommittedOffset {
  topic: string
  partition: number
  offset: number | bigint
}

/**
 * Commits offsets for a group that has no members (an OffsetCommit with generation -1 and an empty
 * member id, which the group coordinator accepts for empty or unknown groups, creating the group).
 */
export async function commitOffsets(
  bootstrap: string,
  groupId: string,
  offsets: CommittedOffset[],
): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: bigint }[]>()
  for (const { topic, partition, offset } of offsets) {
    const list = byTopic.get(topic) ?? []
    list.push({ partition, offset: BigInt(offset) })
    byTopic.set(topic, list)
  }
  const topics = [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets }))
  await withAdmin(bootstrap, (admin) => admin.alterConsumerGroupOffsets({ groupId, topics }))
}

export async function deleteGroup(bootstrap: string, groupId: string): Promise<void> {
  await withAdmin(bootstrap, (admin) => admin.deleteGroups({ groups: [groupId] }))
}

export interface TransactionalProducer {
  /**
   * Sends `count` messages to partition 0 of `topic` in one transaction, then commits, aborts or leaves it open
   * (`end` 'open' resolves with `finish` to end it later).
   */
  transaction(
    topic: string,
    count: number,
    end: 'commit' | 'abort' | 'open',
    timestamp?: number,
  ): Promise<{ finish: (how: 'commit' | 'abort') => Promise<void> }>
  close(): Promise<void>
}

/**
 * A transactional producer (idempotent, acks=all). @platformatic/kafka 1.35 sends its request `timeout` as the
 * transaction.timeout.ms of InitProducerId, so `transactionTimeoutMs` keeps the broker from aborting a transaction
 * a test leaves open (the broker caps it at transaction.max.timeout.ms, 15 min by default).
 */
export function transactionalProducer(
  bootstrap: string,
  transactionalId: string,
  transactionTimeoutMs = 60_000,
): TransactionalProducer {
  const producer = new Producer({
    clientId,
    bootstrapBrokers: bootstrapList(bootstrap),
    transactionalId,
    idempotent: true,
    acks: ProduceAcks.ALL,
    timeout: transactionTimeoutMs,
  })
  return {
    async transaction(topic, count, end, timestamp) {
      const txn = await producer.beginTransaction()
      const messages: MessageToProduce[] = Array.from({ length: count }, (_, i) => ({
        topic,
        partition: 0,
        value: Buffer.from(`${transactionalId}-${i}`),
        ...(timestamp !== undefined ? { timestamp: BigInt(timestamp) } : {}),
      }))
      await txn.send({ messages, acks: ProduceAcks.ALL })
      const finish = (how: 'commit' | 'abort') => (how === 'commit' ? txn.commit() : txn.abort())
      if (end !== 'open') await finish(end)
      return { finish }
    },
    close: () => producer.close(),
  }
}
