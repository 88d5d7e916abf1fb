import { promisify } from 'node:util'
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib'
import type { Rendered } from './writer.js'

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

export type Format = 'text' | 'openmetrics'

/**
 * The rendered body of one poll, in both formats, each plain and gzipped on first use, then reused by every
 * scrape until the next poll. A small per-scrape tail (data age) is appended: for gzip, the cached part is a
 * full-flushed raw deflate stream, so the tail is compressed on its own and spliced into one valid gzip member
 * with the CRC continued by zlib.crc32, costing microseconds instead of re-compressing megabytes.
 */
export class Exposition {
  readonly #gzipped = new Map<Format, { deflated: Buffer; crc: number; length: number }>()

  constructor(private readonly rendered: Rendered) {}

  /**
   * Compresses both formats off the event loop (zlib's thread pool) before the exposition is served, so the first
   * scrape after a poll does not pay for deflating megabytes (at 200k series: ~70 ms). Without it, respond()
   * compresses on first use.
   */
  async prepare(): Promise<void> {
    for (const format of ['openmetrics', 'text'] as const) {
      if (this.#gzipped.has(format)) continue
      let crc = 0
      let length = 0
      for (const part of this.rendered.parts(format)) {
        crc = crc32(part, crc)
        length += part.length
        // CRC of 64 KiB pieces is fast, but tens of megabytes of it is not: let scrapes in between.
        if (length % (4 << 20) < part.length) await new Promise((resolve) => setImmediate(resolve))
      }
      const deflated = await deflateRawAsync(this.rendered.body(format), {
        finishFlush: constants.Z_FULL_FLUSH,
        level: 6,
      })
      this.#gzipped.set(format, { deflated, crc, length })
    }
  }

  /**
   * The response body as pieces to write in order: the rendered parts + tail (+ "# EOF" for OpenMetrics). Never
   * copied into one Buffer: at 1M series that would be a 70 MB copy per scrape.
   */
  respond(format: Format, tail: string, gzip: boolean): Buffer[] {
    // The tail holds gauges only, which read the same in both formats.
    const tailBuf = Buffer.from(format === 'openmetrics' ? `${tail}# EOF\n` : tail, 'utf8')
    if (!gzip) return [...this.rendered.parts(format), tailBuf]
    let g = this.#gzipped.get(format)
    if (!g) {
      // Built once per poll and format, then dropped: only the compressed bytes are kept.
      const body = this.rendered.body(format)
      g = {
        deflated: deflateRawSync(body, { finishFlush: constants.Z_FULL_FLUSH, level: 6 }),
        crc: crc32(body),
        length: body.length,
      }
      this.#gzipped.set(format, g)
    }
    const trailer = Buffer.alloc(8)
    trailer.writeUInt32LE(crc32(tailBuf, g.crc) >>> 0, 0)
    trailer.writeUInt32LE((g.length + tailBuf.length) % 2 ** 32, 4)
    return [GZIP_HEADER, g.deflated, deflateRawSync(tailBuf), trailer]
  }
}

const deflateRawAsync = promisify(deflateRaw)

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
