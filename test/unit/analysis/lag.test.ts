import { describe, expect, it } from 'vitest'
import { type PartitionLag, partitionLag } from '../../../src/analysis/lag.js'

describe('partitionLag', () => {
  it.each<[string, number, number | null, number | null, PartitionLag]>([
    // name, committed, high watermark, log start, expected
    ['caught up', 100, 100, 0, { lag: 0, lost: 0 }],
    ['normal lag', 90, 100, 0, { lag: 10, lost: 0 }],
    ['commit at log start', 50, 80, 50, { lag: 30, lost: 0 }],
    ['no high watermark known', 90, null, 0, { lag: null, lost: 0 }],
    ['no log start known', 90, 100, null, { lag: 10, lost: null }],
    ['no watermarks known', 90, null, null, { lag: null, lost: null }],
    ['commit above high watermark is clamped to 0', 120, 100, 0, { lag: 0, lost: 0 }],
    // As kafka-consumer-groups.sh reports: lag counts from the commit, even though part of it was deleted.
    ['commit below log start', 10, 100, 40, { lag: 90, lost: 30 }],
    ['commit 0 on a compacted-away log', 0, 1000, 1000, { lag: 1000, lost: 1000 }],
    ['empty partition', 0, 0, 0, { lag: 0, lost: 0 }],
    ['large offsets stay exact', 2 ** 52, 2 ** 52 + 7, 2 ** 52 - 3, { lag: 7, lost: 0 }],
  ])('%s', (_, committed, hwm, logStart, expected) => {
    expect(partitionLag(committed, hwm, logStart)).toEqual(expected)
  })
})
