import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { outputOptions } from '../../../src/metrics/output.js'
import { renderSnapshot } from '../../../src/metrics/render.js'
import {
  analyzedGroups,
  broker,
  cluster,
  commits,
  group,
  partition,
  richSnapshot,
  snapshot,
  topic,
} from '../../fakes/snapshot.js'

function render(s: Snapshot, granularity: 'partition' | 'topic' = 'partition'): string {
  const output = outputOptions({
    labels: {},
    disabled: [],
    topicGranularity: granularity,
    groupGranularity: granularity,
  })
  return renderSnapshot({
    snapshot: s,
    groups: analyzedGroups(s),
    counters: { polls: 1, pollFailures: 0 },
    buildInfo: { version: '1.2.3' },
    output,
  })
    .body('text')
    .toString('utf8')
}

/** Sample lines of one family, exactly. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
}

/** `sum by (<labels>)` of a per-partition family's samples, as Prometheus would compute it. */
function sumBy(text: string, name: string, labels: readonly string[]): Map<string, number> {
  const sums = new Map<string, number>()
  for (const line of samples(text, name)) {
    const key = labels.map((l) => new RegExp(`${l}="([^"]*)"`).exec(line)?.[1]).join('/')
    sums.set(key, (sums.get(key) ?? 0) + Number(line.split(' ').at(-1)))
  }
  return sums
}

describe('per-topic counts and sums (the rich snapshot)', () => {
  const text = render(richSnapshot())

  it.each([
    // orders/1 and /2 short of replicas, /3 offline with an empty ISR
    'kafka_topic_under_replicated_partitions{topic="orders"} 3',
    // orders/2 below min ISR 2, orders/3 leaderless
    'kafka_topic_under_min_isr_partitions{topic="orders"} 2',
    'kafka_topic_offline_partitions{topic="orders"} 1',
    'kafka_topic_offline_partitions{topic="payments"} 0',
    'kafka_consumergroup_topic_lost_messages{consumergroup="app",topic="orders"} 20',
    'kafka_consumergroup_topic_lost_messages{consumergroup="batch",topic="payments"} 0',
  ])('has %s', (line) => {
    expect(text.split('\n')).toContain(line)
  })

  it('agree with sum by (topic) of the per-partition families', () => {
    const pairs: [perTopic: string, perPartition: string][] = [
      ['kafka_topic_under_replicated_partitions', 'kafka_topic_partition_under_replicated_partition'],
      ['kafka_topic_offline_partitions', 'kafka_topic_partition_offline'],
    ]
    for (const [perTopic, perPartition] of pairs) {
      expect(sumBy(text, perTopic, ['topic']), perTopic).toEqual(sumBy(text, perPartition, ['topic']))
    }
    // payments' min.insync.replicas is unknown: its led partition has no per-partition series, and counts 0 here.
    expect(sumBy(text, 'kafka_topic_under_min_isr_partitions', ['topic'])).toEqual(
      new Map([...sumBy(text, 'kafka_topic_partition_under_min_isr', ['topic']), ['payments', 0]]),
    )
    const notPreferred = new Map(
      [...sumBy(text, 'kafka_topic_partition_leader_is_preferred', ['topic'])].map(([t, preferred]) => [
        t,
        samples(text, 'kafka_topic_partition_leader_is_preferred').filter((l) => l.includes(`topic="${t}"`))
          .length - preferred,
      ]),
    )
    expect(sumBy(text, 'kafka_topic_non_preferred_leader_partitions', ['topic'])).toEqual(notPreferred)
    expect(sumBy(text, 'kafka_consumergroup_topic_lost_messages', ['consumergroup', 'topic'])).toEqual(
      sumBy(text, 'kafka_consumergroup_lost_messages', ['consumergroup', 'topic']),
    )
  })

  it('leave out the watermark sums of a topic with a partition whose watermarks are unknown', () => {
    // orders/3 is offline: a sum over the other three would drop, and rate() would read a counter reset.
    expect(samples(text, 'kafka_topic_current_offset')).toEqual([
      'kafka_topic_current_offset{topic="payments"} 10',
    ])
    expect(samples(text, 'kafka_topic_oldest_offset')).toEqual([
      'kafka_topic_oldest_offset{topic="payments"} 0',
    ])
  })

  it('are the same at topic granularity, where the per-partition families are gone', () => {
    const atTopic = render(richSnapshot(), 'topic')
    expect(samples(atTopic, 'kafka_topic_partition_offline')).toEqual([])
    for (const name of [
      'kafka_topic_under_replicated_partitions',
      'kafka_topic_under_min_isr_partitions',
      'kafka_topic_offline_partitions',
      'kafka_topic_non_preferred_leader_partitions',
      'kafka_topic_current_offset',
      'kafka_topic_oldest_offset',
      'kafka_broker_leader_partitions',
      'kafka_consumergroup_topic_lost_messages',
    ]) {
      expect(samples(atTopic, name).length, name).toBeGreaterThan(0)
      expect(samples(atTopic, name), name).toEqual(samples(text, name))
    }
  })
})

