import type { Family } from './catalog.js'
import type { WriterOptions } from './writer.js'

export interface OutputSettings {
  /** --kafka.labels */
  readonly labels: Readonly<Record<string, string>>
  /** --metrics.disable: family names, validated against the catalog by the config. */
  readonly disabled: readonly string[]
  /** --metrics.granularity: topic drops every family with a partition label (the big ones on large clusters). */
  readonly granularity: 'partition' | 'topic'
}

/** The cardinality and static-label settings as ExpositionWriter options. */
export function outputOptions(settings: OutputSettings): WriterOptions {
  const disabled = new Set(settings.disabled)
  const byGranularity = (f: Family) => settings.granularity === 'topic' && f.labels.includes('partition')
  return {
    constLabels: settings.labels,
    skip: (f) => disabled.has(f.name) || byGranularity(f),
  }
}
