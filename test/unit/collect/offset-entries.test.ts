import { describe, expect, it } from 'vitest'
import { OffsetEntries, type OffsetEntry, type SweepPolicy } from '../../../src/collect/offset-entries.js'
import { Census, Eviction } from '../../../src/collect/timestamp-eviction.js'

const keepIf = (keep: (e: OffsetEntry) => boolean): SweepPolicy => ({ keep })

describe('OffsetEntries', () => {
  it('finds an entry by topic, partition and offset, and adds one only where none is', () => {
    const entries = new OffsetEntries()
    const a = entries.findOrAdd('orders', 3, 10)
    expect(entries.findOrAdd('orders', 3, 10)).toBe(a)
    const b = entries.findOrAdd('orders', 3, 11)
    expect(b).not.toBe(a)
    expect(entries.find('orders', 3, 11)).toBe(b)
    for (const [topic, partition, offset] of [
      ['orders', 3, 12],
      ['orders', 2, 10],
      ['payments', 3, 10],
    ] as const)
      expect(entries.find(topic, partition, offset)).toBeUndefined()
    expect(a.timestamp).toBeNaN()
  })

  it('a sweep keeps what the policy keeps, in place, and forgets partitions and topics left empty', () => {
    const entries = new OffsetEntries()
    for (const offset of [1, 2, 3, 4]) entries.findOrAdd('orders', 0, offset)
    entries.findOrAdd('payments', 5, 7)
    const visited: number[] = []
    entries.sweep(
      keepIf((e) => {
        visited.push(e.offset)
        return e.offset % 2 === 0
      }),
    )
    expect(visited).toEqual([1, 2, 3, 4, 7])
    expect([1, 2, 3, 4].map((o) => entries.find('orders', 0, o)?.offset)).toEqual([
      undefined,
      2,
      undefined,
      4,
    ])
    expect(entries.find('payments', 5, 7)).toBeUndefined()
    // A topic swept empty is gone: a later add starts it again.
    const again = entries.findOrAdd('payments', 5, 7)
    expect(again.timestamp).toBeNaN()
  })
})

/** Entries with a timestamp, last wanted in the polls given (in the order the sweep meets them). */
function timed(stamps: readonly number[]): { entries: OffsetEntries; list: OffsetEntry[] } {
  const entries = new OffsetEntries()
  const list = stamps.map((wantedAt, i) => {
    const e = entries.findOrAdd('t', 0, i)
    e.timestamp = 1000 + i
    e.wantedAt = wantedAt
    return e
  })
  return { entries, list }
}

describe('eviction of record timestamps', () => {
  it.each<{ name: string; stamps: number[]; excess: number; dropped: number[] }>([
    { name: 'the oldest first', stamps: [3, 1, 2, 9, 1], excess: 2, dropped: [1, 4] },
    { name: 'a tie broken in sweep order', stamps: [2, 1, 2, 2], excess: 2, dropped: [0, 1] },
    { name: 'never what this poll wants', stamps: [9, 9, 1, 9], excess: 1, dropped: [2] },
    { name: 'all unwanted', stamps: [4, 3, 9], excess: 2, dropped: [0, 1] },
  ])('drops $name', ({ stamps, excess, dropped }) => {
    const poll = 9
    const { entries, list } = timed(stamps)
    const census = new Census()
    census.start(poll)
    entries.sweep(census)
    expect(census.timed).toBe(stamps.length)
    expect(census.wantedTimed).toBe(stamps.filter((s) => s === poll).length)
    const eviction = new Eviction()
    eviction.start(poll, census.unwantedStamps(), excess)
    entries.sweep(eviction)
    const gone = list.flatMap((e, i) => (entries.find('t', 0, e.offset) === undefined ? [i] : []))
    expect(gone).toEqual(dropped)
  })

  it('the census drops entries without a timestamp unless judged this poll, or starved and wanted', () => {
    const entries = new OffsetEntries()
    const plain = entries.findOrAdd('t', 0, 1)
    plain.wantedAt = 5
    const judged = entries.findOrAdd('t', 0, 2)
    judged.verdictAt = 5
    judged.verdict = 'markersOnly'
    const starved = entries.findOrAdd('t', 0, 3)
    starved.starved = true
    starved.wantedAt = 5
    const starvedUnwanted = entries.findOrAdd('t', 0, 4)
    starvedUnwanted.starved = true
    starvedUnwanted.wantedAt = 4
    const census = new Census()
    census.start(5)
    entries.sweep(census)
    expect([1, 2, 3, 4].map((o) => entries.find('t', 0, o) !== undefined)).toEqual([false, true, true, false])
    expect(census.timed).toBe(0)
  })
})
