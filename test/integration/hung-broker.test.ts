import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HungListener, startHungListener } from '../harness/hung-listener.js'
import { connectCluster } from '../harness/kafka/remote.js'
import { createTopic, produce } from '../harness/kafka/traffic.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const TOPIC = `hung-${run}`
const INTERVAL_S = 2
const TIMEOUT_S = 2
/** Scheduling slack on a shared 2-core machine. */
const SLACK_S = 1.5
let frozen: number | undefined

beforeAll(async () => {
  await createTopic(cluster.bootstrap, TOPIC, { partitions: 3, replicas: 3 })
  await produce(cluster.bootstrap, TOPIC, [3, 4, 5])
})

afterAll(async () => {
  // The cluster is shared with the other files: thaw it and wait until every replica is back in sync.
  if (frozen !== undefined) await cluster.resumeNode(frozen)
  await cluster.waitForBrokers(3, 120_000)
})

function leaders(s: Sample[]): Map<number, number> {
  return new Map(
    select(s, 'kafka_topic_partition_leader', { topic: TOPIC }).map((x) => [
      Number(x.labels.partition),
      x.value,
    ]),
  )
}

const offset = (s: Sample[], partition: number) =>
  sampleValue(s, 'kafka_topic_partition_current_offset', { topic: TOPIC, partition: String(partition) })

describe('a bootstrap address that accepts connections but never answers', () => {
  let hung: HungListener
  let exporter: RunningExporter

  afterAll(async () => {
    await exporter?.stop()
    await hung?.close()
  })

  it('costs the first poll a stagger delay, not the poll, and is not asked again', async () => {
    const started = Date.now()
    hung = await startHungListener(started)
    exporter = await startExporter([
      `--kafka.server=${hung.address}`,
      ...serverFlags(cluster.bootstrap),
      `--poll.interval=${INTERVAL_S}s`,
      `--poll.timeout=${TIMEOUT_S}s`,
      `--topic.filter=${run}`,
      // Only this file's groups: share groups earlier files left behind can make DescribeShareGroupOffsets slow (see
      // the README), which is not what this test times.
      `--group.filter=^${run}`,
    ])
    // From when the daemon serves (its poll worker started: seconds from TypeScript sources under load).
    const serving = Date.now()
    const first = await exporter.waitFor('the first successful poll', (s) =>
      sampleValue(s, 'kafkascope_up') === 1 ? s : undefined,
    )
    // Before: every poll failed with "read cluster metadata: no answer within the 2000 ms left of the poll".
    expect(Date.now() - serving).toBeLessThan(TIMEOUT_S * 1000)
    expect(sampleValue(first, 'kafkascope_poll_duration_seconds')).toBeLessThan(TIMEOUT_S)
    expect(sampleValue(first, 'kafkascope_poll_failures_total')).toBe(0)
    expect(offset(first, 2)).toBe(5)
    expect(hung.connections).toHaveLength(1)

    // Its ApiVersions request times out after the request timeout: the connection is dropped and the address is
    // asked last from then on, so the following polls never wait for it again.
    await expect
      .poll(() => hung.connections[0]?.closedAt, { timeout: (TIMEOUT_S + SLACK_S) * 1000 })
      .toBeDefined()
    const polls = sampleValue(await exporter.scrape(), 'kafkascope_polls_total') as number
    await exporter.waitFor('three more polls', (s) =>
      (sampleValue(s, 'kafkascope_polls_total') as number) >= polls + 3 ? true : undefined,
    )
    const later = await exporter.scrape()
    expect(sampleValue(later, 'kafkascope_up')).toBe(1)
    expect(sampleValue(later, 'kafkascope_poll_failures_total')).toBe(0)
    expect(sampleValue(later, 'kafkascope_poll_duration_seconds')).toBeLessThan(0.5)
    expect(hung.connections).toHaveLength(1)
    const warned = exporter.logs.filter((l) => l.includes(hung.address) && l.includes('did not answer'))
    expect(warned).toHaveLength(1)
  })
})

