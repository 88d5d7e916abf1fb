import { constants, crc32, deflateRawSync } from 'node:zlib'
import type { Rendered } from './rendered.js'

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

export type Format = 'text' | 'openmetrics'

/** One format's body, gzipped once per poll: raw deflate pieces (full-flushed, so they may be chained), CRC, length. */
export interface Compressed {
  readonly deflated: readonly Buffer[]
  readonly crc: number
  readonly length: number
}

export type Gzipped = Readonly<Record<Format, Compressed>>

/**
 * Both formats gzipped, once per poll, where the poll is processed (the worker thread, see engine/). The body is
 * deflated in segments between the counter headers, each full-flushed: a full flush resets the compressor, so
 * segments chain into one valid stream, and the formats share every segment except the few counter headers
 * (half the compression work and memory of deflating each format whole).
 */
export function compress(rendered: Rendered): Gzipped {
  // Level 1: on a 23 MiB exposition 5× faster than zlib's default (45 vs 240 ms) for 9 % more bytes, because
  // label names and values repeat line after line and even the fastest level finds them (bench/README.md).
  const deflate = (b: Buffer) => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH, level: 1 })
  const text: Buffer[] = []
  const openmetrics: Buffer[] = []
  const shared = (from: number, to: number) => {
    if (to <= from) return
    const d = deflate(rendered.text.subarray(from, to))
    text.push(d)
    openmetrics.push(d)
  }
  let from = 0
  for (const p of rendered.patches) {
    shared(from, p.at)
    text.push(deflate(rendered.text.subarray(p.at, p.at + p.length)))
    openmetrics.push(deflate(p.openmetrics))
    from = p.at + p.length
  }
  shared(from, rendered.text.length)
  const summary = (format: Format, deflated: Buffer[]): Compressed => {
    let crc = 0
    let length = 0
    for (const part of rendered.parts(format)) {
      crc = crc32(part, crc)
      length += part.length
    }
    return { deflated, crc, length }
  }
  return { text: summary('text', text), openmetrics: summary('openmetrics', openmetrics) }
}

/**
 * The rendered body of one poll in both formats, plain and gzipped, reused by every scrape until the next poll.
 * A small per-scrape tail (data age, process metrics) is appended: for gzip, the cached part is a full-flushed raw
 * deflate stream, so the tail is compressed on its own and spliced into one valid gzip member with the CRC
 * continued by zlib.crc32, costing microseconds instead of re-compressing megabytes.
 */
export class Exposition {
  #gzipped: Gzipped | undefined

  /** Without `gzipped` (the small exposition served before the first poll), compression happens on first use. */
  constructor(
    readonly rendered: Rendered,
    gzipped?: Gzipped,
  ) {
    this.#gzipped = gzipped
  }

  get gzipped(): Gzipped {
    this.#gzipped ??= compress(this.rendered)
    return this.#gzipped
  }

  /**
   * The response body as pieces to write in order: the rendered parts + tail (+ "# EOF" for OpenMetrics). Never
   * copied into one Buffer: at 1M series that would be a 70 MB copy per scrape.
   */
  respond(format: Format, tail: Rendered, gzip: boolean): Buffer[] {
    // The tail has counters too (process_cpu_seconds_total), so it is taken in the format asked for.
    const tailBuf = format === 'openmetrics' ? Buffer.concat([...tail.parts(format), EOF]) : tail.body(format)
    if (!gzip) return [...this.rendered.parts(format), tailBuf]
    const g = this.gzipped[format]
    const trailer = Buffer.alloc(8)
    trailer.writeUInt32LE(crc32(tailBuf, g.crc) >>> 0, 0)
    trailer.writeUInt32LE((g.length + tailBuf.length) % 2 ** 32, 4)
    return [GZIP_HEADER, ...g.deflated, deflateRawSync(tailBuf), trailer]
  }
}

const EOF = Buffer.from('# EOF\n')

// Magic, deflate, no flags, no mtime, no extra flags, OS unknown.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])

/** Header list entries as lower-case value + q (RFC 9110 §12.4.2); q defaults to 1, unparseable q to 0. */
function weighted(header: string): { value: string; q: number }[] {
  return header.split(',').map((part) => {
    const [value = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase())
    const q = params.find((p) => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    return { value, q: Number.isFinite(weight) ? weight : 0 }
  })
}

function maxQ(entries: { value: string; q: number }[], match: (value: string) => boolean): number {
  return entries.filter((e) => match(e.value)).reduce((m, e) => Math.max(m, e.q), -1)
}

/**
 * OpenMetrics when the client accepts it at least as much as plain text (Prometheus sends both, preferring
 * OpenMetrics); text otherwise, including when Accept is absent.
 */
export function negotiateFormat(accept: string | undefined): Format {
  if (!accept) return 'text'
  const entries = weighted(accept)
  const om = maxQ(entries, (v) => v === 'application/openmetrics-text')
  const text = maxQ(entries, (v) => v === 'text/plain' || v === 'text/*' || v === '*/*')
  return om > 0 && om >= text ? 'openmetrics' : 'text'
}

/** gzip when listed with q > 0, or covered by `*` without gzip being refused explicitly. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false
  const entries = weighted(acceptEncoding)
  const gzip = maxQ(entries, (v) => v === 'gzip' || v === 'x-gzip')
  if (gzip >= 0) return gzip > 0
  return maxQ(entries, (v) => v === '*') > 0
}
