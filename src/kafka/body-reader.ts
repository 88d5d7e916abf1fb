import type { Reader } from '@platformatic/kafka'

/** Big-endian reads of a contiguous body; reading past its end throws (a RangeError from Buffer). */
export class BodyReader {
  #at = 0

  constructor(
    private readonly buf: Buffer,
    /** For errors: "ListOffsets answer ends early". */
    private readonly api: string,
  ) {}

  /** What is left of a response as one contiguous copy (it arrives in socket-sized chunks); the reader is consumed. */
  static rest(reader: Reader, api: string): BodyReader {
    const buf = reader.buffer.slice(reader.position, reader.length)
    reader.skip(reader.length - reader.position)
    return new BodyReader(buf, api)
  }

  skip(n: number): void {
    if (this.#at + n > this.buf.length) throw new RangeError(`${this.api} answer ends early`)
    this.#at += n
  }

  int16(): number {
    const v = this.buf.readInt16BE(this.#at)
    this.#at += 2
    return v
  }

  int32(): number {
    const v = this.buf.readInt32BE(this.#at)
    this.#at += 4
    return v
  }

  /** Exact for |v| < 2^53, which every offset is (and -1, the "none" answer). */
  int64(): number {
    const v = this.buf.readInt32BE(this.#at) * 4_294_967_296 + this.buf.readUInt32BE(this.#at + 4)
    this.#at += 8
    return v
  }

  uvarint(): number {
    let v = 0
    let shift = 0
    for (;;) {
      const b = this.buf[this.#at++]
      if (b === undefined) throw new RangeError(`${this.api} answer ends early`)
      v += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return v
      shift += 7
      if (shift > 28) throw new RangeError(`${this.api} answer has an over-long varint`)
    }
  }

  count(flexible: boolean): number {
    const n = flexible ? this.uvarint() - 1 : this.int32()
    // A null array (-1) has no entries; a count larger than the bytes left is a corrupt answer.
    if (n < 0) return 0
    if (n > this.buf.length - this.#at) throw new RangeError(`${this.api} answer has an impossible count`)
    return n
  }

  /** A string; a null one (which a non-nullable field never is) reads as ''. */
  string(flexible: boolean): string {
    return this.nullableString(flexible) ?? ''
  }

  nullableString(flexible: boolean): string | null {
    const n = flexible ? this.uvarint() - 1 : this.int16()
    if (n < 0) return null
    if (this.#at + n > this.buf.length) throw new RangeError(`${this.api} answer ends early`)
    const s = this.buf.toString('utf8', this.#at, this.#at + n)
    this.#at += n
    return s
  }

  int8(): number {
    const v = this.buf.readInt8(this.#at)
    this.#at += 1
    return v
  }

  /** A UUID as its canonical text (8-4-4-4-12 hex digits). */
  uuid(): string {
    if (this.#at + 16 > this.buf.length) throw new RangeError(`${this.api} answer ends early`)
    const h = this.buf.toString('hex', this.#at, this.#at + 16)
    this.#at += 16
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }

  /** A string (nullable or not) not needed. */
  skipString(flexible: boolean): void {
    const n = flexible ? this.uvarint() - 1 : this.int16()
    if (n > 0) this.skip(n)
  }

  /** Tagged fields: a count, then per field a tag, a size and that many bytes (none are read). */
  taggedFields(): void {
    const fields = this.uvarint()
    for (let i = 0; i < fields; i++) {
      this.uvarint()
      this.skip(this.uvarint())
    }
  }
}
