import type { AnalyzedGroup, AnalyzedPartition, AnalyzedTopic } from '../../analysis/analyzer.js'
import { STATUSES } from '../../analysis/status.js'
import type { PartitionState, TopicState } from '../../collect/snapshot.js'
import {
  GROUP_LABELS,
  GROUP_PARTITION_LABELS,
  GROUP_STATUS_LABELS,
  GROUP_TOPIC_LABELS,
  PARTITION_LABELS,
  TOPIC_LABELS,
} from '../catalog.js'
import { type LabelSet, labelSet } from '../writer.js'
import { groupTopicKey, type SeriesContext } from './context.js'

/**
 * The label sets of a poll's series in the order the emitters write them, from the sets kept across polls
 * (label-cache.ts): one list per label list, shared by every family declared with it, so that unchanged families
 * are spliced in whole (family-blocks.ts). Index loops, not per-poll callbacks: V8 keeps a callback's optimized
 * code only while that closure lives, so callbacks made anew each poll are compiled again every poll
 * (bench/README.md), and where a loop runs unoptimized each step of a for…of allocates an iterator result.
 */
type Kept = SeriesContext['labels']

export function topicLabelSets(
  kept: Kept['topics'],
  topics: readonly TopicState[],
): LabelSet<typeof TOPIC_LABELS>[] {
  const all: LabelSet<typeof TOPIC_LABELS>[] = new Array(topics.length)
  for (let ti = 0; ti < topics.length; ti++) {
    const topic = (topics[ti] as TopicState).name
    const cached = kept.list(topic)
    let set = cached[0]
    if (set === undefined) {
      set = labelSet(TOPIC_LABELS, { topic })
      cached[0] = set
    }
    all[ti] = set
  }
  return all
}

export function partitionLabelSets(
  kept: Kept['partitions'],
  topics: readonly TopicState[],
): LabelSet<typeof PARTITION_LABELS>[] {
  const all: LabelSet<typeof PARTITION_LABELS>[] = []
  for (let ti = 0; ti < topics.length; ti++) {
    const t = topics[ti] as TopicState
    const cached = kept.list(t.name)
    for (let pi = 0; pi < t.partitions.length; pi++) {
      const partition = (t.partitions[pi] as PartitionState).partition
      let set = cached[partition]
      if (set === undefined) {
        set = labelSet(PARTITION_LABELS, { topic: t.name, partition })
        cached[partition] = set
      }
      all.push(set)
    }
  }
  return all
}

export function groupLabelSets(
  kept: Kept['groups'],
  groups: readonly AnalyzedGroup[],
): LabelSet<typeof GROUP_LABELS>[] {
  const all: LabelSet<typeof GROUP_LABELS>[] = new Array(groups.length)
  for (let gi = 0; gi < groups.length; gi++) {
    const consumergroup = (groups[gi] as AnalyzedGroup).group.groupId
    const cached = kept.list(consumergroup)
    let set = cached[0]
    if (set === undefined) {
      set = labelSet(GROUP_LABELS, { consumergroup })
      cached[0] = set
    }
    all[gi] = set
  }
  return all
}

/** Eight per group with a verdict (one per status, in STATUSES order); none for a group whose series went away. */
export function groupStatusLabelSets(
  kept: Kept['groupStatuses'],
  groups: readonly AnalyzedGroup[],
): LabelSet<typeof GROUP_STATUS_LABELS>[] {
  const all: LabelSet<typeof GROUP_STATUS_LABELS>[] = []
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi] as AnalyzedGroup
    if (g.verdict === null) continue
    const consumergroup = g.group.groupId
    const cached = kept.list(consumergroup)
    for (let s = 0; s < STATUSES.length; s++) {
      let set = cached[s]
      if (set === undefined) {
        set = labelSet(GROUP_STATUS_LABELS, { consumergroup, status: STATUSES[s] as string })
        cached[s] = set
      }
      all.push(set)
    }
  }
  return all
}

export function groupTopicLabelSets(
  kept: Kept['groupTopics'],
  groups: readonly AnalyzedGroup[],
): LabelSet<typeof GROUP_TOPIC_LABELS>[] {
  const all: LabelSet<typeof GROUP_TOPIC_LABELS>[] = []
  for (let gi = 0; gi < groups.length; gi++) {
    const { group: g, topics } = groups[gi] as AnalyzedGroup
    for (let ti = 0; ti < topics.length; ti++) {
      const t = topics[ti] as AnalyzedTopic
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

export function groupPartitionLabelSets(
  kept: Kept['groupPartitions'],
  groups: readonly AnalyzedGroup[],
): LabelSet<typeof GROUP_PARTITION_LABELS>[] {
  const all: LabelSet<typeof GROUP_PARTITION_LABELS>[] = []
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
