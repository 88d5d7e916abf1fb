import type { OffsetEntry, SweepPolicy } from './offset-entries.js'

/**
 * The first sweep of a poll's eviction: drops entries without a timestamp that are not worth holding (kept only
 * while starved and wanted, to be asked first next poll, or judged this poll, to be read back), and counts what
 * has a timestamp, noting when each unwanted one was last wanted.
 */
export class Census implements SweepPolicy {
  #poll = 0
  timed = 0
  wantedTimed = 0
  #stamps: number[] = []

  start(poll: number): void {
    this.#poll = poll
    this.timed = 0
    this.wantedTimed = 0
    this.#stamps = []
  }

  keep(e: OffsetEntry): boolean {
    if (Number.isNaN(e.timestamp))
      return e.verdictAt === this.#poll || (e.starved && e.wantedAt === this.#poll)
    this.timed++
    if (e.wantedAt === this.#poll) this.wantedTimed++
    else this.#stamps.push(e.wantedAt)
    return true
  }

  /** When each unwanted timestamp was last wanted, oldest first. */
  unwantedStamps(): Float64Array {
    // A typed array sorts numerically without a comparator.
    return Float64Array.from(this.#stamps).sort()
  }
}

/**
 * The second sweep, only when more timestamps are held than the bound allows: drops `excess` unwanted ones, least
 * recently wanted first (among those wanted last in the same poll, in the order the sweep meets them).
 */
export class Eviction implements SweepPolicy {
  #poll = 0
  /** Unwanted entries last wanted before this poll go. */
  #before = 0
  /** And this many of those last wanted in poll #before. */
  #atBefore = 0

  /** `stamps`: when each unwanted timestamp was last wanted, sorted; `excess` ≤ its length. */
  start(poll: number, stamps: Float64Array, excess: number): void {
    this.#poll = poll
    const threshold = stamps[excess - 1] as number
    let below = 0
    while (below < excess && (stamps[below] as number) < threshold) below++
    this.#before = threshold
    this.#atBefore = excess - below
  }

  keep(e: OffsetEntry): boolean {
    if (Number.isNaN(e.timestamp) || e.wantedAt === this.#poll || e.wantedAt > this.#before) return true
    if (e.wantedAt < this.#before) return false
    if (this.#atBefore === 0) return true
    this.#atBefore--
    return false
  }
}
