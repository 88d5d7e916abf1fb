import type { AnalyzedGroup } from '../../analysis/analyzer.js'
import type { Snapshot } from '../../collect/snapshot.js'
import type {
  GROUP_LABELS,
  GROUP_PARTITION_LABELS,
  GROUP_STATUS_LABELS,
  GROUP_TOPIC_LABELS,
  PARTITION_LABELS,
  TOPIC_LABELS,
} from '../catalog.js'
import { FamilyBlocks } from '../family-blocks.js'
import { LabelSetCache } from '../label-cache.js'
import type { ExpositionWriter } from '../writer.js'

/** What every series emitter gets: the snapshot, views derived from it once per poll, and the writer. */
export interface SeriesContext {
  readonly snapshot: Snapshot
  readonly groups: readonly AnalyzedGroup[]
  readonly out: ExpositionWriter
  /** Label sets kept across polls (see label-cache.ts). */
  readonly labels: RenderLabels
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

/** What the per-partition emitters keep from one poll's render to the next: label sets, and whole families' blocks. */
export interface RenderLabels {
  /** By topic, at index 0. */
  readonly topics: LabelSetCache<typeof TOPIC_LABELS>
  /** By topic, indexed by partition. */
  readonly partitions: LabelSetCache<typeof PARTITION_LABELS>
  /** By group, at index 0. */
  readonly groups: LabelSetCache<typeof GROUP_LABELS>
  /** By group, indexed by status (STATUSES). */
  readonly groupStatuses: LabelSetCache<typeof GROUP_STATUS_LABELS>
  /** By group and topic (see groupTopicKey), at index 0. */
  readonly groupTopics: LabelSetCache<typeof GROUP_TOPIC_LABELS>
  /** By group and topic, indexed by partition. */
  readonly groupPartitions: LabelSetCache<typeof GROUP_PARTITION_LABELS>
  /** Families rendered and deflated last poll, reused while their samples stay the same (family-blocks.ts). */
  readonly families: FamilyBlocks
}

export function renderLabels(): RenderLabels {
  return {
    topics: new LabelSetCache(),
    partitions: new LabelSetCache(),
    groups: new LabelSetCache(),
    groupStatuses: new LabelSetCache(),
    groupTopics: new LabelSetCache(),
    groupPartitions: new LabelSetCache(),
    families: new FamilyBlocks(),
  }
}

/** A topic name never holds NUL, so the part after the last one is the topic, whatever the group id holds. */
export function groupTopicKey(groupId: string, topic: string): string {
  return `${groupId}\u0000${topic}`
}
