import type { Collector } from '../collector.js'
import type { TopicConfig } from '../topic-configs.js'
import { metadata } from './metadata.js'

/** min.insync.replicas and retention.ms per topic; cached, so most polls ask nothing (see topic-configs.ts). */
export const topicConfigs: Collector<{ cluster: typeof metadata }, ReadonlyMap<string, TopicConfig>> = {
  name: 'topic_configs',
  needs: { cluster: metadata },
  collect(ctx) {
    return ctx.poll.configs.update(
      ctx,
      ctx.needs.cluster.topics.map((t) => t.name),
      ctx.poll.startedAt,
    )
  },
}
