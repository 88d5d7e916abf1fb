/**
 * The status rules' reasons in words (status.ts decides, these say why). Each is called only when a reason is read
 * (deferred-verdict.ts), so they take the figures as arguments rather than the partition's facts: a deferred verdict
 * must not keep a poll's windows alive.
 */
import type { Judged } from './status.js'
import { formatSpan } from './status-trend.js'

const who = (assigned: boolean): string =>
  assigned ? 'a member is assigned but' : 'no member consumes it and'

export const lostMessages = (lost: number): string =>
  `${lost} messages were deleted by retention before the group read them`

export const wentBack = (from: number, to: number): string =>
  `committed offset went back from ${from} to ${to}`

export const withinAllowedLag = (lag: number, allowedLag: number): string =>
  `lag ${lag} is within the allowed ${allowedLag}`

export const tooSlowForAll = (committed: number, spanMs: number, lag: number): string =>
  `the committed offset stayed at ${committed} for ${formatSpan(spanMs)} while ${lag} messages wait, and its consumer commits other partitions: too slow to serve them all`

export const leftAndHeld = (committed: number, polls: number, heldMs: number, lag: number): string =>
  `no member consumes it and the committed offset stayed at ${committed} for ${polls} polls (${formatSpan(heldMs)}) while ${lag} messages wait`

const heldPastCadence = (committed: number, heldMs: number, lag: number, gapMs: number): string =>
  `the committed offset has stayed at ${committed} for ${formatSpan(heldMs)} while ${lag} messages wait; before, it moved at least every ${formatSpan(gapMs)}`

export const cadenceNotYetJudged = (
  committed: number,
  heldMs: number,
  lag: number,
  gapMs: number,
  judgedAfterMs: number,
): string => `${heldPastCadence(committed, heldMs, lag, gapMs)}; judging after ${formatSpan(judgedAfterMs)}`

export const cadenceBroken = (
  committed: number,
  heldMs: number,
  lag: number,
  gapMs: number,
  assigned: boolean,
): string => `${who(assigned)} ${heldPastCadence(committed, heldMs, lag, gapMs)}`

export const notJudgedYet = (lag: number, spanMs: number, judgedMs: number): string =>
  `lag ${lag}, consuming; judging its trend after ${formatSpan(judgedMs)} observed (${formatSpan(spanMs)} so far)`

export const commitsTooFarApart = (lag: number, windowMs: number, described: string): string =>
  `lag ${lag}, consuming; its commits are too far apart to judge a trend in the ${formatSpan(windowMs)} window (${described})`

const overTopic = (ofTopic: boolean): string => (ofTopic ? "over the topic's committed partitions, " : '')

export const fallingBehind = (ofTopic: boolean, described: string): string =>
  `${overTopic(ofTopic)}${described}`

export const notGrowingHere = (lag: number, ofTopic: boolean, described: string): string =>
  `consuming, lag ${lag} not growing here; ${overTopic(ofTopic)}${described}`

export const keepingUp = (lag: number, described: string): string =>
  `consuming, keeping up: lag ${lag}; ${described}`

export const heldForWindow = (assigned: boolean, committed: number, spanMs: number, lag: number): string =>
  `${who(assigned)} the committed offset stayed at ${committed} for ${formatSpan(spanMs)} while ${lag} messages wait`

/** `spanMs` null: seen in one poll only, so no span is told. */
export const heldPastOldRecord = (
  assigned: boolean,
  committed: number,
  spanMs: number | null,
  lag: number,
  waitedMs: number,
  windowMs: number,
): string =>
  `${who(assigned)} the committed offset stayed at ${committed} ${spanMs !== null ? `for ${formatSpan(spanMs)} ` : ''}while ${lag} messages wait; the next one has waited ${formatSpan(waitedMs)}, longer than the ${formatSpan(windowMs)} window`

export const heldForPolls = (
  assigned: boolean,
  committed: number,
  polls: number,
  spanMs: number,
  lag: number,
): string =>
  `${who(assigned)} the committed offset stayed at ${committed} for ${polls} polls (${formatSpan(spanMs)}) while ${lag} messages wait`

export const heldNotYetJudged = (lag: number, committed: number, spanMs: number, judgedMs: number): string =>
  `lag ${lag}; the committed offset stayed at ${committed} for ${formatSpan(spanMs)}, judging after ${formatSpan(judgedMs)} observed`

export const partitionsOk = (same: number): string => `${same} committed partitions ok`

/** The group's reason: its worst partition (read only now, so its own reason is made only for this one). */
export const worstPartition = (worst: Judged, same: number): string => {
  const others = same > 1 ? ` (and ${same - 1} more partitions)` : ''
  const name = worst.partition === undefined ? worst.topic : `${worst.topic}/${worst.partition}`
  return `${name}: ${worst.verdict.reason}${others}`
}
