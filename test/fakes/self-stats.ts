import type { SelfStats } from '../../src/runtime/self-stats.js'

/** Fixed process figures, for tests of the per-scrape tail. */
export function fakeStats(overrides: Partial<SelfStats> = {}): SelfStats {
  return {
    cpuSeconds: 12.5,
    residentBytes: 104_857_600,
    virtualBytes: 1_073_741_824,
    startTimeSeconds: 1_700_000_000,
    openFds: 23,
    maxFds: 1_048_576,
    heapUsedBytes: 40_000_000,
    heapTotalBytes: 60_000_000,
    externalBytes: 20_000_000,
    eventLoop: { min: 0.0001, max: 0.004, mean: 0.0011, p50: 0.001, p90: 0.002, p99: 0.0035 },
    nodeVersion: 'v20.20.2',
    ...overrides,
  }
}
