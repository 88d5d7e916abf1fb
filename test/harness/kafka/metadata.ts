import { Admin } from '@platformatic/kafka'
import { KafkaClient } from '../../../src/kafka/client.js'

export function bootstrapList(bootstrap: string): string[] {
  return bootstrap.split(',').filter((b) => b !== '')
}

/**
 * Broker ids in the cluster metadata, as any client sees them (KRaft lists only unfenced brokers).
 * A fresh client per call, so a cached connection to a just-stopped broker cannot answer.
 */
export async function registeredBrokerIds(
  bootstrap: string,
  timeoutMs = 3_000,
  version?: string,
): Promise<number[]> {
  if (version !== undefined && olderThan(version, 3, 1)) return registeredBrokerIdsOld(bootstrap, timeoutMs)
  const admin = new Admin({
    clientId: 'kafkascope-test-harness',
    bootstrapBrokers: bootstrapList(bootstrap),
    retries: 0,
    timeout: timeoutMs,
  })
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true })
    return [...metadata.brokers.keys()].sort((a, b) => a - b)
  } finally {
    await admin.close().catch(() => undefined)
  }
}

/** Whether Kafka `version` is older than major.minor. */
export function olderThan(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((n) => Number.parseInt(n, 10))
  return a < major || (a === major && b < minor)
}

/**
 * The library's Admin sends Metadata versions a broker before Kafka 3.1 cannot parse; kafkascope's own client picks
 * the version from the broker's ApiVersions. Only for the old-Kafka tests (test/integration/old-kafka.test.ts).
 */
async function registeredBrokerIdsOld(bootstrap: string, timeoutMs: number): Promise<number[]> {
  const client = new KafkaClient({ bootstrap: bootstrapList(bootstrap), requestTimeoutMs: timeoutMs })
  try {
    const metadata = await client.metadata()
    return metadata.brokers.map((b) => b.id).sort((a, b) => a - b)
  } finally {
    await client.close().catch(() => undefined)
  }
}

export interface PollOptions {
  timeoutMs: number
  intervalMs?: number
  /** Throws to abort early, e.g. when a node needed for the condition has died. */
  check?: () => Promise<void>
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 250, check }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last = 'no attempt finished'
  for (;;) {
    await check?.()
    try {
      const value = await probe()
      if (value !== undefined) return value
      last = 'condition not met'
    } catch (err) {
      last = err instanceof Error ? err.message : String(err)
    }
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