describe('per-topic counts and sums (edge cases)', () => {
  it('are 0, not absent, for a healthy topic, and sum the watermarks', () => {
    const text = render(
      snapshot({
        topics: [
          topic(
            't',
            [partition(0, { earliest: 5, latest: 100 }), partition(1, { earliest: 7, latest: 250 })],
            {
              minInsyncReplicas: 2,
            },
          ),
        ],
      }),
    )
    for (const family of ['under_replicated', 'under_min_isr', 'offline', 'non_preferred_leader'])
      expect(samples(text, `kafka_topic_${family}_partitions`)).toEqual([
        `kafka_topic_${family}_partitions{topic="t"} 0`,
      ])
    expect(samples(text, 'kafka_topic_current_offset')).toEqual(['kafka_topic_current_offset{topic="t"} 350'])
    expect(samples(text, 'kafka_topic_oldest_offset')).toEqual(['kafka_topic_oldest_offset{topic="t"} 12'])
  })

  it('count only the leaderless partitions under min ISR while min.insync.replicas is unknown', () => {
    const text = render(
      snapshot({
        topics: [topic('t', [partition(0, { isr: [1] }), partition(1, { leader: -1, isr: [] })])],
      }),
    )
    expect(samples(text, 'kafka_topic_under_min_isr_partitions')).toEqual([
      'kafka_topic_under_min_isr_partitions{topic="t"} 1',
    ])
    // The per-partition family says the led one is unknown by its absence.
    expect(samples(text, 'kafka_topic_partition_under_min_isr')).toEqual([
      'kafka_topic_partition_under_min_isr{topic="t",partition="1"} 1',
    ])
  })

  it('count leaders per broker, 0 for a broker that leads none, leaderless partitions for none', () => {
    const text = render(
      snapshot({
        cluster: cluster([broker(1), broker(2), broker(3)]),
        topics: [
          topic('a', [
            partition(0, { leader: 1 }),
            partition(1, { leader: 1 }),
            partition(2, { leader: -1 }),
          ]),
          topic('b', [partition(0, { leader: 2, replicas: [1, 2, 3] })]),
        ],
      }),
    )
    expect(samples(text, 'kafka_broker_leader_partitions')).toEqual([
      'kafka_broker_leader_partitions{id="1"} 2',
      'kafka_broker_leader_partitions{id="2"} 1',
      'kafka_broker_leader_partitions{id="3"} 0',
    ])
    expect(samples(text, 'kafka_topic_non_preferred_leader_partitions')).toEqual([
      'kafka_topic_non_preferred_leader_partitions{topic="a"} 1',
      'kafka_topic_non_preferred_leader_partitions{topic="b"} 1',
    ])
  })

  it('leave out lost messages of a group topic whose log start is unknown everywhere', () => {
    const s = snapshot({
      topics: [topic('t', [partition(0, { earliest: null, latest: null, leader: -1 })])],
      groups: [group('g', { offsets: commits(['t', 0, 5]) })],
    })
    expect(samples(render(s), 'kafka_consumergroup_topic_lost_messages')).toEqual([])
  })
})
