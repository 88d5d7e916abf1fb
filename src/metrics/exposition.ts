import { promisify } from 'node:util'
import { crc32, deflateRawSync, inflateRaw } from 'node:zlib'
import { type Format, type Gzipped, GzipSink } from './gzip-sink.js'
import type { Rendered } from './rendered.js'

export type { Compressed, Format, Gzipped } from './gzip-sink.js'

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

const inflate = promisify(inflateRaw)

/** A rendered body gzipped in the pieces the poll's render makes (gzip-sink.ts), for tests and benches. */
export function compress(rendered: Rendered): Gzipped {
  const sink = new GzipSink()
  let from = 0
  for (const p of rendered.patches) {
    sink.shared(rendered.text.subarray(from, p.at))
    sink.counterHeader(rendered.text.subarray(p.at, p.at + p.length), p.openmetrics)
    from = p.at + p.length
  }
  sink.shared(rendered.text.subarray(from))
  return sink.gzipped()
}

/**
 * One poll's body in both formats, as gzipped pieces, served to every scrape until the next poll. A small
 * per-scrape tail (data age, process metrics) is appended: the cached part is a full-flushed raw deflate stream,
 * so the tail is compressed on its own and spliced into one valid gzip member with the CRC continued by
 * zlib.crc32, costing microseconds instead of re-compressing megabytes. The plain body is not kept (26 MiB at 16k
 * partitions, for clients that nearly never come: Prometheus always asks for gzip); a scrape without gzip gets it
 * inflated in zlib's thread pool, off the event loop, shared by the scrapes that ask at the same time.
 */
export class Exposition {
  readonly #inflating = new Map<Format, Promise<Buffer>>()

  constructor(readonly gzipped: Gzipped) {}

  /**
   * The response body as pieces to write in order, the tail (+ "# EOF" for OpenMetrics) appended. Never copied
   * into one Buffer per scrape.
   */
  respond(format: Format, tail: Rendered, gzip: boolean): Promise<Buffer[]> {
    return gzip ? Promise.resolve(this.gzipBody(format, tail)) : this.plainBody(format, tail)
  }

  /** Gzip header, the poll's deflated pieces, the tail deflated on its own, trailer. */
  gzipBody(format: Format, tail: Rendered): Buffer[] {
    const tailBuf = tailBytes(format, tail)
    const g = this.gzipped[format]
    const trailer = Buffer.alloc(8)
    trailer.writeUInt32LE(crc32(tailBuf, g.crc) >>> 0, 0)
    trailer.writeUInt32LE((g.length + tailBuf.length) % 2 ** 32, 4)
    return [GZIP_HEADER, ...g.deflated, deflateRawSync(tailBuf), trailer]
  }

  async plainBody(format: Format, tail: Rendered): Promise<Buffer[]> {
    return [await this.#plain(format), tailBytes(format, tail)]
  }

  #plain(format: Format): Promise<Buffer> {
    let body = this.#inflating.get(format)
    if (!body) {
      const g = this.gzipped[format]
      body = inflate(Buffer.concat([...g.deflated, FINAL_BLOCK])).finally(() =>
        this.#inflating.delete(format),
      )
      this.#inflating.set(format, body)
    }
    return body
  }
}

// The tail has counters too (process_cpu_seconds_total), so it is taken in the format asked for.
function tailBytes(format: Format, tail: Rendered): Buffer {
  return format === 'openmetrics' ? Buffer.concat([...tail.parts(format), EOF]) : tail.body(format)
}

const EOF = Buffer.from('# EOF\n')
// The pieces end with a full flush, not a last block: inflating them alone would end in "unexpected end of file".
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0))

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
