import { constants, crc32, deflateRawSync } from 'node:zlib'
import { crc32Combine } from './crc32-combine.js'

/** Both formats' bodies as raw deflate pieces (full-flushed, so they may be chained), with their CRC and length. */
export interface Compressed {
  readonly deflated: readonly Buffer[]
  readonly crc: number
  readonly length: number
}

export type Format = 'text' | 'openmetrics'

export type Gzipped = Readonly<Record<Format, Compressed>>

/** Deflated bytes that both formats share (a gauge family, family-blocks.ts), kept to be spliced in again. */
export interface DeflatedBlock {
  readonly deflated: readonly Buffer[]
  /** CRC-32 and length of the plain bytes. */
  readonly crc: number
  readonly length: number
}

/**
 * Where a writer hands its bytes when it does not keep the whole body (writer.ts, `sink`): the bytes both formats
 * share, and each counter family's header, which OpenMetrics spells differently.
 */
export interface BodySink {
  /** Called with the writer's own buffer, which is written over after the call: a sink copies what it keeps. */
  shared(bytes: Uint8Array): void
  counterHeader(text: Uint8Array, openmetrics: Uint8Array): void
  /** What is handed over from here to endBlock() is also kept as a block (shared bytes only). */
  beginBlock(): void
  endBlock(): DeflatedBlock
  /** A block kept from an earlier body, in place of writing its bytes again. */
  replay(block: DeflatedBlock): void
}

/**
 * Deflates the body as it is written, in the writer's pieces of about a megabyte: the plain body of a poll (26 MiB
 * at 16k partitions) never exists whole, neither here nor in the thread that serves it, and the piece being
 * deflated is still in the CPU's cache. Every piece is full-flushed: a full flush resets the compressor, so the
 * pieces chain into one valid stream, and the formats share every piece except the few counter headers (half the
 * compression work and memory of deflating each format whole).
 */
export class GzipSink implements BodySink {
  readonly #text: Buffer[] = []
  readonly #openmetrics: Buffer[] = []
  #textCrc = 0
  #openmetricsCrc = 0
  #textLength = 0
  #openmetricsLength = 0
  #block: { deflated: Buffer[]; crc: number; length: number } | undefined

  shared(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    const d = deflate(bytes)
    this.#text.push(d)
    this.#openmetrics.push(d)
    this.#textCrc = crc32(bytes, this.#textCrc)
    this.#openmetricsCrc = crc32(bytes, this.#openmetricsCrc)
    this.#textLength += bytes.length
    this.#openmetricsLength += bytes.length
    const block = this.#block
    if (block) {
      block.deflated.push(d)
      block.crc = crc32(bytes, block.crc)
      block.length += bytes.length
    }
  }

  beginBlock(): void {
    this.#block = { deflated: [], crc: 0, length: 0 }
  }

  endBlock(): DeflatedBlock {
    const block = this.#block
    if (!block) throw new Error('endBlock() without beginBlock()')
    this.#block = undefined
    return block
  }

  replay(block: DeflatedBlock): void {
    for (const d of block.deflated) {
      this.#text.push(d)
      this.#openmetrics.push(d)
    }
    this.#textCrc = crc32Combine(this.#textCrc, block.crc, block.length)
    this.#openmetricsCrc = crc32Combine(this.#openmetricsCrc, block.crc, block.length)
    this.#textLength += block.length
    this.#openmetricsLength += block.length
  }

  counterHeader(text: Uint8Array, openmetrics: Uint8Array): void {
    // A block is replayed into both formats alike: a counter's header, spelt per format, cannot be in one.
    if (this.#block) throw new Error('a counter family cannot be kept as a block')
    this.#text.push(deflate(text))
    this.#openmetrics.push(deflate(openmetrics))
    this.#textCrc = crc32(text, this.#textCrc)
    this.#openmetricsCrc = crc32(openmetrics, this.#openmetricsCrc)
    this.#textLength += text.length
    this.#openmetricsLength += openmetrics.length
  }

  gzipped(): Gzipped {
    return {
      text: { deflated: this.#text, crc: this.#textCrc, length: this.#textLength },
      openmetrics: {
        deflated: this.#openmetrics,
        crc: this.#openmetricsCrc,
        length: this.#openmetricsLength,
      },
    }
  }
}

// Level 1: on a 23 MiB exposition 5× faster than zlib's default (45 vs 240 ms) for 9 % more bytes, because label
// names and values repeat line after line and even the fastest level finds them (bench/README.md).
function deflate(bytes: Uint8Array): Buffer {
  return deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH, level: 1 })
}
