import { describe, expect, it } from 'vitest'
import { byGroupId, compareNames, inOrder, sortedInPlace } from '../../../src/collect/order.js'

const byKey = (a: { k: number }, b: { k: number }) => a.k - b.k
const keyed = (...ks: number[]) => ks.map((k, i) => ({ k, i }))

describe('snapshot order', () => {
  it('compares names by code unit, whatever the locale', () => {
    expect(['b', 'B', 'a', 'ä', '_'].sort(compareNames)).toEqual(['B', '_', 'a', 'b', 'ä'])
    expect([{ groupId: 'z' }, { groupId: 'A' }].sort(byGroupId).map((g) => g.groupId)).toEqual(['A', 'z'])
  })

  it.each([
    ['empty', [], []],
    ['one', [5], [5]],
    ['in order, with ties', [1, 2, 2, 3], [1, 2, 2, 3]],
    ['out of order', [3, 1, 2], [1, 2, 3]],
    ['out of order only at the end', [1, 2, 4, 3], [1, 2, 3, 4]],
    ['reversed', [3, 2, 1], [1, 2, 3]],
  ])('sorts %s as a stable sort does', (_, ks, want) => {
    const items = keyed(...ks)
    const expected = [...items].sort(byKey)
    const copy = inOrder(items, byKey)
    expect(copy.map((x) => x.k)).toEqual(want)
    expect(copy).toEqual(expected)
    const sorted = sortedInPlace(items, byKey)
    expect(sorted).toBe(items)
    expect(sorted).toEqual(expected)
  })

  it('hands back the same array when it is in order, and never changes what it only reads', () => {
    const inOrderAlready = keyed(1, 2, 2, 7)
    expect(inOrder(inOrderAlready, byKey)).toBe(inOrderAlready)
    const unordered = keyed(2, 1, 1)
    const copy = inOrder(unordered, byKey)
    expect(copy).not.toBe(unordered)
    expect(unordered.map((x) => x.k)).toEqual([2, 1, 1])
    // Stable: the two 1s keep their order.
    expect(copy.map((x) => x.i)).toEqual([1, 2, 0])
  })
})
