/**
 * The CRC-32 of A followed by B from crc(A), crc(B) and B's length, as zlib's crc32_combine() computes it (Node's
 * zlib exposes crc32 but not the combination): B's CRC is moved past len(B) zero bits by squaring the operator
 * matrix of one zero bit over GF(2). It lets a family block deflated in an earlier poll be spliced into this poll's
 * gzip stream without reading its plain bytes again, which are not kept (family-blocks.ts). O(log len) steps of
 * 32×32-bit products: microseconds.
 */
export function crc32Combine(crc1: number, crc2: number, length2: number): number {
  if (length2 <= 0) return crc1 >>> 0
  const even = new Uint32Array(32)
  const odd = new Uint32Array(32)
  // The operator for one zero bit: the CRC-32 polynomial (reflected), then shifts.
  odd[0] = 0xedb88320
  let row = 1
  for (let n = 1; n < 32; n++) {
    odd[n] = row
    row = (row << 1) >>> 0
  }
  square(even, odd) // two zero bits
  square(odd, even) // four zero bits
  let crc = crc1 >>> 0
  let len = length2
  // The first squaring below gives one zero byte (eight bits), then two, four, ... per bit of the length.
  for (;;) {
    square(even, odd)
    if (len % 2 === 1) crc = times(even, crc)
    len = Math.floor(len / 2)
    if (len === 0) break
    square(odd, even)
    if (len % 2 === 1) crc = times(odd, crc)
    len = Math.floor(len / 2)
    if (len === 0) break
  }
  return (crc ^ crc2) >>> 0
}

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0
  let v = vector >>> 0
  for (let i = 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= matrix[i] as number
  return sum >>> 0
}

function square(target: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) target[n] = times(matrix, matrix[n] as number)
}
