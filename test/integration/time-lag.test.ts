import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { commitOffsets, createTopic, produce } from '../harness/kafka/traffic.js'
import { startIdleMember } from '../support/consumers.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
const IDLE = `idle-${run}`
const FLOW = `flow-${run}`
const POLL_MS = 500
const exporters: RunningExporter[] = []

/** The accuracy target of the issue: within one poll interval or 10 % of the true age, whichever is larger. */
function expectWithinTarget(actual: number | undefined, truth: number, what: string): void {
  expect(actual, what).toBeDefined()
  const tolerance = Math.max(POLL_MS / 1000, 0.1 * truth)
  expect(
    Math.abs((actual as number) - truth),
    `${what}: ${actual} vs truth ${truth.toFixed(2)}`,
  ).toBeLessThanOrEqual(tolerance)
}

/** The age, at the poll that produced `samples`, of a record appended at `appendedAt` (ms). */
function truthAt(samples: Sample[], appendedAt: number): number {
  const polledAt = (sampleValue(samples, 'kafkascope_last_poll_success_timestamp_seconds') as number) * 1000
  return (polledAt - appendedAt) / 1000
}

afterAll(async () => {
  for (const e of exporters) await e.stop()
})

describe('lag in seconds against record timestamps on the real cluster', () => {
  const base = Date.now()
  // Ten records an hour ago, one minute apart; the group read four of them and stopped.
  const recordTime = (i: number) => base - 3_600_000 + i * 60_000

  beforeAll(async () => {
    await createTopic(cluster.bootstrap, IDLE, { partitions: 1, replicas: 3 })
    await produce(cluster.bootstrap, IDLE, [10], { timestamp: (_p, i) => recordTime(i) })
    await commitOffsets(cluster.bootstrap, `idle-reader-${run}`, [{ topic: IDLE, partition: 0, offset: 4 }])
    await commitOffsets(cluster.bootstrap, `idle-done-${run}`, [{ topic: IDLE, partition: 0, offset: 10 }])
  })

  it('is exact on an idle topic with a stopped consumer, from the first poll of a fresh exporter', async () => {
    const exporter = await startExporter([
      ...serverFlags(cluster.bootstrap),
      `--poll.interval=${POLL_MS}ms`,
      `--topic.filter=${run}`,
    ])
    exporters.push(exporter)
    const labels = { consumergroup: `idle-reader-${run}`, topic: IDLE, partition: '0' }
    const s = await exporter.waitFor('lag seconds of the idle group', (s) =>
      sampleValue(s, 'kafka_consumergroup_lag_seconds', labels) !== undefined ? s : undefined,
    )
    expect(sampleValue(s, 'kafkascope_polls_total')).toBeLessThanOrEqual(3)
    // What the exporter knew, for the failure message: offsets, watermark and where the age came from.
    const doc = await (await fetch(`${exporter.url}/api/v1/groups/idle-reader-${run}`)).text()
    expect(sampleValue(s, 'kafka_consumergroup_lag', labels), doc).toBe(6)
    expectWithinTarget(
      sampleValue(s, 'kafka_consumergroup_lag_seconds', labels),
      truthAt(s, recordTime(4)),
      'idle, stopped',
    )
    expect(
      sampleValue(s, 'kafka_consumergroup_lag_seconds', { ...labels, consumergroup: `idle-done-${run}` }),
    ).toBe(0)
    expectWithinTarget(
      sampleValue(s, 'kafka_consumergroup_max_lag_seconds', { consumergroup: `idle-reader-${run}` }),
      truthAt(s, recordTime(4)),
      'group max',
    )
  })
})

describe('lag in seconds while producing at a known rate, with and without reading record timestamps', () => {
  const sent: number[] = [] // append time of offset i (producer clock = broker clock here)
  let exact: RunningExporter
  let historyOnly: RunningExporter

  beforeAll(async () => {
    await createTopic(cluster.bootstrap, FLOW, { partitions: 1, replicas: 3 })
    const flags = [
      ...serverFlags(cluster.bootstrap),
      `--poll.interval=${POLL_MS}ms`,
      `--topic.filter=${FLOW}`,
    ]
    exact = await startExporter(flags)
    // History only: the estimator must date offsets from the watermarks it saw, so start it before producing.
    historyOnly = await startExporter([...flags, '--lag.fetch-max-bytes=0'])
    exporters.push(exact, historyOnly)
    await historyOnly.waitFor('first poll', (s) =>
      (sampleValue(s, 'kafkascope_polls_total') ?? 0) >= 2 ? true : undefined,
    )
    // 40 batches of 5 records, 150 ms apart: ~6 s of steady traffic; the group stays at offset 20.
    for (let b = 0; b < 40; b++) {
      const at = Date.now()
      await produce(cluster.bootstrap, FLOW, [5], { timestamp: () => at })
      for (let i = 0; i < 5; i++) sent.push(at)
      await new Promise((r) => setTimeout(r, 150))
    }
    await commitOffsets(cluster.bootstrap, `flow-${run}`, [{ topic: FLOW, partition: 0, offset: 20 }])
  })

  it('matches the truth within the target, from record timestamps and from watermark history', async () => {
    const labels = { consumergroup: `flow-${run}`, topic: FLOW, partition: '0' }
    for (const [name, exporter] of [
      ['record timestamps', exact],
      ['watermark history', historyOnly],
    ] as const) {
      const s = await exporter.waitFor(`${name}: lag seconds`, (s) =>
        sampleValue(s, 'kafka_consumergroup_lag', labels) === 180 &&
        sampleValue(s, 'kafka_consumergroup_lag_seconds', labels) !== undefined
          ? s
          : undefined,
      )
      expectWithinTarget(
        sampleValue(s, 'kafka_consumergroup_lag_seconds', labels),
        truthAt(s, sent[20] as number),
        name,
      )
    }
  })

  it('falls to 0 when the group catches up', async () => {
    await commitOffsets(cluster.bootstrap, `flow-${run}`, [
      { topic: FLOW, partition: 0, offset: sent.length },
    ])
    const labels = { consumergroup: `flow-${run}`, topic: FLOW, partition: '0' }
    for (const exporter of [exact, historyOnly]) {
      await exporter.waitFor('caught up', (s) =>
        sampleValue(s, 'kafka_consumergroup_lag_seconds', labels) === 0 ? true : undefined,
      )
    }
  })
})

