import type { GroupState } from '../collect/snapshot.js'
import { listOf } from '../keys.js'
import type {
  AnalysisOptions,
  AnalysisState,
  AnalyzedGroup,
  AnalyzedPartition,
  AnalyzedTopic,
} from './analyzer.js'
import type { GroupTopicView, GroupView } from './groups.js'
import { lastCommitted, ObservationWindow, type TopicWindows, WindowPacker } from './observation-window.js'
import {
  advanceTopicTrend,
  markOwnersProgressing,
  type TopicTrendState,
  topicObservation,
} from './progress.js'
import { groupStatus, type Judged, partitionStatus, type StatusRules, type Verdict } from './status.js'
import { type TimeLag, timeLag } from './time-lag.js'
import { historyOf, type TopicHistories } from './topic-histories.js'

/**
 * One poll's analysis of every group: what the group analysis reads (the previous state, this poll's clock and
 * rules) and the next state it writes, passed in rather than closed over.
 *
 * Why module-level functions and loops, not closures and map callbacks: V8 keeps a closure's optimized code only
 * while some instance of it is alive. A callback made anew in every poll is dead by the next one, and the collection
 * between polls drops its code, so every poll ran it interpreted again and re-optimized it on V8's helper threads
 * (bench/README.md, "Optimized code that outlives the poll").
 */
export interface GroupsRun {
  readonly state: AnalysisState
  readonly opts: AnalysisOptions
  readonly rules: StatusRules
  readonly now: number
  readonly up: boolean
  readonly history: ReadonlyMap<string, TopicHistories>
  readonly observations: Map<string, Map<string, TopicWindows>>
  readonly inactiveSince: Map<string, number>
  readonly memberlessCommitAt: Map<string, number>
  readonly topicTrends: Map<string, Map<string, TopicTrendState>>
}

/** A partition between the two passes: its lag in seconds and window, and who consumes it. */
interface PartitionWork {
  readonly lag: TimeLag
  readonly obs: ObservationWindow
  readonly onlyMarkers: boolean
  readonly owner: string
  progressing: boolean
}

export function analyzeGroup(run: GroupsRun, view: GroupView): AnalyzedGroup {
  const g = view.group
  const { now, state, opts } = run
  // Members unknown this poll (describe failed): keep the clock as it was rather than restart the grace period.
  const previousSince = state.inactiveSince.get(g.groupId) ?? null
  const oldObs = state.observations.get(g.groupId)
  const newObs = new Map<string, TopicWindows>()
  if (run.up) run.observations.set(g.groupId, newObs)

  // First every partition's lag in seconds and window of observations: whether the group commits at all decides
  // how its unmoving partitions are judged.
  const facts = groupFacts(g)
  let committing = false
  const windows: PartitionWork[][] = []
  for (const t of view.topics) {
    const topicOld = oldObs?.get(t.topic)
    const topicHistory = run.history.get(t.topic)
    const topicTimestamps = facts.timestamps.get(t.topic)
    const topicMarkers = facts.markers.get(t.topic)
    const topicOwners = facts.ownerOf.get(t.topic)
    let room = 0
    let partitions = 0
    for (const p of t.partitions) {
      room += WindowPacker.room(topicOld, p.partition)
      partitions = Math.max(partitions, p.partition + 1)
    }
    const packer = new WindowPacker(room, partitions)
    const topicWindows: PartitionWork[] = []
    for (const p of t.partitions) {
      const onlyMarkers = topicMarkers?.[p.partition] === true
      const lag = timeLag({
        now,
        committed: p.committed,
        highWatermark: p.highWatermark,
        recordTimestamp: topicTimestamps?.[p.partition] ?? null,
        markersOnly: onlyMarkers,
        history: historyOf(topicHistory, p.partition),
      })
      const last = lastCommitted(topicOld, p.partition)
      if (last !== undefined && last !== p.committed) committing = true
      const obs = packer.advance(
        topicOld,
        p.partition,
        now,
        p.committed,
        p.lag,
        lag.seconds,
        opts.statusWindowMs,
      )
      // '' stands for the group itself when no member is assigned the partition.
      const owner = topicOwners?.[p.partition] ?? ''
      topicWindows.push({ lag, obs, onlyMarkers, owner, progressing: false })
    }
    newObs.set(t.topic, packer.windows())
    windows.push(topicWindows)
  }
  // Offsets that move between two polls that both saw no member: something commits without joining the group.
  const memberless = g.members !== null && g.members.length === 0
  const previousCommit = state.memberlessCommitAt?.get(g.groupId)
  const commitAt = memberless && previousSince !== null && committing ? now : previousCommit
  if (commitAt !== undefined && now - commitAt <= opts.statusWindowMs)
    run.memberlessCommitAt.set(g.groupId, commitAt)

  markOwnersProgressing(windows)
  const oldTrends = state.topicTrends?.get(g.groupId)
  const newTrends = new Map<string, TopicTrendState>()
  if (run.up) run.topicTrends.set(g.groupId, newTrends)

  const verdicts: Judged[] = []
  const topics: AnalyzedTopic[] = []
  const commitsWithoutMembers = run.memberlessCommitAt.has(g.groupId) || g.members === null
  let maxLag: number | null = null
  let maxLagSeconds: number | null = null
  for (let ti = 0; ti < view.topics.length; ti++) {
    const t = view.topics[ti] as GroupTopicView
    const topicWindows = windows[ti] as PartitionWork[]
    const analyzed = analyzeTopic(
      run,
      t,
      topicWindows,
      oldTrends?.get(t.topic),
      commitsWithoutMembers,
      verdicts,
    )
    newTrends.set(t.topic, analyzed.trend)
    topics.push(analyzed.topic)
    for (const p of analyzed.topic.partitions) maxLag = larger(maxLag, p.lag)
    maxLagSeconds = larger(maxLagSeconds, analyzed.topic.maxLagSeconds)
  }
  // Without members the group is inactive from when its offsets stopped moving: consumers that use assign()
  // (Flink, Spark) never have members but commit, and must keep their status. Members unknown: clock unchanged.
  const since =
    g.members === null
      ? previousSince
      : g.members.length === 0
        ? committing
          ? now
          : (previousSince ?? now)
        : null
  if (since !== null) run.inactiveSince.set(g.groupId, since)
  const expired = since !== null && now - since > opts.inactiveGraceMs
  return {
    group: view.group,
    topics,
    maxLag,
    maxLagSeconds,
    // No verdict without offsets: "unknown" is not "no_offset" (see groupViews).
    verdict: expired || g.offsets === null ? null : groupStatus(verdicts),
    inactiveSince: since,
  }
}

