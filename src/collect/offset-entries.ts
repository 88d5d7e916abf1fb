/**
 * What is known about the record at one committed offset of one partition, kept across polls by the record-timestamp
 * cache. Mutable on purpose: a steady poll only restamps entries (no key string, no Map entry made or moved per
 * committed partition per poll, which was a tenth of the poll worker's CPU at 22,000 committed partitions).
 */
export interface OffsetEntry {
  readonly offset: number
  /** Timestamp of the first record after the offset; NaN until read. */
  timestamp: number
  /** The poll that last wanted it (see RecordTimestampCache). */
  wantedAt: number
  /** The poll whose Fetch gave `verdict`; a verdict is that poll's only (data may follow later). */
  verdictAt: number
  verdict: Verdict
  /** The last Fetch had no room for it within the byte budget: asked first next time. */
  starved: boolean
}

/**
 * markersOnly: only transaction markers and aborted records follow, so a read_committed consumer there is caught
 * up; openTransaction: only those up to an open transaction's first record.
 */
export type Verdict = 'none' | 'markersOnly' | 'openTransaction'

/** Decides, entry by entry, what a sweep keeps: a long-lived object, so its method stays optimized across polls. */
export interface SweepPolicy {
  keep(e: OffsetEntry): boolean
}

/**
 * Entries by topic, then partition (an index), then offset (a short list: one per distinct committed offset of the
 * groups on that partition, usually one). Lookups hash the topic name only, which the decoded records share.
 */
export class OffsetEntries {
  readonly #topics = new Map<string, (OffsetEntry[] | undefined)[]>()

  find(topic: string, partition: number, offset: number): OffsetEntry | undefined {
    const list = this.#topics.get(topic)?.[partition]
    if (list === undefined) return undefined
    for (let i = 0; i < list.length; i++) if ((list[i] as OffsetEntry).offset === offset) return list[i]
    return undefined
  }

  findOrAdd(topic: string, partition: number, offset: number): OffsetEntry {
    let partitions = this.#topics.get(topic)
    if (partitions === undefined) {
      partitions = []
      this.#topics.set(topic, partitions)
    }
    let list = partitions[partition]
    if (list === undefined) {
      list = []
      partitions[partition] = list
    }
    for (let i = 0; i < list.length; i++)
      if ((list[i] as OffsetEntry).offset === offset) return list[i] as OffsetEntry
    const entry: OffsetEntry = {
      offset,
      timestamp: Number.NaN,
      wantedAt: -1,
      verdictAt: -1,
      verdict: 'none',
      starved: false,
    }
    list.push(entry)
    return entry
  }

  /**
   * Visits every entry; those the policy does not keep are removed (and partitions and topics left empty with them).
   * In place: the lists are compacted, not copied.
   */
  sweep(policy: SweepPolicy): void {
    for (const [topic, partitions] of this.#topics) {
      let any = false
      for (let p = 0; p < partitions.length; p++) {
        const list = partitions[p]
        if (list === undefined) continue
        let kept = 0
        for (let i = 0; i < list.length; i++) {
          const e = list[i] as OffsetEntry
          if (policy.keep(e)) list[kept++] = e
        }
        list.length = kept
        if (kept === 0) partitions[p] = undefined
        else any = true
      }
      if (!any) this.#topics.delete(topic)
    }
  }
}
