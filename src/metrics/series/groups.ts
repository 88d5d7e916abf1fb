import type { AnalyzedGroup, AnalyzedPartition, AnalyzedTopic } from '../../analysis/analyzer.js'
import { STATUSES } from '../../analysis/status.js'
import { FAMILY, type Family, type GROUP_PARTITION_LABELS, type GROUP_TOPIC_LABELS } from '../catalog.js'
import { FamilySamples } from '../family-blocks.js'
import type { SeriesContext } from './context.js'
import {
  groupLabelSets,
  groupPartitionLabelSets,
  groupStatusLabelSets,
  groupTopicLabelSets,
} from './label-sets.js'

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
  // Per group, label sets kept across polls and one list of values per family, as for the partitions below: the
  // members and the statuses (eight series per group) are nearly always the last poll's, and are spliced in.
  const groupSets = groupLabelSets(labels.groups, groups)
  const members = new FamilySamples(groupSets)
  for (let gi = 0; gi < groups.length; gi++) {
    const m = (groups[gi] as AnalyzedGroup).group.members
    members.push(m === null ? null : m.length)
  }
  labels.families.write(out, FAMILY.groupMembers, members)

  // Label sets once per group/topic and group/partition, shared by the families below and kept for the next poll.
  // Per family, one list of label sets and values: unchanged families (lost messages, uncommitted partitions are
  // nearly always the last poll's) are spliced in from the last render (family-blocks.ts). Index loops, not for…of:
  // these run for every group partition of every family, and wherever V8 runs them unoptimized (after a deopt) each
  // step of an iterator allocates its result.
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

  const maxLag = new FamilySamples(groupSets)
  const maxLagSeconds = new FamilySamples(groupSets)
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi] as AnalyzedGroup
    maxLag.push(g.maxLag)
    maxLagSeconds.push(g.maxLagSeconds)
  }
  labels.families.write(out, FAMILY.groupMaxLag, maxLag)
  labels.families.write(out, FAMILY.groupMaxLagSeconds, maxLagSeconds)
  const statuses = new FamilySamples(groupStatusLabelSets(labels.groupStatuses, groups))
  for (let gi = 0; gi < groups.length; gi++) {
    const verdict = (groups[gi] as AnalyzedGroup).verdict
    if (verdict === null) continue
    for (let s = 0; s < STATUSES.length; s++) statuses.push(verdict.status === STATUSES[s] ? 1 : 0)
  }
  labels.families.write(out, FAMILY.groupStatus, statuses)
}

function allLagKnown(t: AnalyzedTopic): boolean {
  for (const p of t.partitions) if (p.lag === null) return false
  return true
}
