import type { Snapshot } from '../collect/snapshot.js'
import { type GroupPartitionView, type GroupTopicView, type GroupView, groupViews } from './groups.js'
import { lastCommitted, ObservationWindow, type TopicWindows, WindowPacker } from './observation-window.js'
import { type OffsetHistory, recordOffset } from './offset-history.js'
import {
  advanceTopicTrend,
  markOwnersProgressing,
  type TopicTrendState,
  topicObservation,
} from './progress.js'
import { groupStatus, type Judged, partitionStatus, type StatusRules, type Verdict } from './status.js'
import { type TimeLag, timeLag } from './time-lag.js'
import { historyOf, packTopicHistories, type TopicHistories } from './topic-histories.js'

export interface AnalysisOptions {
  readonly statusWindowMs: number
  readonly allowedLag: number
  readonly inactiveGraceMs: number
  /** Polls an offset must hold still before stopped/stalled is called before the window is observed (default 3). */
  readonly minObservations?: number
}

/**
 * What must be remembered between polls: watermark history per topic and status observations per group and topic
 * (each one buffer with a range per partition), and when groups went memberless. Nested maps keyed by name, not composite
 * string keys: at 50k group-partitions the key strings alone were a third of a poll's analysis time.
 */
export interface AnalysisState {
  /** Per topic (topic-histories.ts), by partition. */
  readonly history: ReadonlyMap<string, TopicHistories>
  /** Packed (observation-window.ts): the largest part of the state on big clusters. */
  readonly observations: ReadonlyMap<string, ReadonlyMap<string, TopicWindows>>
  readonly inactiveSince: ReadonlyMap<string, number>
  /** When a group's offsets last moved while it had no members (within the window; absent in older states). */
  readonly memberlessCommitAt?: ReadonlyMap<string, number>
  /** Per group and topic, the observations summed over its committed partitions (absent in older states). */
  readonly topicTrends?: ReadonlyMap<string, ReadonlyMap<string, TopicTrendState>>
}

export interface AnalyzedPartition extends GroupPartitionView {
  readonly timeLag: TimeLag
  readonly verdict: Verdict
}

export interface AnalyzedTopic extends Omit<GroupTopicView, 'partitions'> {
  readonly partitions: readonly AnalyzedPartition[]
  readonly maxLagSeconds: number | null
}

export interface AnalyzedGroup extends Omit<GroupView, 'topics'> {
  readonly topics: readonly AnalyzedTopic[]
  readonly maxLag: number | null
  readonly maxLagSeconds: number | null
  /** null once the group has been without members longer than the grace period: its status series go away. */
  readonly verdict: Verdict | null
  /** When the group was first seen without members (ms), or null while it has members. */
  readonly inactiveSince: number | null
}

export const EMPTY_STATE: AnalysisState = {
  history: new Map(),
  observations: new Map(),
  inactiveSince: new Map(),
  memberlessCommitAt: new Map(),
  topicTrends: new Map(),
}

export interface AnalysisResult {
  readonly state: AnalysisState
  readonly groups: AnalyzedGroup[]
}

/**
 * Folds one snapshot into the state and derives every group's lag in messages and seconds and its status.
 * Pure: the same state and snapshot give the same result. A failed poll (snapshot.up false) leaves state as it was.
 * One synchronous pass: the daemon runs it in the poll worker thread (engine/), where it blocks no scrape.
 */
