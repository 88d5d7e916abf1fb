import type { AnalyzedPartition, AnalyzedTopic } from '../../analysis/analyzer.js'
import { STATUSES } from '../../analysis/status.js'
import { type Family, M } from '../catalog.js'
import { labelSet } from '../writer.js'
import type { SeriesContext, Steps } from './context.js'

type GroupTopicValue = (t: AnalyzedTopic) => number | null
type GroupPartitionValue = (p: AnalyzedPartition) => number | null

const PER_TOPIC: [Family<'consumergroup' | 'topic'>, GroupTopicValue][] = [
  [M.groupCurrentOffsetSum, (t) => (t.partitions.length > 0 ? t.committedSum : null)],
  // Only when every committed partition's lag is known: a sum over some of them would understate it and quietly
  // resolve lag alerts exactly while a leader is down.
  [
    M.groupLagSum,
    (t) => (t.partitions.length > 0 && t.partitions.every((p) => p.lag !== null) ? t.lagSum : null),
  ],
  [M.groupUncommittedPartitions, (t) => t.uncommitted],
  [M.groupTopicMaxLagSeconds, (t) => t.maxLagSeconds],
]

const PER_PARTITION: [Family<'consumergroup' | 'topic' | 'partition'>, GroupPartitionValue][] = [
  [M.groupCurrentOffset, (p) => p.committed],
  [M.groupLag, (p) => p.lag],
  [M.groupLostMessages, (p) => p.lost],
  [M.groupLagSeconds, (p) => p.timeLag.seconds],
]

export function* groupSeries({ groups, out }: SeriesContext): Steps {
  out.family(M.groupInfo)
  for (const { group: g } of groups) {
    out.sample([g.groupId, g.state, g.type, g.protocolType, g.assignor, g.coordinator], 1)
  }
  out.family(M.groupMembers)
  for (const { group: g } of groups) if (g.members !== null) out.sample([g.groupId], g.members.length)

  // Label strings once per group/topic and group/partition, shared by the families below.
  const topicLabels = groups.map(({ group: g, topics }) =>
    topics.map((t) => labelSet(GT, [g.groupId, t.topic])),
  )
  const partitionLabels = groups.map(({ group: g, topics }) =>
    topics.map((t) => t.partitions.map((p) => labelSet(GTP, [g.groupId, t.topic, p.partition]))),
  )
  yield
  for (const [family, value] of PER_TOPIC) {
    out.family(family)
    groups.forEach(({ topics }, gi) => {
      topics.forEach((t, ti) => {
        const v = value(t)
        if (v !== null) out.sampleWith(topicLabels[gi]?.[ti] as string, v)
      })
    })
    yield
  }
  for (const [family, value] of PER_PARTITION) {
    out.family(family)
    for (let gi = 0; gi < groups.length; gi++) {
      if ((gi & 127) === 127) yield
      const topics = (groups[gi] as (typeof groups)[number]).topics
      topics.forEach((t, ti) => {
        const labels = partitionLabels[gi]?.[ti] as string[]
        t.partitions.forEach((p, pi) => {
          const v = value(p)
          if (v !== null) out.sampleWith(labels[pi] as string, v)
        })
      })
    }
  }

  out.family(M.groupMaxLag)
  for (const { group: g, maxLag } of groups) if (maxLag !== null) out.sample([g.groupId], maxLag)
  out.family(M.groupMaxLagSeconds)
  for (const { group: g, maxLagSeconds } of groups) {
    if (maxLagSeconds !== null) out.sample([g.groupId], maxLagSeconds)
  }
  out.family(M.groupStatus)
  for (const { group: g, verdict } of groups) {
    if (verdict === null) continue
    for (const status of STATUSES) out.sample([g.groupId, status], verdict.status === status ? 1 : 0)
  }
}

const GT = ['consumergroup', 'topic'] as const
const GTP = ['consumergroup', 'topic', 'partition'] as const
