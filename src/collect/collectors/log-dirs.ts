import type { Collector } from '../collector.js'
import type { LogDirsState } from '../snapshot.js'
import { metadata } from './metadata.js'

/**
 * Per broker, one DescribeLogDirs when its refresh is due (B requests every --log-dirs.refresh-interval, none in
 * between; see log-dirs.ts). Skipped, so absent from kafkascope_collector_*, where the brokers lack the API or the
 * poll has no cache for it. Last stage: nothing waits for it, so a hung broker here delays no other collector.
 */
export const logDirs: Collector<{ cluster: typeof metadata }, LogDirsState | undefined> = {
  name: 'log_dirs',
  needs: { cluster: metadata },
  async collect(ctx) {
    const cache = ctx.poll.logDirs
    if (!cache) {
      ctx.idle()
      return undefined
    }
    if (!ctx.supports('DescribeLogDirs')) {
      ctx.skip('the brokers do not answer DescribeLogDirs')
      return undefined
    }
    const { metadata: m, topics } = ctx.needs.cluster
    return cache.update(ctx, m.brokers, topics, ctx.poll.startedAt)
  },
}
