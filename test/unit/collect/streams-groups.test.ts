import { describe, expect, it } from 'vitest'
import { analyze, EMPTY_STATE } from '../../../src/analysis/analyzer.js'
import { nameFilter } from '../../../src/collect/filters.js'
import { pollOnce } from '../../../src/collect/poll.js'
import { RecordTimestampCache } from '../../../src/collect/record-timestamps.js'
import type { Snapshot } from '../../../src/collect/snapshot.js'
import { TopicConfigCache } from '../../../src/collect/topic-configs.js'
import { FakeKafkaSource, fakeCluster } from '../../fakes/kafka-source.js'

const T0 = 1_700_000_000_000

describe('a Kafka Streams group (KIP-1071, group.protocol=streams)', () => {
  it('has its offsets and lag read, but is not described as a classic group (that answers DEAD, no members)', async () => {
    const spec = fakeCluster({ brokers: 3, topics: 1, partitions: 1, groups: 2 })
    const [app, plain] = spec.groups as [(typeof spec.groups)[number], (typeof spec.groups)[number]]
    const source = new FakeKafkaSource({
      ...spec,
      groups: [
        { ...app, groupId: 'streams-app', type: 'streams', coordinator: 1 },
        { ...plain, groupId: 'plain', type: 'classic', coordinator: 1 },
      ],
    })
    const base = {
      source,
      timeoutMs: 2000,
      topicFilter: nameFilter('.*', '^$'),
      groupFilter: nameFilter('.*', '^$'),
      configs: new TopicConfigCache(300_000),
      timestamps: new RecordTimestampCache(1 << 20),
    }
    let previous: Snapshot | null = null
    let state = EMPTY_STATE
    const statuses: string[] = []
    for (let i = 0; i < 5; i++) {
      previous = await pollOnce({ ...base, previous, now: () => T0 + i * 15_000 })
      const analyzed = analyze(state, previous, {
        statusWindowMs: 600_000,
        allowedLag: 0,
        inactiveGraceMs: 1_800_000,
      })
      state = analyzed.state
      const v = analyzed.groups.find((g) => g.group.groupId === 'streams-app')?.verdict
      statuses.push(v?.status ?? 'none')
    }
    const described = source.calls('DescribeGroups').flatMap((c) => c.ids ?? [])
    expect(described).toContain('plain')
    expect(described).not.toContain('streams-app')
    const g = previous?.groups.find((x) => x.groupId === 'streams-app')
    expect(g?.type).toBe('streams')
    expect(g?.members).toBeNull()
    expect(g?.offsets?.map((o) => [o.topic, o.partition, o.offset])).toEqual([['topic-000', 0, 50]])
    // Lag is waiting and the offset holds still, but with members unknown nothing says the app stopped.
    expect(statuses).not.toContain('stopped')
  })
})
