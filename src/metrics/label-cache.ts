import type { LabelSet } from './writer.js'

/**
 * Encoded label sets kept from one render to the next. The same topics, partitions and groups come back every
 * poll, and encoding their label sets anew (a string built, flattened and copied into a Buffer per partition and
 * per group partition) was ~16 MiB of garbage and ~35 ms per poll at 16,000 partitions and 22,000 group partitions
 * (bench/README.md). A list is kept per key (a topic, or a group and topic) and indexed by partition; the lists a
 * render did not ask for are dropped when the next one starts, so the cache holds what the last render wrote.
 */
export class LabelSetCache<Labels extends readonly string[]> {
  #previous = new Map<string, (LabelSet<Labels> | undefined)[]>()
  #current = new Map<string, (LabelSet<Labels> | undefined)[]>()

  /** The label sets under `key`, by index; an unset index is for the caller to make and set. */
  list(key: string): (LabelSet<Labels> | undefined)[] {
    let list = this.#current.get(key)
    if (list === undefined) {
      list = this.#previous.get(key) ?? []
      this.#current.set(key, list)
    }
    return list
  }

  /** Starts a render: what the last one did not use is let go. */
  rotate(): void {
    this.#previous = this.#current
    this.#current = new Map()
  }

  /** Lists held (for tests of the bound). */
  get size(): number {
    return this.#previous.size + this.#current.size
  }
}
