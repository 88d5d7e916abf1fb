import type { Family } from './catalog.js'
import { escapeHelp, escapeLabel, formatValue, writeSafeInteger } from './format.js'
import type { BodySink } from './gzip-sink.js'
import { type CounterPatch, Rendered } from './rendered.js'

export { escapeLabel, formatValue } from './format.js'

/**
 * A family's label values keyed by label name: a missing, extra or misspelt label fails to compile, and values
 * cannot be swapped (the order comes from the family). A family without labels takes `{}`; a writer with no
 * family yet (never) takes nothing.
 */
export type LabelValues<Labels extends readonly string[]> = [Labels] extends [never]
  ? never
  : Labels extends readonly []
    ? { readonly [name: string]: never }
    : { readonly [K in Labels[number]]: string | number }

declare const LABELS: unique symbol
/**
 * `a="x",b="y"` as UTF-8 bytes, encoded once by labelSet() and shared by every family declared with the same label
 * list. The list is carried in the type, so a set built for topic/partition cannot be written into a
 * consumer-group family.
 */
export type LabelSet<Labels extends readonly string[]> = Uint8Array & { readonly [LABELS]: Labels }

/**
 * Builds Prometheus text exposition (0.0.4). Label-name prefixes are prepared once per family so each sample costs
 * only its label values; this is why we do not use prom-client, whose registry re-formats every label set on every
 * collect (see bench/). OpenMetrics differs only in counter TYPE lines and the trailing # EOF (see exposition.ts).
 *
 * `Labels` is the label list of the current family: family() returns the same writer typed for the family it
 * starts, so sample() and sampleWith() take exactly that family's labels. A writer with no family yet
 * (`Labels` = never) takes no samples.
 */
export class ExpositionWriter<Labels extends readonly string[] = never> {
  // Samples are written as bytes straight into one growing Buffer: pre-encoded name and label prefixes, label sets
  // encoded once (and kept across polls, label-cache.ts), integers as digits. Lines built as strings and encoded in
  // 64 KiB chunks made the body over again in garbage every poll, as ropes V8 had to flatten before encoding (render
  // a quarter slower at 300k series, bench/README.md). One Buffer is also what a worker thread can hand over without
  // copying.
  #buf: Buffer
  #pos = 0
  readonly #patches: CounterPatch[] = []
  #labels: readonly string[] = []
  /** Per label: what goes before its value (`name{const,label="` for the first, `",label="` after). */
  #prefixes: Uint8Array[] = []
  #name = ''
  /** `name{const} `: the start of a sample without labels of its own. */
  #unlabelledStart: Uint8Array = EMPTY
  /** `name{const,`: the start of a sample whose labels come pre-formatted (sampleWith). */
  #labelledStart: Uint8Array = EMPTY
  #skipping = false
  readonly #constLabels: string
  readonly #skip: ((family: Family) => boolean) | undefined
  readonly #sink: BodySink | undefined
  /** With a sink, the buffer is handed over once it holds this much (at a sample's start, never within one). */
  readonly #flushAt: number

