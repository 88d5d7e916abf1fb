import { Admin } from '@platformatic/kafka'

export function bootstrapList(bootstrap: string): string[] {
  return bootstrap.split(',').filter((b) => b !== '')
}

/**
 * Broker ids in the cluster metadata, as any client sees them (KRaft lists only unfenced brokers).
 * A fresh client per call, so a cached connection to a just-stopped broker cannot answer.
 */
export async function registeredBrokerIds(bootstrap: string, timeoutMs = 3_000): Promise<number[]> {
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
