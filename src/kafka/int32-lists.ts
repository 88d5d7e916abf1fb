import type { BodyReader } from './body-reader.js'

class ListNode {
  next: Map<number, ListNode> | undefined
  list: readonly number[] | undefined
}

const EMPTY: readonly number[] = Object.freeze([])

/**
 * Lists of int32 (a partition's replicas, in-sync replicas, offline replicas) read as one shared, frozen array per
 * distinct list. A cluster has few distinct lists (at RF 3 on 6 brokers, at most 120 orders) but the Metadata answer
 * repeats one for every partition, every poll: 48,000 fresh arrays per poll at 16,000 partitions, each kept for
 * the poll's whole length and so promoted to the old generation only to die there. The lists are looked up in a trie
 * as they are read, so a list seen before costs no allocation. Bounded: once `max` distinct lists are kept (a cluster
 * of hundreds of brokers, or broker ids that churn for months), further lists are read as fresh arrays, as before,
 * rather than the table growing or being rebuilt every poll.
 */
export class Int32Lists {
  readonly #root = new ListNode()
  #size = 0
  #scratch = new Int32Array(16)

  constructor(private readonly max = 10_000) {}

  /** A compact (flexible) or classic array of int32 (a null one reads as empty), shared while there is room. */
  read(r: BodyReader, flexible: boolean): readonly number[] {
    const n = r.count(flexible)
    if (n === 0) return EMPTY
    if (n > this.#scratch.length) this.#scratch = new Int32Array(n)
    const scratch = this.#scratch
    const full = this.#size >= this.max
    let node: ListNode | undefined = this.#root
    for (let i = 0; i < n; i++) {
      const v = r.int32()
      scratch[i] = v
      if (node === undefined) continue
      let child: ListNode | undefined = node.next?.get(v)
      if (child === undefined && !full) {
        child = new ListNode()
        node.next ??= new Map()
        node.next.set(v, child)
      }
      node = child
    }
    if (node?.list !== undefined) return node.list
    const list = Object.freeze(Array.from(scratch.subarray(0, n)))
    if (node !== undefined && !full) {
      node.list = list
      this.#size++
    }
    return list
  }
}
