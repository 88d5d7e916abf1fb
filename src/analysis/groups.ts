import type { GroupState, TopicState } from '../collect/snapshot.js'
import { listOf } from '../keys.js'
import { partitionLag } from './lag.js'

export interface GroupPartitionView {
  readonly topic: string
  readonly partition: number
  readonly committed: number
  readonly highWatermark: number | null
  readonly lag: number | null
  readonly lost: number | null
}

export interface GroupTopicView {
  readonly topic: string
  readonly committedSum: number
  /** Sum over partitions whose lag is known. */
  readonly lagSum: number
  /** Partitions of the topic without a committed offset. */
  readonly uncommitted: number
  readonly partitions: readonly GroupPartitionView[]
}

export interface GroupView {
  readonly group: GroupState
  readonly topics: readonly GroupTopicView[]
}

/**
 * Lag per group, topic and partition. A group "consumes" a topic when it has committed any of its partitions or a
 * member is assigned one; partitions of such topics without a commit are counted, not given a made-up lag.
 * Commits for topics that no longer exist (or are filtered out) are dropped: their series vanish with the topic.
 */
export function groupViews(groups: readonly GroupState[], topics: readonly TopicState[]): GroupView[] {
  const topicByName = new Map<string, TopicState>()
  for (const t of topics) topicByName.set(t.name, t)
  // A loop and a module-level function, not a map callback: a closure made per poll loses its optimized code
  // between polls (analyze-group.ts).
  const views: GroupView[] = []
  for (const group of groups) views.push(groupView(group, topicByName))
  return views
}

function groupView(group: GroupState, topicByName: ReadonlyMap<string, TopicState>): GroupView {
  // Offsets unknown this poll (and never known before): no topics rather than every partition "uncommitted".
  if (group.offsets === null) return { group, topics: [] }
  // Per topic, indexed by partition (partitions are small dense integers): no Map per group and topic.
  const committed = new Map<string, (number | undefined)[]>()
  for (const o of group.offsets ?? []) {
    listOf(committed, o.topic)[o.partition] = o.offset
  }
  const consumed = new Set(committed.keys())
  for (const member of group.members ?? []) for (const a of member.assignments) consumed.add(a.topic)

  const topicViews: GroupTopicView[] = []
  for (const name of [...consumed].sort()) {
    const topic = topicByName.get(name)
    if (!topic) continue
    const commits = committed.get(name)
    const partitions: GroupPartitionView[] = []
    let committedSum = 0
    let lagSum = 0
    let uncommitted = 0
    for (const p of topic.partitions) {
      const offset = commits?.[p.partition]
      if (offset === undefined) {
        uncommitted++
        continue
      }
      const { lag, lost } = partitionLag(offset, p.latest, p.earliest)
      committedSum += offset
      if (lag !== null) lagSum += lag
      partitions.push({
        topic: name,
        partition: p.partition,
        committed: offset,
        highWatermark: p.latest,
        lag,
        lost,
      })
    }
    topicViews.push({ topic: name, committedSum, lagSum, uncommitted, partitions })
  }
  return { group, topics: topicViews }
}