describe('a broker frozen with SIGSTOP while the daemon runs', () => {
  let exporter: RunningExporter

  afterAll(async () => {
    await exporter?.stop()
  })

  it('keeps kafkascope_up 1 and the data fresh; the frozen leader’s partitions are unknown until they move', async () => {
    const state = await cluster.state()
    // Watch the leader of partition 0, and list it first so the metadata request must fail over too.
    const probe = await startExporter([
      ...serverFlags(cluster.bootstrap),
      '--poll.interval=500ms',
      `--topic.filter=${run}`,
    ])
    const before = await probe
      .waitFor('leaders of every partition', (s) => (leaders(s).size === 3 ? s : undefined))
      .finally(() => probe.stop())
    const victim = leaders(before).get(0) as number
    const node = state.nodes.find((n) => n.id === victim)
    if (!node) throw new Error(`no node ${victim}`)
    const others = state.nodes.filter((n) => n.id !== victim).map((n) => `${n.host}:${n.port}`)
    exporter = await startExporter([
      ...serverFlags([`${node.host}:${node.port}`, ...others].join(',')),
      `--poll.interval=${INTERVAL_S}s`,
      `--poll.timeout=${TIMEOUT_S}s`,
    ])
    await exporter.waitFor('a healthy poll with every offset', (s) =>
      sampleValue(s, 'kafkascope_up') === 1 && [0, 1, 2].every((p) => offset(s, p) !== undefined)
        ? true
        : undefined,
    )

    frozen = victim
    await cluster.pauseNode(victim)
    const frozenAt = Date.now()
    let servedAroundFrozenLeader = false
    let moved: Sample[] | undefined
    let maxAge = 0
    // Until the controller fences it (broker session timeout) and its partitions get new leaders.
    while (!moved && Date.now() - frozenAt < 60_000) {
      const s = await exporter.scrape()
      expect(sampleValue(s, 'kafkascope_up'), 'kafkascope_up while a broker is frozen').toBe(1)
      const age = sampleValue(s, 'kafkascope_data_age_seconds') as number
      maxAge = Math.max(maxAge, age)
      const led = leaders(s)
      const ledByVictim = [...led].filter(([, l]) => l === victim).map(([p]) => p)
      if (ledByVictim.length > 0 && (sampleValue(s, 'kafkascope_polls_total') as number) > 0) {
        const rest = [...led.keys()].filter((p) => !ledByVictim.includes(p))
        // Watermarks of the frozen leader's partitions are unknown (absent, not 0); the rest of the poll is served.
        if (
          ledByVictim.every((p) => offset(s, p) === undefined) &&
          rest.every((p) => offset(s, p) !== undefined)
        )
          servedAroundFrozenLeader = true
      }
      if (
        sampleValue(s, 'kafka_brokers') === 2 &&
        ledByVictim.length === 0 &&
        [0, 1, 2].every((p) => offset(s, p) !== undefined)
      )
        moved = s
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(moved, 'partitions moved to the live brokers within 60 s').toBeDefined()
    expect(servedAroundFrozenLeader).toBe(true)
    // A poll that waits for the frozen broker ends at its deadline; the data served is never older than one poll
    // interval plus one poll timeout.
    expect(maxAge).toBeLessThanOrEqual(INTERVAL_S + TIMEOUT_S + SLACK_S)
    expect([
      offset(moved as Sample[], 0),
      offset(moved as Sample[], 1),
      offset(moved as Sample[], 2),
    ]).toEqual([3, 4, 5])
    expect(sampleValue(moved as Sample[], 'kafkascope_poll_failures_total')).toBe(0)
    expect(
      exporter.logs.some((l) => l.includes(`${node.host}:${node.port}`) && l.includes('did not answer')),
    ).toBe(true)

    await cluster.resumeNode(victim)
    frozen = undefined
    await exporter.waitFor(
      'the thawed broker back in every ISR',
      (s) =>
        sampleValue(s, 'kafka_brokers') === 3 &&
        select(s, 'kafka_topic_partition_under_replicated_partition').every((x) => x.value === 0)
          ? true
          : undefined,
      120_000,
    )
  })
})
