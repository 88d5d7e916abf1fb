import type { AnalyzedGroup, AnalyzedPartition, AnalyzedTopic } from '../../analysis/analyzer.js'
import { STATUSES } from '../../analysis/status.js'
import { FAMILY, type Family, GROUP_PARTITION_LABELS, GROUP_TOPIC_LABELS } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import { type LabelSet, labelSet } from '../writer.js'
import { groupTopicKey, type SeriesContext } from './context.js'

type GroupTopicValue = (t: AnalyzedTopic) => number | null
type GroupPartitionValue = (p: AnalyzedPartition) => number | null
type GroupTopicLabels = typeof GROUP_TOPIC_LABELS
type GroupPartitionLabels = typeof GROUP_PARTITION_LABELS

type PerTopic = [Family<string, GroupTopicLabels>, GroupTopicValue]
type PerPartition = [Family<string, GroupPartitionLabels>, GroupPartitionValue]

const PER_TOPIC: PerTopic[] = [
  [FAMILY.groupCurrentOffsetSum, (t) => (t.partitions.length > 0 ? t.committedSum : null)],
  // Only when every committed partition's lag is known: a sum over some of them would understate it and quietly
  // resolve lag alerts exactly while a leader is down.
  [FAMILY.groupLagSum, (t) => (t.partitions.length > 0 && allLagKnown(t) ? t.lagSum : null)],
  [FAMILY.groupUncommittedPartitions, (t) => t.uncommitted],
  [FAMILY.groupTopicMaxLagSeconds, (t) => t.maxLagSeconds],
]

const PER_PARTITION: PerPartition[] = [
  [FAMILY.groupCurrentOffset, (p) => p.committed],
  [FAMILY.groupLag, (p) => p.lag],
  [FAMILY.groupLostMessages, (p) => p.lost],
  [FAMILY.groupLagSeconds, (p) => p.timeLag.seconds],
]

export function groupSeries({ groups, out, labels }: SeriesContext): void {
  const info = out.family(FAMILY.groupInfo)
  for (const { group: g } of groups) {
    const labels = {
      consumergroup: g.groupId,
      state: g.state,
      protocol: g.type,
      protocol_type: g.protocolType,
      assignor: g.assignor,
      coordinator: g.coordinator,
    }
    info.sample(labels, 1)
  }
  const members = out.family(FAMILY.groupMembers)
  for (const { group: g } of groups)
    if (g.members !== null) members.sample({ consumergroup: g.groupId }, g.members.length)

  // Label sets once per group/topic and group/partition, shared by the families below and kept for the next poll.
  // Per family, one list of label sets and values: unchanged families (lost messages, uncommitted partitions are
  // nearly always the last poll's) are spliced in from the last render (family-blocks.ts).
  const topicSets = groupTopicLabelSets(labels.groupTopics, groups)
  for (let f = 0; f < PER_TOPIC.length; f++) {
    const entry = PER_TOPIC[f] as PerTopic
    const family = entry[0]
    const value = entry[1]
    const samples = new FamilySamples(topicSets)
    for (let gi = 0; gi < groups.length; gi++) {
      const topics = (groups[gi] as AnalyzedGroup).topics
      for (let ti = 0; ti < topics.length; ti++) samples.push(value(topics[ti] as AnalyzedTopic))
    }
    labels.families.write(out, family, samples)
  }
  // Index loops here, not for…of: these run for every group partition of every family, and wherever V8 runs them
  // unoptimized (after a deopt) each step of an iterator allocates its result.
  const partitionSets = groupPartitionLabelSets(labels.groupPartitions, groups)
  for (let f = 0; f < PER_PARTITION.length; f++) {
    const entry = PER_PARTITION[f] as PerPartition
    const family = entry[0]
    const value = entry[1]
    const samples = new FamilySamples(partitionSets)
    for (let gi = 0; gi < groups.length; gi++) {
      const topics = (groups[gi] as AnalyzedGroup).topics
      for (let ti = 0; ti < topics.length; ti++) {
        const partitions = (topics[ti] as AnalyzedTopic).partitions
        for (let pi = 0; pi < partitions.length; pi++)
          samples.push(value(partitions[pi] as AnalyzedPartition))
      }
    }
    labels.families.write(out, family, samples)
  }

  const maxLag = out.family(FAMILY.groupMaxLag)
  for (const g of groups) if (g.maxLag !== null) maxLag.sample({ consumergroup: g.group.groupId }, g.maxLag)
  const maxLagSeconds = out.family(FAMILY.groupMaxLagSeconds)
  for (const g of groups) {
    if (g.maxLagSeconds !== null) maxLagSeconds.sample({ consumergroup: g.group.groupId }, g.maxLagSeconds)
  }
  const statuses = out.family(FAMILY.groupStatus)
  for (const { group: g, verdict } of groups) {
    if (verdict === null) continue
    for (const status of STATUSES)
      statuses.sample({ consumergroup: g.groupId, status }, verdict.status === status ? 1 : 0)
  }
}

// Loops, not per-poll callbacks: V8 keeps a callback's optimized code only while that closure lives, so callbacks
// made anew each poll are compiled again every poll (bench/README.md).
function groupTopicLabelSets(
  kept: SeriesContext['labels']['groupTopics'],
  groups: readonly AnalyzedGroup[],
): LabelSet<GroupTopicLabels>[] {
  const all: LabelSet<GroupTopicLabels>[] = []
  for (const { group: g, topics } of groups) {
    for (const t of topics) {
      const cached = kept.list(groupTopicKey(g.groupId, t.topic))
      let set = cached[0]
      if (set === undefined) {
        set = labelSet(GROUP_TOPIC_LABELS, { consumergroup: g.groupId, topic: t.topic })
        cached[0] = set
      }
      all.push(set)
    }
  }
  return all
}

function groupPartitionLabelSets(
  kept: SeriesContext['labels']['groupPartitions'],
  groups: readonly AnalyzedGroup[],
): LabelSet<GroupPartitionLabels>[] {
  const all: LabelSet<GroupPartitionLabels>[] = []
  for (let gi = 0; gi < groups.length; gi++) {
    const { group: g, topics } = groups[gi] as AnalyzedGroup
    for (let ti = 0; ti < topics.length; ti++) {
      const t = topics[ti] as AnalyzedTopic
      const cached = kept.list(groupTopicKey(g.groupId, t.topic))
      for (let pi = 0; pi < t.partitions.length; pi++) {
        const partition = (t.partitions[pi] as AnalyzedPartition).partition
        let set = cached[partition]
        if (set === undefined) {
          set = labelSet(GROUP_PARTITION_LABELS, { consumergroup: g.groupId, topic: t.topic, partition })
          cached[partition] = set
        }
        all.push(set)
      }
    }
  }
  return all
}

function allLagKnown(t: AnalyzedTopic): boolean {
  for (const p of t.partitions) if (p.lag === null) return false
  return true
}
