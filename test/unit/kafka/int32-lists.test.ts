import { describe, expect, it } from 'vitest'
import { BodyReader } from '../../../src/kafka/body-reader.js'
import { Int32Lists } from '../../../src/kafka/int32-lists.js'

/** Compact arrays (count + 1 as one-byte uvarints, then big-endian int32s), one after the other. */
function compact(...lists: (number[] | null)[]): BodyReader {
  const parts: Buffer[] = []
  for (const list of lists) {
    parts.push(Buffer.from([list === null ? 0 : list.length + 1]))
    for (const v of list ?? []) {
      const b = Buffer.alloc(4)
      b.writeInt32BE(v)
      parts.push(b)
    }
  }
  return new BodyReader(Buffer.concat(parts), 'Test')
}

/** Classic arrays: an int32 count (-1 for null), then the int32s. */
function classic(...lists: (number[] | null)[]): BodyReader {
  const parts: Buffer[] = []
  for (const list of lists) {
    const count = Buffer.alloc(4)
    count.writeInt32BE(list === null ? -1 : list.length)
    parts.push(count)
    for (const v of list ?? []) {
      const b = Buffer.alloc(4)
      b.writeInt32BE(v)
      parts.push(b)
    }
  }
  return new BodyReader(Buffer.concat(parts), 'Test')
}

describe('Int32Lists', () => {
  it('reads every list as it is, the same list as the very same frozen array, in both encodings', () => {
    const input = [
      [1, 2, 3],
      [1, 2],
      [1, 2, 3],
      [3, 2, 1],
      [1],
      [],
      null,
      [1, 2],
      [-1, 2_147_483_647],
      [1, 2, 3],
    ]
    for (const [flexible, reader] of [
      [true, compact(...input)],
      [false, classic(...input)],
    ] as const) {
      const lists = new Int32Lists()
      const read = input.map(() => lists.read(reader, flexible))
      expect(read).toEqual(input.map((l) => l ?? []))
      expect(read[2]).toBe(read[0])
      expect(read[9]).toBe(read[0])
      expect(read[7]).toBe(read[1])
      expect(read[3]).not.toBe(read[0])
      expect(read[4]).not.toBe(read[1])
      expect(read[6]).toBe(read[5])
      for (const list of read) expect(Object.isFrozen(list)).toBe(true)
      // Every byte consumed: a wrong count or width would leave some, or read past the end.
      expect(() => reader.int8()).toThrow(RangeError)
    }
  })

  it('carries lists over between answers (polls), and lists longer than any before', () => {
    const lists = new Int32Lists()
    const first = lists.read(compact([4, 5]), true)
    const long = Array.from({ length: 40 }, (_, i) => i * 7)
    expect(lists.read(compact(long), true)).toEqual(long)
    expect(lists.read(compact([4, 5]), true)).toBe(first)
  })

  it('past its bound reads further lists right but fresh, and keeps sharing the lists it holds', () => {
    const lists = new Int32Lists(2)
    const a = lists.read(compact([1, 2]), true)
    const b = lists.read(compact([2]), true)
    const c = lists.read(compact([3]), true)
    expect(c).toEqual([3])
    expect(lists.read(compact([3]), true)).toEqual([3])
    expect(lists.read(compact([3]), true)).not.toBe(c)
    // A list on the path of a kept one ([1] before [1, 2]) is not kept either once the table is full.
    expect(lists.read(compact([1]), true)).toEqual([1])
    expect(lists.read(compact([1]), true)).not.toBe(lists.read(compact([1]), true))
    expect(lists.read(compact([1, 2]), true)).toBe(a)
    expect(lists.read(compact([2]), true)).toBe(b)
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('throws on an answer that ends inside a list', () => {
    const reader = new BodyReader(Buffer.from([4, 0, 0, 0, 1, 0, 0]), 'Test')
    expect(() => new Int32Lists().read(reader, true)).toThrow(RangeError)
  })
})