describe('consumer-group status over a window of polls', () => {
  const TOPIC = `status-${run}`
  let exporter: RunningExporter
  let hwm = 0

  async function grow(n: number): Promise<void> {
    await produce(cluster.bootstrap, TOPIC, [n])
    hwm += n
  }

  function statusOf(s: Sample[], group: string): string | undefined {
    return select(s, 'kafka_consumergroup_status', { consumergroup: group }).find((x) => x.value === 1)
      ?.labels.status
  }

  function waitForStatus(group: string, status: string): Promise<Sample[]> {
    return exporter.waitFor(
      `${group} ${status}`,
      (s) => (statusOf(s, group) === status ? s : undefined),
      60_000,
    )
  }

  beforeAll(async () => {
    await createTopic(cluster.bootstrap, TOPIC, { partitions: 1, replicas: 3 })
    await grow(10)
    exporter = await startExporter([
      ...serverFlags(cluster.bootstrap),
      `--poll.interval=${POLL_MS}ms`,
      `--topic.filter=${TOPIC}`,
      '--status.window=3s',
    ])
    exporters.push(exporter)
  })

  it('reports stopped while nobody consumes and lag waits, and ok again after the group catches up', async () => {
    const group = `stopped-${run}`
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: 2 }])
    const producing = setInterval(() => void grow(1), 400)
    try {
      await waitForStatus(group, 'stopped')
    } finally {
      clearInterval(producing)
    }
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: hwm + 100 }])
    await waitForStatus(group, 'ok')
  })

  it('reports stalled while a member holds the partition without moving, stopped when it leaves', async () => {
    const group = `stalled-${run}`
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: 1 }])
    const member = await startIdleMember(cluster.bootstrap, group, [TOPIC])
    const producing = setInterval(() => void grow(1), 400)
    try {
      await waitForStatus(group, 'stalled')
      await member.close()
      await waitForStatus(group, 'stopped')
    } finally {
      clearInterval(producing)
      await member.close()
    }
  })

  it('reports lagging while the group moves but falls further behind, then ok once it keeps up', async () => {
    const group = `lagging-${run}`
    let committed = hwm
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: committed }])
    let stop = false
    const loop = (async () => {
      while (!stop) {
        await grow(5)
        committed += 1
        await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: committed }])
        await new Promise((r) => setTimeout(r, 250))
      }
    })()
    try {
      await waitForStatus(group, 'lagging')
    } finally {
      stop = true
      await loop
    }
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: hwm }])
    await waitForStatus(group, 'ok')
  })

  it('reports rewound when the committed offset goes back, until it leaves the window', async () => {
    const group = `rewound-${run}`
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: hwm }])
    await exporter.waitFor('rewound group seen', (s) => (statusOf(s, group) === 'ok' ? true : undefined))
    await commitOffsets(cluster.bootstrap, group, [{ topic: TOPIC, partition: 0, offset: hwm - 5 }])
    const s = await waitForStatus(group, 'rewound')
    expect(statusOf(s, group)).toBe('rewound')
    // Once the drop is older than the 3 s window the verdict is about the present again (stopped: lag 5 waits).
    await exporter.waitFor('rewound left', (s) => (statusOf(s, group) !== 'rewound' ? true : undefined))
  })

  it('explains each status in words in the JSON API, and answers unknown names with a JSON 404', async () => {
    const res = await fetch(`${exporter.url}/api/v1/groups/${encodeURIComponent(`stopped-${run}`)}`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      status: string
      reason: string
      topics: { partitions: { status: string; lagSeconds: number | null }[] }[]
    }
    expect(doc.status).toBe('ok')
    expect(doc.reason).toMatch(/partitions ok/)
    expect(doc.topics[0]?.partitions[0]?.lagSeconds).toBe(0)
    const missing = await fetch(`${exporter.url}/api/v1/groups/no-such-group-${run}`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({
      error: {
        code: 'not_found',
        message: `no consumer group named "no-such-group-${run}" (or it is filtered out)`,
      },
    })
  })
})
