import type { AnalyzedGroup } from '../analysis/analyzer.js'
import type { Snapshot } from '../collect/snapshot.js'
import { FAMILY } from './catalog.js'
import { clusterSeries } from './series/cluster.js'
import type { SeriesContext } from './series/context.js'
import { exporterSeries } from './series/exporter.js'
import { groupSeries } from './series/groups.js'
import { shareGroupSeries } from './series/share-groups.js'
import { topicSeries } from './series/topics.js'
import { ExpositionWriter, type Rendered, type WriterOptions } from './writer.js'

/** Every emitter, in output order. A family missing here fails the catalog test. */
export const EMITTERS = [exporterSeries, clusterSeries, topicSeries, groupSeries, shareGroupSeries] as const

/** Families rendered per scrape rather than per poll (their value depends on the time of the scrape). */
export const SCRAPE_TIME_FAMILIES = [FAMILY.dataAge] as const

export interface RenderInput {
  readonly snapshot: Snapshot
  /** Lag, lag in seconds and status per group, from analysis/analyzer.ts for this snapshot. */
  readonly groups: readonly AnalyzedGroup[]
  readonly counters: SeriesContext['counters']
  readonly buildInfo: SeriesContext['buildInfo']
  /** Static labels and skipped families (see output.ts). */
  readonly output?: WriterOptions
}

/** Snapshot → exposition bytes, once per poll, in one go (tests, benchmarks, the describe command). */
export function renderSnapshot(input: RenderInput): Rendered {
  const out = new ExpositionWriter(input.output)
  const ctx: SeriesContext = { ...input, out }
  for (const emit of EMITTERS) for (const _ of emit(ctx));
  return out.rendered()
}

/**
 * The same, giving the event loop back whenever a slice of work exceeds `sliceMs`, so scrapes and API calls are
 * answered while a large cluster renders (the daemon's path).
 */
export async function renderSnapshotAsync(input: RenderInput, sliceMs = 4): Promise<Rendered> {
  const out = new ExpositionWriter(input.output)
  const ctx: SeriesContext = { ...input, out }
  let slice = performance.now()
  for (const emit of EMITTERS) {
    for (const _ of emit(ctx)) {
      if (performance.now() - slice > sliceMs) {
        await new Promise((resolve) => setImmediate(resolve))
        slice = performance.now()
      }
    }
  }
  return out.rendered()
}

/** The per-scrape tail: the age of the data being served. */
export function renderScrapeTime(snapshot: Snapshot | null, now: number, output?: WriterOptions): string {
  const out = new ExpositionWriter(output).family(FAMILY.dataAge)
  if (snapshot?.lastSuccessAt != null) out.sample({}, Math.max(0, (now - snapshot.lastSuccessAt) / 1000))
  return out.text()
}
