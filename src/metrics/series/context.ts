import type { AnalyzedGroup } from '../../analysis/analyzer.js'
import type { Snapshot } from '../../collect/snapshot.js'
import type { ExpositionWriter } from '../writer.js'

/** What every series emitter gets: the snapshot, views derived from it once per poll, and the writer. */
export interface SeriesContext {
  readonly snapshot: Snapshot
  readonly groups: readonly AnalyzedGroup[]
  readonly out: ExpositionWriter
  readonly counters: { readonly polls: number; readonly pollFailures: number }
  /** nodeVersion defaults to the running Node's (process.version); the golden exposition test fixes it. */
  readonly buildInfo: {
    readonly version: string
    readonly nodeVersion?: string
    /** process.platform and process.arch unless given (the golden exposition test fixes them). */
    readonly platform?: string
    readonly arch?: string
  }
}