  constructor(options: WriterOptions = {}) {
    this.#sink = options.sink
    this.#flushAt = this.#sink ? FLUSH_BYTES : Number.POSITIVE_INFINITY
    // With a sink the buffer is reused piece after piece; without (tests, describe, the per-scrape tail) it grows.
    this.#buf = Buffer.allocUnsafeSlow(this.#sink ? FLUSH_BYTES + MIN_CAPACITY : MIN_CAPACITY)
    this.#constLabels = Object.entries(options.constLabels ?? {})
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',')
    this.#skip = options.skip
  }

  family<const L extends readonly string[]>(f: Family<string, L>): ExpositionWriter<L> {
    // The same object, retyped: no allocation per family, and samples stay on one monomorphic writer.
    const typed = this as unknown as ExpositionWriter<L>
    this.#name = f.name
    // A skipped family writes nothing at all, so emitters need not know about --metrics.disable.
    this.#skipping = this.#skip?.(f) ?? false
    if (this.#skipping) return typed
    const help = escapeHelp(f.help)
    if (f.type === 'counter') {
      // OpenMetrics names a counter family without _total: the only difference between the formats' bodies.
      const openMetricsName = f.name.slice(0, -'_total'.length)
      const openmetrics = Buffer.from(
        `# HELP ${openMetricsName} ${help}\n# TYPE ${openMetricsName} counter\n`,
      )
      const header = `# HELP ${f.name} ${help}\n# TYPE ${f.name} counter\n`
      if (this.#sink) {
        this.#flush()
        this.#sink.counterHeader(Buffer.from(header), openmetrics)
      } else {
        const at = this.#pos
        this.#string(header)
        this.#patches.push({ at, length: this.#pos - at, openmetrics })
      }
    } else {
      this.#string(`# HELP ${f.name} ${help}\n# TYPE ${f.name} ${f.type}\n`)
    }
    const c = this.#constLabels
    this.#unlabelledStart = Buffer.from(c === '' ? `${f.name} ` : `${f.name}{${c}} `)
    const labelledStart = c === '' ? `${f.name}{` : `${f.name}{${c},`
    this.#labelledStart = Buffer.from(labelledStart)
    this.#labels = f.labels
    this.#prefixes = f.labels.map((l, i) => Buffer.from(`${i === 0 ? labelledStart : '",'}${l}="`))
    return typed
  }

  /** A sample with the family's label values by name; they are written in the order the family declares. */
  sample(values: LabelValues<Labels>, value: number): this {
    if (this.#skipping) return this
    if (this.#pos >= this.#flushAt) this.#flush()
    const labels = this.#labels
    if (labels.length === 0) {
      this.#bytes(this.#unlabelledStart)
    } else {
      const prefixes = this.#prefixes
      const start = this.#pos
      try {
        for (let i = 0; i < labels.length; i++) {
          this.#bytes(prefixes[i] as Uint8Array)
          this.#string(labelValue(this.#name, labels[i] as string, values))
        }
      } catch (e) {
        // A missing label fails the sample whole: no half line left in the body.
        this.#pos = start
        throw e
      }
      this.#bytes(QUOTE_CLOSE)
    }
    this.#value(value)
    return this
  }

  /**
   * A sample whose labels were encoded once with labelSet() and are shared by several families (e.g. the
   * topic/partition labels of the per-partition families), so each costs two byte copies and its value.
   */
  sampleWith(labels: LabelSet<Labels>, value: number): this {
    if (this.#skipping) return this
    if (this.#pos >= this.#flushAt) this.#flush()
    // The types rule out a string; an untyped caller's one is still written as what it says.
    if (typeof labels === 'string') {
      this.#bytes(this.#labelledStart)
      this.#string(labels)
      this.#bytes(CLOSE)
    } else {
      // The hottest path of the render (every per-partition sample): one room check, then TypedArray#set, which
      // measured faster than byte loops even for pieces this short.
      const start = this.#labelledStart
      this.#room(start.length + labels.length + 2)
      const buf = this.#buf
      let pos = this.#pos
      buf.set(start, pos)
      pos += start.length
      buf.set(labels, pos)
      pos += labels.length
      buf[pos++] = 0x7d
      buf[pos++] = 0x20
      this.#pos = pos
    }
    this.#value(value)
    return this
  }

  get currentFamily(): string {
    return this.#name
  }

  /** With a sink: hands over what is left. The writer takes nothing more after it. */
  finish(): void {
    this.#flush()
  }

  /** Hands everything written so far to the sink, for a block to start or end here (family-blocks.ts). */
  boundary(): BodySink | undefined {
    this.#flush()
    return this.#sink
  }

  /** Whether the family is left out (--metrics.disable, granularity). */
  skips(f: Family): boolean {
    return this.#skip?.(f) ?? false
  }

  rendered(): Rendered {
    if (this.#sink) throw new Error('a writer with a sink keeps no body: finish() it instead')
    return new Rendered(this.#buf.subarray(0, this.#pos), [...this.#patches])
  }

  /** The text format as a string (tests and the small per-scrape tail). */
  text(): string {
    return this.rendered().body('text').toString('utf8')
  }

  #flush(): void {
    if (!this.#sink) return
    this.#sink.shared(this.#buf.subarray(0, this.#pos))
    this.#pos = 0
  }

  #room(bytes: number): void {
    if (this.#pos + bytes <= this.#buf.length) return
    const grown = Buffer.allocUnsafeSlow(Math.max(this.#pos + bytes, this.#buf.length * 2))
    this.#buf.copy(grown, 0, 0, this.#pos)
    this.#buf = grown
  }

  #bytes(b: Uint8Array): void {
    this.#room(b.length)
    this.#buf.set(b, this.#pos)
    this.#pos += b.length
  }

  #string(s: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
    this.#room(s.length * 3)
    const buf = this.#buf
    if (s.length > 64) {
      this.#pos += buf.write(s, this.#pos, 'utf8')
      return
    }
    // Label values are short and nearly always ASCII: written byte by byte, without a call into the encoder.
    let pos = this.#pos
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c >= 0x80) {
        this.#pos = pos + buf.write(s.slice(i), pos, 'utf8')
        return
      }
      buf[pos++] = c
    }
    this.#pos = pos
  }

  /** The value as formatValue() spells it, then the line's end. */
  #value(v: number): void {
    if (!Number.isSafeInteger(v)) {
      this.#string(formatValue(v))
      this.#room(1)
    } else {
      // Room for a sign, 16 digits and the newline.
      this.#room(18)
      this.#pos = writeSafeInteger(this.#buf, this.#pos, v)
    }
    this.#buf[this.#pos++] = 0x0a
  }
}

const EMPTY = new Uint8Array(0)
const QUOTE_CLOSE = Buffer.from('"} ')
const CLOSE = Buffer.from('} ')

const MIN_CAPACITY = 64 * 1024
// A megabyte per piece: a few dozen pieces per large body (each deflated and CRC'd on its own, still in cache),
// and small enough that the poll never holds the plain body whole.
const FLUSH_BYTES = 1024 * 1024

/** `a="x",b="y"` for sampleWith(): a label list of the catalog and its values, in the list's order, escaped, as UTF-8. */
export function labelSet<const Labels extends readonly string[]>(
  names: Labels,
  values: LabelValues<Labels>,
): LabelSet<Labels> {
  let out = ''
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string
    out += `${i === 0 ? '' : ','}${name}="${labelValue('labelSet', name, values)}"`
  }
  return Buffer.from(out) as Uint8Array as LabelSet<Labels>
}

/**
 * One label's value, escaped. The types rule out a missing value; checking for one anyway costs a comparison
 * (within noise in bench/render.ts) and turns an untyped caller's mistake into an error naming the label instead
 * of `label="undefined"` in the exposition.
 */
function labelValue(family: string, label: string, values: object): string {
  const v = (values as Record<string, string | number | undefined>)[label]
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return escapeLabel(v)
  throw new Error(`${family}: no value for label ${label}`)
}

export interface WriterOptions {
  /** Labels put first on every series (--kafka.labels); names are validated by the config. */
  readonly constLabels?: Readonly<Record<string, string>>
  /** Families to leave out, HELP and TYPE included (--metrics.disable, --metrics.granularity=topic). */
  readonly skip?: (family: Family) => boolean
  /** Hand the bytes over piece by piece as they are written (gzip-sink.ts) instead of keeping the body. */
  readonly sink?: BodySink
}
