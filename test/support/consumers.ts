import { Consumer, GroupProtocols, MessagesStreamModes } from '@platformatic/kafka'

export interface RunningConsumer {
  /** Messages received so far. */
  readonly received: () => number
  close(): Promise<void>
}

/**
 * A real group member that reads from the committed offset (or the beginning) and auto-commits every 200 ms.
 * `protocol` "consumer" joins with KIP-848's new group protocol (Kafka 4.x).
 */
export async function startConsumer(
  bootstrap: string,
  groupId: string,
  topics: string[],
  protocol: 'classic' | 'consumer' = 'classic',
): Promise<RunningConsumer> {
  const consumer = new Consumer({
    clientId: `test-${groupId}`,
    groupId,
    bootstrapBrokers: bootstrap.split(','),
    ...(protocol === 'consumer'
      ? { groupProtocol: GroupProtocols.CONSUMER }
      : { sessionTimeout: 10_000, heartbeatInterval: 500 }),
  } as ConstructorParameters<typeof Consumer>[0])
  const stream = await consumer.consume({
    topics,
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: 'earliest',
    autocommit: 200,
  })
  let count = 0
  stream.on('data', () => {
    count++
  })
  stream.on('error', () => {})
  return {
    received: () => count,
    async close() {
      await new Promise<void>((resolve) => stream.close(() => resolve()))
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    },
  }
}

/**
 * A group member that joins, gets partitions assigned and never consumes or commits: what a hung consumer looks
 * like from outside (heartbeats keep it in the group).
 */
export async function startIdleMember(
  bootstrap: string,
  groupId: string,
  topics: string[],
): Promise<RunningConsumer> {
  const consumer = new Consumer({
    clientId: `test-idle-${groupId}`,
    groupId,
    bootstrapBrokers: bootstrap.split(','),
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  })
  const stream = await consumer.consume({ topics, mode: MessagesStreamModes.COMMITTED, autocommit: false })
  stream.pause()
  stream.on('error', () => {})
  let closed = false
  return {
    received: () => 0,
    async close() {
      if (closed) return
      closed = true
      await new Promise<void>((resolve) => stream.close(() => resolve()))
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    },
  }
}

export interface ThrottledConsumer extends RunningConsumer {
  /** Messages per second it handles from now on; Infinity for as fast as they come. */
  setRate(perSecond: number): void
}

/**
 * A real group member that handles at most `perSecond` messages a second (a slow consumer) and commits, every 200 ms,
 * the position it has handled (as Java's auto-commit does), not what the client has fetched ahead; the rate can
 * change while it runs (a consumer that gets faster after a fix or a scale-up).
 */
export async function startThrottledConsumer(
  bootstrap: string,
  groupId: string,
  topics: string[],
  perSecond: number,
): Promise<ThrottledConsumer> {
  const consumer = new Consumer({
    clientId: `test-slow-${groupId}`,
    groupId,
    bootstrapBrokers: bootstrap.split(','),
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  })
  const stream = await consumer.consume({
    topics,
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: 'earliest',
    autocommit: false,
  })
  stream.on('error', () => {})
  let rate = perSecond
  let count = 0
  let closed = false
  let handled: { commit(): unknown } | undefined
  let committed: unknown
  const committer = setInterval(() => {
    if (handled === undefined || handled === committed) return
    committed = handled
    void Promise.resolve(handled.commit()).catch(() => {})
  }, 200)
  const loop = (async () => {
    for await (const message of stream) {
      if (closed) break
      if (Number.isFinite(rate)) await new Promise((r) => setTimeout(r, 1000 / rate))
      count++
      handled = message
    }
  })().catch(() => {})
  return {
    received: () => count,
    setRate(perSecondNow: number) {
      rate = perSecondNow
    },
    async close() {
      if (closed) return
      closed = true
      clearInterval(committer)
      await new Promise<void>((resolve) => stream.close(() => resolve()))
      await loop
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    },
  }
}
