import type { Snapshot } from '../collect/snapshot.js'
import { analyzeGroup, type GroupsRun } from './analyze-group.js'
import { type GroupPartitionView, type GroupTopicView, type GroupView, groupViews } from './groups.js'
import type { TopicWindows } from './observation-window.js'
import type { TopicTrendState } from './progress.js'
import type { StatusRules, Verdict } from './status.js'
import type { TimeLag } from './time-lag.js'
import { advanceTopicHistories, type TopicHistories } from './topic-histories.js'

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

  const run: GroupsRun = {
    state,
    opts,
    rules,
    now,
    up: snapshot.up,
    history,
    observations,
    inactiveSince,
    memberlessCommitAt,
    topicTrends,
  }
  const groups: AnalyzedGroup[] = []
  for (const view of groupViews(snapshot.groups, snapshot.topics)) groups.push(analyzeGroup(run, view))
  if (!snapshot.up) return { state, groups }
  return { state: { history, observations, inactiveSince, memberlessCommitAt, topicTrends }, groups }
}

function advanceHistory(prev: AnalysisState['history'], snapshot: Snapshot): AnalysisState['history'] {
  const next = new Map<string, TopicHistories>()
  for (const t of snapshot.topics) {
    next.set(t.name, advanceTopicHistories(prev.get(t.name), t.partitions, snapshot.startedAt))
  }
  return next
}
