import type { Compressed, Format, Gzipped } from '../metrics/exposition.js'
import { type CounterPatch, Rendered } from '../metrics/rendered.js'
import type { Publication } from './engine.js'

/**
 * A publication as one postMessage: the text body's own buffer is transferred (moved, not copied: tens of MB on
 * a large cluster), and everything else — OpenMetrics counter headers and the gzipped pieces — is packed into one
 * fresh buffer, also transferred. Structured cloning a Buffer copies its whole backing store, which for Node's
 * pooled small Buffers and zlib's output is more than the view: packing keeps what crosses exactly what is needed.
 */
export interface PublicationMessage {
  readonly text: ArrayBuffer
  readonly textLength: number
  readonly small: ArrayBuffer
  readonly patches: readonly { at: number; length: number; span: Span }[]
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
  const patches = p.rendered.patches.map((x) => ({ at: x.at, length: x.length, span: span(x.openmetrics) }))
  const gz = (c: Compressed) => ({ spans: c.deflated.map(span), crc: c.crc, length: c.length })
  const gzip = { text: gz(p.gzipped.text), openmetrics: gz(p.gzipped.openmetrics) }
  const small = Buffer.allocUnsafeSlow(size)
  let at = 0
  for (const b of pieces) at += b.copy(small, at)
  const text = ownBuffer(p.rendered.text)
  return {
    message: {
      text: text.buffer as ArrayBuffer,
      textLength: text.length,
      small: small.buffer as ArrayBuffer,
      patches,
      gzip,
      lastSuccessAt: p.lastSuccessAt,
      polled: p.polled,
    },
    transfer: [text.buffer as ArrayBuffer, small.buffer as ArrayBuffer],
  }
}

export function unpack(m: PublicationMessage): Publication {
  const view = ([offset, length]: Span) => Buffer.from(m.small, offset, length)
  const patches: CounterPatch[] = m.patches.map((p) => ({
    at: p.at,
    length: p.length,
    openmetrics: view(p.span),
  }))
  const compressed = (format: Format): Compressed => {
    const g = m.gzip[format]
    return { deflated: g.spans.map(view), crc: g.crc, length: g.length }
  }
  const gzipped: Gzipped = { text: compressed('text'), openmetrics: compressed('openmetrics') }
  return {
    rendered: new Rendered(Buffer.from(m.text, 0, m.textLength), patches),
    gzipped,
    lastSuccessAt: m.lastSuccessAt,
    polled: m.polled,
  }
}

/**
 * The body as a Buffer that may be transferred: one that starts its own ArrayBuffer and fills most of it (the
 * writer's always does). Anything else is copied: transferring a view of Node's shared pool of small Buffers would
 * detach the pool under unrelated code (pooled Buffers are under half the pool's size, so they never pass).
 */
function ownBuffer(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.length >= b.buffer.byteLength / 2) return b
  const copy = Buffer.allocUnsafeSlow(b.length)
  b.copy(copy)
  return copy
}
