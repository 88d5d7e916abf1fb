import { describe, expect, it } from 'vitest'
import { listOf, pushTo } from '../../src/keys.js'

describe('listOf', () => {
  it('creates the list once and returns the same one after', () => {
    const m = new Map<string, number[]>()
    const a = listOf(m, 't')
    a[3] = 7
    expect(listOf(m, 't')).toBe(a)
    expect(m.get('t')?.[3]).toBe(7)
    expect(listOf(m, 'u')).toEqual([])
    expect([...m.keys()]).toEqual(['t', 'u'])
  })

  it('backs pushTo: values under a key in order', () => {
    const m = new Map<number, string[]>()
    pushTo(m, 1, 'a')
    pushTo(m, 2, 'b')
    pushTo(m, 1, 'c')
    expect(m).toEqual(
      new Map([
        [1, ['a', 'c']],
        [2, ['b']],
      ]),
    )
  })
})
