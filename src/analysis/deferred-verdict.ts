import type { Status, Verdict } from './status.js'

/**
 * A verdict whose reason is put into words when it is first read. Every group partition gets a verdict each poll
 * and the analysis keeps them until the next one, but only the JSON API and `describe` read a partition's reason:
 * made eagerly, each was a tree of concatenated strings and number strings (~190,000 string pieces kept per poll at
 * 22,000 group partitions, in a heap snapshot), promoted to the old generation and dropped a poll later. A deferred
 * one keeps the explaining function (a module-level one, never a closure) and the few values it needs.
 */
class DeferredVerdict<A, B, C, D, E, F> implements Verdict {
  #reason: string | undefined
  // Private fields, not properties: a verdict's only own property is its status, as with a plain one's two.
  readonly #explain: (a: A, b: B, c: C, d: D, e: E, f: F) => string
  readonly #a: A
  readonly #b: B
  readonly #c: C
  readonly #d: D
  readonly #e: E
  readonly #f: F

  constructor(
    readonly status: Status,
    explain: (a: A, b: B, c: C, d: D, e: E, f: F) => string,
    a: A,
    b: B,
    c: C,
    d: D,
    e: E,
    f: F,
  ) {
    this.#explain = explain
    this.#a = a
    this.#b = b
    this.#c = c
    this.#d = d
    this.#e = e
    this.#f = f
  }

  get reason(): string {
    if (this.#reason === undefined)
      this.#reason = this.#explain(this.#a, this.#b, this.#c, this.#d, this.#e, this.#f)
    return this.#reason
  }

  /** As a plain verdict would serialise (JSON.stringify reads own properties; the reason is a getter). */
  toJSON(): Verdict {
    return { status: this.status, reason: this.reason }
  }
}

/** A verdict of `status` whose reason is `explain(a, …)`, called once, when the reason is first read. */
export function deferred<A, B = undefined, C = undefined, D = undefined, E = undefined, F = undefined>(
  status: Status,
  explain: (a: A, b: B, c: C, d: D, e: E, f: F) => string,
  a: A,
  b?: B,
  c?: C,
  d?: D,
  e?: E,
  f?: F,
): Verdict {
  return new DeferredVerdict(status, explain, a, b as B, c as C, d as D, e as E, f as F)
}

/** A verdict whose reason is the same every time: one shared frozen object. */
export function fixed(status: Status, reason: string): Verdict {
  return Object.freeze({ status, reason })
}
