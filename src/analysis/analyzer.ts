import type { Snapshot } from '../collect/snapshot.js'
import { type GroupPartitionView, type GroupTopicView, type GroupView, groupViews } from './groups.js'
import { type OffsetPoint, recordPoint } from './offset-history.js'
import { groupStatus, type Observation, partitionStatus, type StatusRules, type Verdict } from './status.js'
import { type TimeLag, timeLag } from './time-lag.js'

export interface AnalysisOptions {
  readonly statusWindowMs: number
  readonly allowedLag: number
  readonly inactiveGraceMs: number
  /** Observations needed before a trend is judged (default 3). */
  readonly minObservations?: number
}

/** What must be remembered between polls: watermark history, status observations, when groups went memberless. */
export interface AnalysisState {
  readonly history: ReadonlyMap<string, readonly OffsetPoint[]>
  readonly observations: ReadonlyMap<string, readonly Observation[]>
  readonly inactiveSince: ReadonlyMap<string, number>
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
}

/**
 * Folds one snapshot into the state and derives every group's lag in messages and seconds and its status.
 * Pure: the same state and snapshot give the same result. A failed poll (snapshot.up false) leaves state as it was.
 */
export function analyze(
  state: AnalysisState,
  snapshot: Snapshot,
  opts: AnalysisOptions,
): { state: AnalysisState; groups: AnalyzedGroup[] } {
  const now = snapshot.startedAt
  const history = snapshot.up ? advanceHistory(state.history, snapshot) : state.history
  const rules: StatusRules = { allowedLag: opts.allowedLag, minObservations: opts.minObservations ?? 3 }
  const observations = new Map<string, readonly Observation[]>()
  const inactiveSince = new Map<string, number>()

  const groups = groupViews(snapshot.groups, snapshot.topics).map((view): AnalyzedGroup => {
    const g = view.group
    const memberless = g.members !== null && g.members.length === 0
    const since = memberless ? (state.inactiveSince.get(g.groupId) ?? now) : null
    if (since !== null) inactiveSince.set(g.groupId, since)
    const assigned = new Set(
      (g.members ?? []).flatMap((m) => m.assignments.map((a) => `${a.topic}\u0000${a.partition}`)),
    )
    const timestamps = new Map(
      (g.offsets ?? []).map((o) => [`${o.topic}\u0000${o.partition}`, o.recordTimestamp]),
    )

    const verdicts: { name: string; verdict: Verdict }[] = []
    const topics = view.topics.map((t): AnalyzedTopic => {
      const partitions = t.partitions.map((p): AnalyzedPartition => {
        const pk = `${p.topic}\u0000${p.partition}`
        const ok = `${g.groupId}\u0000${pk}`
        const obs = windowed(
          [...(state.observations.get(ok) ?? []), { time: now, committed: p.committed, lag: p.lag }],
          now,
          opts.statusWindowMs,
        )
        if (snapshot.up) observations.set(ok, obs)
        const verdict = partitionStatus(
          { observations: obs, lost: p.lost, assigned: assigned.has(pk) },
          rules,
        )
        verdicts.push({ name: `${p.topic}/${p.partition}`, verdict })
        const lag = timeLag({
          now,
          committed: p.committed,
          highWatermark: p.highWatermark,
          recordTimestamp: timestamps.get(pk) ?? null,
          history: history.get(pk) ?? [],
        })
        return { ...p, timeLag: lag, verdict }
      })
      for (let i = 0; i < t.uncommitted; i++)
        verdicts.push({
          name: t.topic,
          verdict: { status: 'no_offset', reason: 'a partition has no committed offset' },
        })
      return { ...t, partitions, maxLagSeconds: max(partitions.map((p) => p.timeLag.seconds)) }
    })
    const expired = since !== null && now - since > opts.inactiveGraceMs
    return {
      ...view,
      topics,
      maxLag: max(topics.flatMap((t) => t.partitions.map((p) => p.lag))),
      maxLagSeconds: max(topics.map((t) => t.maxLagSeconds)),
      verdict: expired ? null : groupStatus(verdicts),
      inactiveSince: since,
    }
  })
  if (!snapshot.up) return { state, groups }
  return { state: { history, observations, inactiveSince }, groups }
}

function advanceHistory(prev: ReadonlyMap<string, readonly OffsetPoint[]>, snapshot: Snapshot) {
  const next = new Map<string, readonly OffsetPoint[]>()
  for (const t of snapshot.topics) {
    for (const p of t.partitions) {
      const key = `${t.name}\u0000${p.partition}`
      const old = prev.get(key) ?? []
      // Unknown this poll (leader down): keep what we knew rather than forget the partition's history.
      next.set(
        key,
        p.latest === null ? old : recordPoint(old, { offset: p.latest, time: snapshot.startedAt }),
      )
    }
  }
  return next
}

function windowed(obs: readonly Observation[], now: number, windowMs: number): Observation[] {
  return obs.filter((o) => now - o.time <= windowMs)
}

function max(values: readonly (number | null)[]): number | null {
  let m: number | null = null
  for (const v of values) if (v !== null && (m === null || v > m)) m = v
  return m
}
