/**
 * Consumer-group status over a sliding window of polls, in the spirit of Burrow's evaluator but with names that say
 * what is wrong. Pure: a partition's observations in, a status and a reason in words out.
 */
export const STATUSES = ['ok', 'lagging', 'rewound', 'stalled', 'stopped', 'data_lost', 'no_offset'] as const
export type Status = (typeof STATUSES)[number]

/** Worst first: a group takes the worst status of its partitions. */
const SEVERITY: Record<Status, number> = {
  data_lost: 6,
  stopped: 5,
  stalled: 4,
  rewound: 3,
  lagging: 2,
  ok: 0,
  // Below ok: partitions never committed (e.g. never had data) must not hide a healthy group.
  no_offset: -1,
}

export interface Observation {
  readonly time: number
  readonly committed: number
  /** null when the high watermark was unknown in that poll. */
  readonly lag: number | null
}

export interface PartitionFacts {
  /** Observations inside the window, oldest first; the last one is the current poll. */
  readonly observations: readonly Observation[]
  /** Messages deleted below the committed offset now (0 when none); null when unknown. */
  readonly lost: number | null
  /** Whether a live group member is assigned this partition. */
  readonly assigned: boolean
  /** Only transaction markers follow the committed offset now (an idle exactly-once consumer). */
  readonly markersOnly?: boolean
}

export interface StatusRules {
  readonly allowedLag: number
  /** Observations needed before a trend is judged. */
  readonly minObservations: number
  /**
   * How much time the observations must span before a trend (stopped, stalled, lagging) is judged; the analyzer
   * asks for most of the window, so a group that commits every few minutes is not called stalled 30 s after a start.
   */
  readonly minSpanMs?: number
}

export interface Verdict {
  readonly status: Status
  readonly reason: string
}

export function partitionStatus(f: PartitionFacts, rules: StatusRules): Verdict {
  const obs = f.observations
  const now = obs[obs.length - 1]
  if (!now) return { status: 'no_offset', reason: 'no committed offset' }
  if (f.lost !== null && f.lost > 0) {
    return {
      status: 'data_lost',
      reason: `${f.lost} messages were deleted by retention before the group read them`,
    }
  }
  for (let i = 1; i < obs.length; i++) {
    const prev = obs[i - 1] as Observation
    const cur = obs[i] as Observation
    if (cur.committed < prev.committed) {
      return {
        status: 'rewound',
        reason: `committed offset went back from ${prev.committed} to ${cur.committed}`,
      }
    }
  }
  if (now.lag === null) return { status: 'ok', reason: 'lag unknown in this poll' }
  if (f.markersOnly)
    return { status: 'ok', reason: 'caught up: only transaction markers follow the committed offset' }
  if (now.lag <= rules.allowedLag)
    return { status: 'ok', reason: `lag ${now.lag} is within the allowed ${rules.allowedLag}` }
  if (obs.length < rules.minObservations) {
    return { status: 'ok', reason: `lag ${now.lag}; too few polls yet (${obs.length}) to judge its trend` }
  }
  const first = obs[0] as Observation
  if (now.time - first.time < (rules.minSpanMs ?? 0)) {
    return {
      status: 'ok',
      reason: `lag ${now.lag}; only ${formatSpan(now.time - first.time)} observed yet, too little to judge its trend`,
    }
  }
  const span = formatSpan(now.time - first.time)
  if (first.committed === now.committed) {
    return f.assigned
      ? {
          status: 'stalled',
          reason: `a member is assigned but the committed offset stayed at ${now.committed} for ${span} while ${now.lag} messages wait`,
        }
      : {
          status: 'stopped',
          reason: `no member consumes it and the committed offset stayed at ${now.committed} for ${span} while ${now.lag} messages wait`,
        }
  }
  const lags = obs.map((o) => o.lag).filter((l): l is number => l !== null)
  const neverDecreased = lags.every((l, i) => i === 0 || l >= (lags[i - 1] as number))
  if (neverDecreased && (lags[lags.length - 1] as number) > (lags[0] as number)) {
    return { status: 'lagging', reason: `consuming, but lag grew from ${lags[0]} to ${now.lag} over ${span}` }
  }
  return { status: 'ok', reason: `consuming; lag ${now.lag}` }
}

/** The group's verdict: its worst partition, saying how many share that status. */
export function groupStatus(
  partitions: readonly { readonly name: string; readonly verdict: Verdict }[],
): Verdict {
  if (partitions.length === 0) return { status: 'no_offset', reason: 'no committed offsets' }
  let worst = partitions[0] as { name: string; verdict: Verdict }
  for (const p of partitions) if (SEVERITY[p.verdict.status] > SEVERITY[worst.verdict.status]) worst = p
  const same = partitions.filter((p) => p.verdict.status === worst.verdict.status).length
  if (worst.verdict.status === 'ok') {
    const ok = partitions.filter((p) => p.verdict.status === 'ok').length
    return { status: 'ok', reason: `${ok} committed partitions ok` }
  }
  const others = same > 1 ? ` (and ${same - 1} more partitions)` : ''
  return { status: worst.verdict.status, reason: `${worst.name}: ${worst.verdict.reason}${others}` }
}

function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 120) return `${s}s`
  const m = Math.round(s / 60)
  return m < 120 ? `${m}m` : `${Math.round(m / 60)}h`
}
