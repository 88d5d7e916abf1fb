import type { AnalyzedGroup } from '../analysis/analyzer.js'
import type { Snapshot } from '../collect/snapshot.js'
import type { SelfStats } from '../runtime/self-stats.js'
import { PROCESS_FAMILIES } from './catalog/process.js'
import { FAMILY } from './catalog.js'
import { type Gzipped, GzipSink } from './gzip-sink.js'
import type { Rendered } from './rendered.js'
import { clusterSeries } from './series/cluster.js'
import { type RenderLabels, renderLabels, type SeriesContext } from './series/context.js'
import { exporterSeries } from './series/exporter.js'
import { groupSeries } from './series/groups.js'
import { logDirSeries } from './series/log-dirs.js'
import { perTopicSeries } from './series/per-topic.js'
import { processSeries } from './series/process.js'
import { quorumSeries } from './series/quorum.js'
import { shareGroupSeries } from './series/share-groups.js'
import { streamsGroupSeries } from './series/streams-groups.js'
import { topicSeries } from './series/topics.js'
import { ExpositionWriter, type WriterOptions } from './writer.js'

/** Every emitter, in output order. A family missing here fails the catalog test. */
export const EMITTERS = [
  exporterSeries,
  clusterSeries,
  quorumSeries,
  topicSeries,
  groupSeries,
  streamsGroupSeries,
  shareGroupSeries,
  perTopicSeries,
  logDirSeries,
] as const

/** Families rendered per scrape rather than per poll (their value depends on the time of the scrape). */
export const SCRAPE_TIME_FAMILIES = [FAMILY.dataAge, ...Object.values(PROCESS_FAMILIES)] as const

export interface RenderInput {
  readonly snapshot: Snapshot
  /** Lag, lag in seconds and status per group, from analysis/analyzer.ts for this snapshot. */
  readonly groups: readonly AnalyzedGroup[]
  readonly counters: SeriesContext['counters']
  readonly buildInfo: SeriesContext['buildInfo']
  /** Static labels and skipped families (see output.ts). */
  readonly output?: WriterOptions
  /** Label sets kept from the last render (the engine keeps one across polls); fresh when absent. */
  readonly labels?: RenderLabels
}

/**
 * Snapshot → both formats' bodies gzipped, once per poll (in the poll worker, see engine/), in one synchronous
 * pass: each megabyte written is deflated at once (gzip-sink.ts), so the plain body is never held whole.
 */
export function renderGzipped(input: RenderInput): Gzipped {
  const sink = new GzipSink()
  const out = new ExpositionWriter({ ...input.output, sink })
  emit(input, out)
  out.finish()
  return sink.gzipped()
}

/** Snapshot → the plain body (tests, describe, benches). */
export function renderSnapshot(input: RenderInput): Rendered {
  const out = new ExpositionWriter(input.output)
  emit(input, out)
  return out.rendered()
}

function emit(input: RenderInput, out: ExpositionWriter): void {
  const labels = input.labels ?? renderLabels()
  for (const cache of Object.values(labels)) cache.rotate()
  const ctx: SeriesContext = { ...input, out, labels }
  for (const emit of EMITTERS) emit(ctx)
}

/** What changes per scrape rather than per poll. */
export interface ScrapeTail {
  /** Start of the last poll that read the metadata (ms). */
  readonly lastSuccessAt: number | null
  readonly now: number
  /** process_* and nodejs_*; left out where not given (tests of the Kafka families). */
  readonly stats?: SelfStats
  readonly output?: WriterOptions
}

/** The per-scrape tail: the age of the data being served and the process's own figures. */
export function renderScrapeTail(tail: ScrapeTail): Rendered {
  const out = new ExpositionWriter(tail.output)
  const age = out.family(FAMILY.dataAge)
  if (tail.lastSuccessAt !== null) age.sample({}, Math.max(0, (tail.now - tail.lastSuccessAt) / 1000))
  if (tail.stats) processSeries(out, tail.stats)
  return out.rendered()
}

/** The tail's data age alone, as text (tests and the describe command). */
export function renderScrapeTime(snapshot: Snapshot | null, now: number, output?: WriterOptions): string {
  return renderScrapeTail({
    lastSuccessAt: snapshot?.lastSuccessAt ?? null,
    now,
    ...(output ? { output } : {}),
  })
    .body('text')
    .toString('utf8')
}
