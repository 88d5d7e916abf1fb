/** Where the text body has a counter's HELP/TYPE header, and what OpenMetrics has there instead. */
export interface CounterPatch {
  readonly at: number
  readonly length: number
  readonly openmetrics: Buffer
}

/**
 * A rendered exposition: the text body as one Buffer, and the counter headers OpenMetrics writes differently
 * (the only difference between the formats' bodies), so both formats share the bytes.
 */
export class Rendered {
  constructor(
    readonly text: Buffer,
    readonly patches: readonly CounterPatch[] = [],
  ) {}

  /** The body as pieces to write in order; nothing is copied. */
  parts(format: 'text' | 'openmetrics'): Buffer[] {
    if (format === 'text' || this.patches.length === 0) return [this.text]
    const parts: Buffer[] = []
    let from = 0
    for (const p of this.patches) {
      if (p.at > from) parts.push(this.text.subarray(from, p.at))
      parts.push(p.openmetrics)
      from = p.at + p.length
    }
    if (from < this.text.length) parts.push(this.text.subarray(from))
    return parts
  }

  /** The body as one Buffer (a copy for OpenMetrics with counters; the text body itself otherwise). */
  body(format: 'text' | 'openmetrics'): Buffer {
    const parts = this.parts(format)
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)
  }

  get byteLength(): number {
    return this.text.length
  }
}
