import type { Compressed, Format, Gzipped } from '../metrics/gzip-sink.js'
import type { Publication } from './engine.js'

/**
 * A publication as one postMessage: the gzipped pieces of both formats are packed into one fresh buffer, which is
 * transferred (moved, not copied). Structured cloning a Buffer copies its whole backing store, which for zlib's
 * output is more than the view: packing keeps what crosses exactly what is needed, and the pieces the formats share
 * cross once.
 */
export interface PublicationMessage {
  readonly small: ArrayBuffer
  readonly gzip: Readonly<Record<Format, { spans: readonly Span[]; crc: number; length: number }>>
  readonly lastSuccessAt: number | null
  readonly polled: boolean
}

/** offset, length in `small` */
type Span = readonly [number, number]

export function pack(p: Publication): { message: PublicationMessage; transfer: ArrayBuffer[] } {
  const pieces: Buffer[] = []
  const spanOf = new Map<Buffer, Span>()
  let size = 0
  const span = (b: Buffer): Span => {
    let s = spanOf.get(b)
    if (!s) {
      s = [size, b.length]
      spanOf.set(b, s)
      pieces.push(b)
      size += b.length
    }
    return s
  }
  const gz = (c: Compressed) => ({ spans: c.deflated.map(span), crc: c.crc, length: c.length })
  const gzip = { text: gz(p.gzipped.text), openmetrics: gz(p.gzipped.openmetrics) }
  const small = Buffer.allocUnsafeSlow(size)
  let at = 0
  for (const b of pieces) at += b.copy(small, at)
  return {
    message: { small: small.buffer as ArrayBuffer, gzip, lastSuccessAt: p.lastSuccessAt, polled: p.polled },
    transfer: [small.buffer as ArrayBuffer],
  }
}

export function unpack(m: PublicationMessage): Publication {
  const view = ([offset, length]: Span) => Buffer.from(m.small, offset, length)
  const compressed = (format: Format): Compressed => {
    const g = m.gzip[format]
    return { deflated: g.spans.map(view), crc: g.crc, length: g.length }
  }
  const gzipped: Gzipped = { text: compressed('text'), openmetrics: compressed('openmetrics') }
  return { gzipped, lastSuccessAt: m.lastSuccessAt, polled: m.polled }
}