export function analyze(state: AnalysisState, snapshot: Snapshot, opts: AnalysisOptions): AnalysisResult {
  const now = snapshot.startedAt
  const history = snapshot.up ? advanceHistory(state.history, snapshot) : state.history
  const rules: StatusRules = {
    allowedLag: opts.allowedLag,
    windowMs: opts.statusWindowMs,
    minObservations: opts.minObservations ?? 3,
  }
  const observations = new Map<string, Map<string, TopicWindows>>()
  const inactiveSince = new Map<string, number>()
  const memberlessCommitAt = new Map<string, number>()
  const topicTrends = new Map<string, Map<string, TopicTrendState>>()

  const analyzeGroup = (view: GroupView): AnalyzedGroup => {
    const g = view.group
    // Members unknown this poll (describe failed): keep the clock as it was rather than restart the grace period.
    const previousSince = state.inactiveSince.get(g.groupId) ?? null
    // Per topic, indexed by partition: no composite key string per group partition per poll.
    const ownerOf = new Map<string, string[]>()
    for (const m of g.members ?? []) {
      for (const a of m.assignments) {
        let owners = ownerOf.get(a.topic)
        if (!owners) {
          owners = []
          ownerOf.set(a.topic, owners)
        }
        owners[a.partition] = m.memberId
      }
    }
    const timestamps = new Map<string, (number | null)[]>()
    const markers = new Map<string, boolean[]>()
    for (const o of g.offsets ?? []) {
      let list = timestamps.get(o.topic)
      if (!list) {
        list = []
        timestamps.set(o.topic, list)
      }
      list[o.partition] = o.recordTimestamp
      if (o.markersOnly) {
        let flags = markers.get(o.topic)
        if (!flags) {
          flags = []
          markers.set(o.topic, flags)
        }
        flags[o.partition] = true
      }
    }
    const oldObs = state.observations.get(g.groupId)
    const newObs = new Map<string, TopicWindows>()
    if (snapshot.up) observations.set(g.groupId, newObs)

    // First every partition's lag in seconds and window of observations: whether the group commits at all decides
    // how its unmoving partitions are judged.
    let committing = false
    const windows = view.topics.map((t) => {
      const topicOld = oldObs?.get(t.topic)
      const topicHistory = history.get(t.topic)
      const topicTimestamps = timestamps.get(t.topic)
      const topicMarkers = markers.get(t.topic)
      const topicOwners = ownerOf.get(t.topic)
      let room = 0
      let partitions = 0
      for (const p of t.partitions) {
        room += WindowPacker.room(topicOld, p.partition)
        partitions = Math.max(partitions, p.partition + 1)
      }
      const packer = new WindowPacker(room, partitions)
      const topicWindows = t.partitions.map((p) => {
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
        const windowMs = opts.statusWindowMs
        const obs = packer.advance(topicOld, p.partition, now, p.committed, p.lag, lag.seconds, windowMs)
        // '' stands for the group itself when no member is assigned the partition.
        const owner = topicOwners?.[p.partition] ?? ''
        return { lag, obs, onlyMarkers, owner, progressing: false }
      })
      newObs.set(t.topic, packer.windows())
      return topicWindows
    })
    // Offsets that move between two polls that both saw no member: something commits without joining the group.
    const memberless = g.members !== null && g.members.length === 0
    const previousCommit = state.memberlessCommitAt?.get(g.groupId)
    const commitAt = memberless && previousSince !== null && committing ? now : previousCommit
    if (commitAt !== undefined && now - commitAt <= opts.statusWindowMs)
      memberlessCommitAt.set(g.groupId, commitAt)

    markOwnersProgressing(windows)
    const oldTrends = state.topicTrends?.get(g.groupId)
    const newTrends = new Map<string, TopicTrendState>()
    if (snapshot.up) topicTrends.set(g.groupId, newTrends)

    const verdicts: Judged[] = []
    const topics = view.topics.map((t, ti): AnalyzedTopic => {
      const topicWindows = windows[ti] as (typeof windows)[number]
      const current = topicObservation(
        now,
        topicWindows.map((w) => w.obs),
      )
      const trend = advanceTopicTrend(
        oldTrends?.get(t.topic),
        topicWindows.length,
        current,
        opts.statusWindowMs,
      )
      newTrends.set(t.topic, trend)
      const topicTrend = new ObservationWindow(trend.observations)
      const commitsWithoutMembers = memberlessCommitAt.has(g.groupId) || g.members === null
      const partitions = t.partitions.map((p, pi): AnalyzedPartition => {
        const { lag, obs, onlyMarkers, owner, progressing } = topicWindows[
          pi
        ] as (typeof topicWindows)[number]
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
          rules,
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
        return analyzed
      })
      for (let i = 0; i < t.uncommitted; i++) verdicts.push({ topic: t.topic, verdict: NO_OFFSET })
      return { ...t, partitions, maxLagSeconds: max(partitions.map((p) => p.timeLag.seconds)) }
    })
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
    if (since !== null) inactiveSince.set(g.groupId, since)
    const expired = since !== null && now - since > opts.inactiveGraceMs
    return {
      ...view,
      topics,
      maxLag: max(topics.flatMap((t) => t.partitions.map((p) => p.lag))),
      maxLagSeconds: max(topics.map((t) => t.maxLagSeconds)),
      // No verdict without offsets: "unknown" is not "no_offset" (see groupViews).
      verdict: expired || g.offsets === null ? null : groupStatus(verdicts),
      inactiveSince: since,
    }
  }
  const groups = groupViews(snapshot.groups, snapshot.topics).map(analyzeGroup)
  if (!snapshot.up) return { state, groups }
  return { state: { history, observations, inactiveSince, memberlessCommitAt, topicTrends }, groups }
}

function advanceHistory(prev: AnalysisState['history'], snapshot: Snapshot): AnalysisState['history'] {
  const next = new Map<string, TopicHistories>()
  for (const t of snapshot.topics) {
    const old = prev.get(t.name)
    const numbers: number[] = []
    const histories: OffsetHistory[] = []
    for (const p of t.partitions) {
      const before = historyOf(old, p.partition)
      // Unknown this poll (leader down): keep what we knew rather than forget the partition's history.
      numbers.push(p.partition)
      histories.push(p.latest === null ? before : recordOffset(before, p.latest, snapshot.startedAt))
    }
    // The new histories are made for the poll and die young; only the packed copy is kept.
    next.set(t.name, packTopicHistories(numbers, histories))
  }
  return next
}

const NO_OFFSET: Verdict = { status: 'no_offset', reason: 'a partition has no committed offset' }

function max(values: readonly (number | null)[]): number | null {
  let m: number | null = null
  for (const v of values) if (v !== null && (m === null || v > m)) m = v
  return m
}
