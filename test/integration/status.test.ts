import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'
import { startThrottledConsumer, type ThrottledConsumer } from '../support/consumers.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

// Status on the real cluster, with a short window so the test takes seconds: trends are judged once 80 % of it
// (16 s) is observed, as the README's table says.
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `status-${run}`
const SLOW = `slow-${run}`
const PARKED = `parked-${run}`
const WINDOW_S = 20
let producing = true
let producer: Promise<void> | undefined
const closers: (() => Promise<void>)[] = []

function status(s: Sample[], group: string): string | undefined {
  return select(s, 'kafka_consumergroup_status', { consumergroup: group }).find((x) => x.value === 1)?.labels
    .status
}

async function reason(exporter: RunningExporter, group: string): Promise<string> {
  const res = await fetch(`${exporter.url}/api/v1/groups/${group}`)
  return ((await res.json()) as { reason: string }).reason
}

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 1, replicas: 3 })
  // 40 messages a second, in batches of 4 every 100 ms, for as long as the tests run.
  producer = (async () => {
    while (producing) {
      await produce(cluster.bootstrap, TOPIC, [4])
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
})

afterAll(async () => {
  producing = false
  await producer
  for (const close of closers.reverse()) await close()
})

describe('consumer-group status on the real cluster', () => {
  it('a consumer slower than its producer becomes lagging within 0.8 W, and ok again once it catches up', async () => {
    const exporter = await startExporter([
      ...serverFlags(cluster.bootstrap),
      '--poll.interval=500ms',
      `--status.window=${WINDOW_S}s`,
      `--topic.filter=^${TOPIC}$`,
      `--group.filter=^${SLOW}$`,
    ])
    closers.push(() => exporter.stop())
    const consumer: ThrottledConsumer = await startThrottledConsumer(cluster.bootstrap, SLOW, [TOPIC], 8)
    closers.push(() => consumer.close())
    const started = Date.now()
    const seen: string[] = []
    await exporter.waitFor(
      'the slow group lagging',
      (s) => {
        const now = status(s, SLOW)
        if (now !== undefined && seen[seen.length - 1] !== now) seen.push(now)
        return now === 'lagging' ? true : undefined
      },
      60_000,
    )
    const tookS = (Date.now() - started) / 1000
    // Never claimed ok while it was falling behind: unknown until judged (or while its chunked commits are too
    // sparse for the window), then lagging.
    expect(seen.filter((x) => x !== 'no_offset' && x !== 'unknown')).toEqual(['lagging'])
    // 0.8 W of observations after the consumer joined, plus a rebalance and a few polls of slack.
    expect(tookS).toBeLessThan(WINDOW_S * 0.8 + 15)
    expect(await reason(exporter, SLOW)).toMatch(
      /^status-\w+\/0: over the topic's committed partitions, lag grew \d+ messages( \/ \d+ s)? over \d+s; consuming [\d.]+\/s while [\d.]+\/s arrive$/,
    )

    consumer.setRate(Number.POSITIVE_INFINITY)
    const ok = await exporter.waitFor('the group ok once caught up', (s) =>
      status(s, SLOW) === 'ok' ? s : undefined,
    )
    expect(
      sampleValue(ok, 'kafka_consumergroup_lag', { consumergroup: SLOW, topic: TOPIC, partition: '0' }),
    ).toBeLessThan(200)
  })

  it('a memberless group with waiting messages is stopped within 3 polls of an exporter start', async () => {
    // Committed just now below fresh messages: only the unmoving offset (not an old record) can tell it stopped.
    await produce(cluster.bootstrap, TOPIC, [10])
    await commitOffsets(cluster.bootstrap, PARKED, [{ topic: TOPIC, partition: 0, offset: 0 }])
    const exporter = await startExporter([
      ...serverFlags(cluster.bootstrap),
      '--poll.interval=1s',
      '--status.window=10m',
      `--topic.filter=^${TOPIC}$`,
      `--group.filter=^${PARKED}$`,
    ])
    closers.push(() => exporter.stop())
    const history: [polls: number, status: string | undefined][] = []
    const polls = await exporter.waitFor('the parked group stopped', (s) => {
      const n = sampleValue(s, 'kafkascope_polls_total') ?? 0
      history.push([n, status(s, PARKED)])
      return status(s, PARKED) === 'stopped' ? n : undefined
    })
    expect(polls, JSON.stringify(history)).toBeLessThanOrEqual(3)
    // With the record at offset 0 older than the window it would be at once; here it took the polls.
    expect(await reason(exporter, PARKED)).toMatch(
      /: no member consumes it and the committed offset stayed at 0 for 3 polls \(\d+s\) while \d+ messages wait$/,
    )
  })
})
