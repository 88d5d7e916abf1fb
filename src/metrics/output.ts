import type { Family } from './catalog.js'
import { exportedAt, type Granularity } from './granularity.js'
import { inSet, type MetricSet } from './metric-sets.js'
import type { WriterOptions } from './writer.js'

export interface OutputSettings {
  /** --kafka.labels */
  readonly labels: Readonly<Record<string, string>>
  /** --metrics.disable: family names, validated against the catalog by the config. */
  readonly disabled: readonly string[]
  /** --metrics.topic-granularity: topic drops the per-partition families of topics (offsets, replica states). */
  readonly topicGranularity: Granularity
  /** --metrics.group-granularity: topic drops the per-partition families of consumer groups (lag, offsets). */
  readonly groupGranularity: Granularity
  /** --metrics.set: lean leaves out what neither kafka_exporter nor the shipped alerts and dashboards read. */
  readonly set?: MetricSet
}

/** The cardinality and static-label settings as ExpositionWriter options. */
export function outputOptions(settings: OutputSettings): WriterOptions {
  const disabled = new Set(settings.disabled)
  const granularity = { topics: settings.topicGranularity, groups: settings.groupGranularity }
  return {
    constLabels: settings.labels,
    skip: (f: Family) =>
      disabled.has(f.name) || !exportedAt(f, granularity) || !inSet(f, settings.set ?? 'full'),
  }
}
