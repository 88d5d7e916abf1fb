import type { SelfStats } from '../../runtime/self-stats.js'
import { FAMILY } from '../catalog.js'
import type { ExpositionWriter } from '../writer.js'

/** process_* and nodejs_*: written per scrape into the tail, from figures read just before. */
export function processSeries(out: ExpositionWriter, s: SelfStats): void {
  out.family(FAMILY.processCpu).sample({}, s.cpuSeconds)
  out.family(FAMILY.processResident).sample({}, s.residentBytes)
  const virtual = out.family(FAMILY.processVirtual)
  if (s.virtualBytes !== null) virtual.sample({}, s.virtualBytes)
  out.family(FAMILY.processStart).sample({}, s.startTimeSeconds)
  const open = out.family(FAMILY.processOpenFds)
  if (s.openFds !== null) open.sample({}, s.openFds)
  const max = out.family(FAMILY.processMaxFds)
  if (s.maxFds !== null) max.sample({}, s.maxFds)
  out.family(FAMILY.nodeHeapTotal).sample({}, s.heapTotalBytes)
  out.family(FAMILY.nodeHeapUsed).sample({}, s.heapUsedBytes)
  out.family(FAMILY.nodeExternal).sample({}, s.externalBytes)
  const loop = s.eventLoop
  const lag = [
    [FAMILY.eventLoopMin, loop?.min],
    [FAMILY.eventLoopMax, loop?.max],
    [FAMILY.eventLoopMean, loop?.mean],
    [FAMILY.eventLoopP50, loop?.p50],
    [FAMILY.eventLoopP90, loop?.p90],
    [FAMILY.eventLoopP99, loop?.p99],
  ] as const
  for (const [family, value] of lag) {
    const w = out.family(family)
    if (value !== undefined) w.sample({}, value)
  }
  const [major = '', minor = '', patch = ''] = s.nodeVersion.replace(/^v/, '').split('.')
  out.family(FAMILY.nodeVersion).sample({ version: s.nodeVersion, major, minor, patch }, 1)
}
