import { describe, expect, it } from 'vitest'
import { openTransactionAge } from '../../../src/analysis/transactions.js'
import { partition } from '../../fakes/snapshot.js'

const NOW = 1_700_000_000_000

describe('openTransactionAge', () => {
  it.each([
    { name: 'no transaction open (LSO = high watermark)', p: { latest: 60, lastStable: 60 }, expected: 0 },
    {
      name: 'open for 90 s',
      p: { latest: 63, lastStable: 60, openTransactionTimestamp: NOW - 90_000 },
      expected: 90,
    },
    { name: 'open, first record not read yet', p: { latest: 63, lastStable: 60 }, expected: null },
    { name: 'offsets unknown this poll', p: { latest: null, lastStable: null }, expected: null },
    { name: 'last stable offset unknown', p: { latest: 60, lastStable: null }, expected: null },
    {
      name: 'producer clock ahead of ours: 0, never negative',
      p: { latest: 63, lastStable: 60, openTransactionTimestamp: NOW + 5_000 },
      expected: 0,
    },
  ])('$name → $expected', ({ p, expected }) => {
    expect(openTransactionAge(partition(0, p), NOW)).toBe(expected)
  })
})
