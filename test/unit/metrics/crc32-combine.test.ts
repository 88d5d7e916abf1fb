import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32Combine } from '../../../src/metrics/crc32-combine.js'

/** Deterministic bytes of a length (a hash chain), so a failure is reproducible. */
function bytes(length: number, seed: string): Buffer {
  const out = Buffer.alloc(length)
  let block = createHash('sha256').update(seed).digest()
  for (let at = 0; at < length; at += block.length) {
    block.copy(out, at)
    block = createHash('sha256').update(block).digest()
  }
  return out
}

describe('crc32Combine', () => {
  it.each<[number, number]>([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [3, 7],
    [100, 1000],
    [1 << 20, 3],
    [5, (1 << 20) + 17],
    [65_537, 1_048_575],
  ])('crc(A) and crc(B) of %d and %d bytes give crc(A+B), as zlib.crc32 computes it', (la, lb) => {
    const a = bytes(la, `a${la}`)
    const b = bytes(lb, `b${lb}`)
    expect(crc32Combine(crc32(a), crc32(b), lb)).toBe(crc32(Buffer.concat([a, b])))
  })

  it('combines blocks in a chain, as the body is spliced from several kept blocks', () => {
    const parts = [bytes(10, 'x'), bytes(70_000, 'y'), bytes(1, 'z'), bytes(3_000_000, 'w')]
    let crc = 0
    for (const p of parts) crc = crc32Combine(crc, crc32(p), p.length)
    expect(crc).toBe(crc32(Buffer.concat(parts)))
  })
})
