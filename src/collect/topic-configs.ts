import { kafkaErrorName } from '../kafka/error-names.js'
import type { Requests } from './collector.js'

export interface TopicConfig {
  readonly minInsyncReplicas: number | null
  readonly retentionMs: number | null
}

const KEYS = ['min.insync.replicas', 'retention.ms'] as const

/**
 * Topic configs change rarely, so they are re-read every `refreshMs` (one DescribeConfigs for all topics), and
 * in between only for topics seen for the first time. Deleted topics drop out of the cache on the next refresh.
 */
export class TopicConfigCache {
  #configs = new Map<string, TopicConfig>()
  #refreshedAt = Number.NEGATIVE_INFINITY

  constructor(private readonly refreshMs: number) {}

  async update(
    requests: Requests,
    topics: readonly string[],
    now: number,
  ): Promise<ReadonlyMap<string, TopicConfig>> {
    const full = now - this.#refreshedAt >= this.refreshMs
    const wanted = full ? topics : topics.filter((t) => !this.#configs.has(t))
    if (wanted.length === 0) {
      requests.idle()
      return this.#configs
    }
    const records = await requests.request('DescribeConfigs', 'describe topic configs', (source) =>
      source.describeTopicConfigs(wanted, KEYS),
    )
    if (!records) return this.#configs
    const next = full ? new Map<string, TopicConfig>() : new Map(this.#configs)
    for (const r of records) {
      if (r.errorCode !== 0) {
        // Deleted since the metadata was read (UNKNOWN_TOPIC_OR_PARTITION), or not authorized: keep the old value.
        const old = this.#configs.get(r.topic)
        if (old) next.set(r.topic, old)
        if (r.errorCode !== 3)
          requests.fail(`describe configs of topic ${r.topic}: ${kafkaErrorName(r.errorCode)}`)
        continue
      }
      next.set(r.topic, {
        minInsyncReplicas: toInt(r.configs['min.insync.replicas']),
        retentionMs: toInt(r.configs['retention.ms']),
      })
    }
    this.#configs = next
    if (full) this.#refreshedAt = now
    return next
  }
}

function toInt(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}