/** One topic of a group: its trend advanced, and each committed partition judged (verdicts collected for the group). */
function analyzeTopic(
  run: GroupsRun,
  t: GroupTopicView,
  topicWindows: readonly PartitionWork[],
  oldTrend: TopicTrendState | undefined,
  commitsWithoutMembers: boolean,
  verdicts: Judged[],
): { topic: AnalyzedTopic; trend: TopicTrendState } {
  const obsList: ObservationWindow[] = []
  for (const w of topicWindows) obsList.push(w.obs)
  const current = topicObservation(run.now, obsList)
  const trend = advanceTopicTrend(oldTrend, topicWindows.length, current, run.opts.statusWindowMs)
  const topicTrend = new ObservationWindow(trend.observations)
  const partitions: AnalyzedPartition[] = []
  let maxLagSeconds: number | null = null
  for (let pi = 0; pi < t.partitions.length; pi++) {
    const p = t.partitions[pi] as GroupTopicView['partitions'][number]
    const { lag, obs, onlyMarkers, owner, progressing } = topicWindows[pi] as PartitionWork
    const verdict = partitionStatus(
      {
        observations: obs,
        lost: p.lost,
        assigned: owner !== '',
        markersOnly: onlyMarkers,
        // Members unknown (describe failed this poll, or a Streams group, which DescribeGroups cannot describe):
        // not proof that nobody consumes, so the quick memberless "stopped" rules wait for the window.
        commitsWithoutMembers,
        ownerProgressing: progressing,
        topicTrend,
      },
      run.rules,
    )
    // Spelt out rather than spread: V8's generic object spread was the largest cost of this loop.
    const analyzed: AnalyzedPartition = {
      topic: p.topic,
      partition: p.partition,
      committed: p.committed,
      highWatermark: p.highWatermark,
      lag: p.lag,
      lost: p.lost,
      timeLag: lag,
      verdict,
    }
    verdicts.push(analyzed)
    partitions.push(analyzed)
    maxLagSeconds = larger(maxLagSeconds, lag.seconds)
  }
  for (let i = 0; i < t.uncommitted; i++) verdicts.push({ topic: t.topic, verdict: NO_OFFSET })
  return {
    topic: {
      topic: t.topic,
      committedSum: t.committedSum,
      lagSum: t.lagSum,
      uncommitted: t.uncommitted,
      partitions,
      maxLagSeconds,
    },
    trend,
  }
}

/** Per topic, indexed by partition: who is assigned it, its record timestamp, whether only markers follow. */
function groupFacts(g: GroupState): {
  ownerOf: Map<string, string[]>
  timestamps: Map<string, (number | null)[]>
  markers: Map<string, boolean[]>
} {
  // Per topic, indexed by partition: no composite key string per group partition per poll.
  const ownerOf = new Map<string, string[]>()
  for (const m of g.members ?? []) {
    for (const a of m.assignments) {
      listOf(ownerOf, a.topic)[a.partition] = m.memberId
    }
  }
  const timestamps = new Map<string, (number | null)[]>()
  const markers = new Map<string, boolean[]>()
  for (const o of g.offsets ?? []) {
    listOf(timestamps, o.topic)[o.partition] = o.recordTimestamp
    if (o.markersOnly) listOf(markers, o.topic)[o.partition] = true
  }
  return { ownerOf, timestamps, markers }
}

const NO_OFFSET: Verdict = { status: 'no_offset', reason: 'a partition has no committed offset' }

function larger(m: number | null, v: number | null): number | null {
  return v !== null && (m === null || v > m) ? v : m
}
