import type { BodyReader } from './body-reader.js'

class ListNode {
  readonly next = new Map<number, ListNode>()
  list: readonly number[] | undefined
}

const EMPTY: readonly number[] = Object.freeze([])

/**
 * Lists of int32 (a partition's replicas, in-sync replicas, offline replicas) read as one shared, frozen array per
 * distinct list. A cluster has few distinct lists (at RF 3 on 6 brokers, at most 120 orders) but the Metadata answer
 * repeats one for every partition, every poll: 48,000 fresh arrays per poll at 16,000 partitions, each kept for
 * the poll's whole length and so promoted to the old generation only to die there. The lists are looked up in a trie
 * as they are read, so a list seen before costs no allocation. Bounded: past `max` distinct lists (broker ids that
 * churn for months) the table starts again.
 */
export class Int32Lists {
  #root = new ListNode()
  #size = 0
  #scratch = new Int32Array(16)

  constructor(private readonly max = 100_000) {}

  /** A compact (flexible) or classic array of int32 (a null one reads as empty), shared. */
  read(r: BodyReader, flexible: boolean): readonly number[] {
    const n = r.count(flexible)
    if (n === 0) return EMPTY
    if (n > this.#scratch.length) this.#scratch = new Int32Array(n)
    const scratch = this.#scratch
    let node = this.#root
    for (let i = 0; i < n; i++) {
      const v = r.int32()
      scratch[i] = v
      node = step(node, v)
    }
    if (node.list !== undefined) return node.list
    if (this.#size >= this.max) {
      // The new list goes into the new table, not the one let go.
      this.#root = new ListNode()
      this.#size = 0
      node = this.#root
      for (let i = 0; i < n; i++) node = step(node, scratch[i] as number)
    }
    const list = Object.freeze(Array.from(scratch.subarray(0, n)))
    node.list = list
    this.#size++
    return list
  }
}

function step(node: ListNode, v: number): ListNode {
  let child = node.next.get(v)
  if (child === undefined) {
    child = new ListNode()
    node.next.set(v, child)
  }
  return child
}
