import type { KafkaSource } from '../kafka/source.js'
import { assemble } from './assemble.js'
import { carryOver } from './carry-over.js'
import type { PollInputs } from './collector.js'
import { COLLECTORS } from './collectors.js'
import { runCollectors } from './runner.js'
import type { Snapshot } from './snapshot.js'

export interface PollOptions extends Omit<PollInputs, 'startedAt'> {
  readonly source: KafkaSource
  readonly timeoutMs: number
  /** Wall clock for the snapshot's timestamps; deadlines always use the real clock. */
  readonly now?: () => number
}

/**
 * One poll → one immutable snapshot: run the collectors (collectors.ts lists them and their request budget),
 * assemble what they found, then carry over from the previous snapshot what this poll could not read.
 */
export async function pollOnce(opts: PollOptions): Promise<Snapshot> {
  const startedAt = (opts.now ?? Date.now)()
  const startPerf = performance.now()
  const { topicFilter, groupFilter, configs, timestamps, previous, logDirs } = opts
  const run = await runCollectors(COLLECTORS, {
    source: opts.source,
    poll: {
      topicFilter,
      groupFilter,
      configs,
      timestamps,
      previous,
      startedAt,
      ...(logDirs ? { logDirs } : {}),
    },
    deadline: Date.now() + opts.timeoutMs,
  })
  const fresh = assemble(run, startedAt, topicFilter, () => performance.now() - startPerf)
  return carryOver(previous, fresh)
}
