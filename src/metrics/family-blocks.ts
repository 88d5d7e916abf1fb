import type { Family } from './catalog.js'
import type { DeflatedBlock } from './gzip-sink.js'
import type { ExpositionWriter, LabelSet } from './writer.js'

/**
 * The samples of one family: its label sets (kept across polls, label-cache.ts) and, pushed in their order, a value
 * for each, or null where the sample is absent this poll.
 */
export class FamilySamples<Labels extends readonly string[]> {
  readonly values: Float64Array
  /** 0 where the sample is absent this poll (its value is not written). */
  readonly present: Uint8Array
  #at = 0

  constructor(readonly labels: readonly LabelSet<Labels>[]) {
    this.values = new Float64Array(labels.length)
    this.present = new Uint8Array(labels.length)
  }

  push(value: number | null): void {
    if (value !== null) {
      this.values[this.#at] = value
      this.present[this.#at] = 1
    }
    this.#at++
  }
}

/** A family's block as the last render wrote it, and what it was written from: samples, or source objects. */
interface Kept {
  readonly block: DeflatedBlock
  readonly samples?: FamilySamples<readonly string[]>
  readonly from?: readonly object[]
}

/**
 * Whole families whose samples are those of the last poll are not rendered or deflated again: the last poll's
 * deflated block is spliced in. Most families of a large cluster are its metadata — leaders, replica counts,
 * in-sync replicas, preferred leaders, under-replicated and offline flags, one series per partition each — and
 * change only when the cluster does. Equal means the same label sets (by reference: the label caches return the
 * same set for the same topic and partition) and the same values by `===`: a NaN never equals itself, so it is
 * simply rendered again, and 0 and -0, which compare equal, are both written 0. Kept across renders by the engine;
 * what a render did not ask for is dropped at the next. Only gauge families: a counter's header differs by format.
 */
export class FamilyBlocks {
  #kept = new Map<string, Kept>()
  #next = new Map<string, Kept>()

  rotate(): void {
    this.#kept = this.#next
    this.#next = new Map()
  }

  /** Writes the family: the last poll's block when the samples are the same, rendered (and kept) otherwise. */
  write<Labels extends readonly string[]>(
    out: ExpositionWriter,
    family: Family<string, Labels>,
    samples: FamilySamples<Labels>,
  ): void {
    this.#splice(
      out,
      family,
      (kept) => kept.samples !== undefined && same(kept.samples, samples),
      () => writeSamples(out, family, samples),
      (block) => ({ block, samples }),
    )
  }

  /**
   * Writes the family with `write`, or splices the last poll's block in when it was written from the very same
   * sources (`from`, compared by reference, in order): for families read from state that is carried over unchanged
   * between refreshes, whose samples need not even be made to be known to be the same.
   */
  writeFrom(
    out: ExpositionWriter,
    family: Family<string, readonly string[]>,
    from: readonly object[],
    write: () => void,
  ): void {
    this.#splice(
      out,
      family,
      (kept) => kept.from?.length === from.length && kept.from.every((o, i) => o === from[i]),
      write,
      (block) => ({ block, from }),
    )
  }

  /** The last poll's block when `isSame` says so; else `write` deflated into a block of its own, kept. */
  #splice(
    out: ExpositionWriter,
    family: Family<string, readonly string[]>,
    isSame: (kept: Kept) => boolean,
    write: () => void,
    keep: (block: DeflatedBlock) => Kept,
  ): void {
    const sink = out.boundary()
    if (!sink || out.skips(family)) {
      write()
      return
    }
    const kept = this.#kept.get(family.name)
    if (kept && isSame(kept)) {
      sink.replay(kept.block)
      this.#next.set(family.name, kept)
      return
    }
    sink.beginBlock()
    write()
    out.boundary()
    this.#next.set(family.name, keep(sink.endBlock()))
  }
}

function writeSamples<Labels extends readonly string[]>(
  out: ExpositionWriter,
  family: Family<string, Labels>,
  { labels, values, present }: FamilySamples<Labels>,
): void {
  const w = out.family(family)
  for (let i = 0; i < labels.length; i++)
    if (present[i] === 1) w.sampleWith(labels[i] as LabelSet<Labels>, values[i] as number)
}

function same(kept: FamilySamples<readonly string[]>, samples: FamilySamples<readonly string[]>): boolean {
  const n = samples.labels.length
  if (kept.labels.length !== n) return false
  const { values, present, labels } = samples
  for (let i = 0; i < n; i++) {
    if (kept.labels[i] !== labels[i] || kept.present[i] !== present[i]) return false
    if (present[i] === 1 && kept.values[i] !== values[i]) return false
  }
  return true
}
