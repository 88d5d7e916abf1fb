import { describeError } from '../errors.js'
import type { KafkaApi, KafkaSource } from '../kafka/source.js'
import type { Collector, CollectorContext, Needs, OutputOf, PollInputs, Stages } from './collector.js'
import { CollectorRecorder, requestCounts } from './recorder.js'
import { COLLECTOR_NAMES, type CollectorName, type CollectorResult } from './snapshot.js'

export interface RunOptions {
  readonly source: KafkaSource
  readonly poll: PollInputs
  /** The poll's deadline (ms since epoch, real clock): no collector's request outlives it. */
  readonly deadline: number
}

/** What the collectors of one poll produced, looked up by collector so the type of each output is known. */
export class Outputs {
  constructor(private readonly byCollector: ReadonlyMap<Collector, unknown>) {}

  /** undefined when the collector did not run (something it needs produced nothing) or threw. */
  get<C extends Collector>(collector: C): OutputOf<C> | undefined {
    return this.byCollector.get(collector) as OutputOf<C> | undefined
  }
}

export interface Run {
  readonly outputs: Outputs
  /** One result per reported name, in the order of COLLECTOR_NAMES. */
  readonly collectors: CollectorResult[]
  readonly requests: Record<KafkaApi, number>
}

/**
 * Runs the stages in order, the collectors of a stage in parallel. A collector runs only when every collector it
 * needs produced something: without metadata nothing else can be asked, so a poll whose metadata failed reports
 * that collector alone. A collector that throws is marked failed with the cause, and the poll goes on without
 * its output. Durations are measured here, not by collectors, so each one is timed the same way.
 */
export async function runCollectors(stages: Stages, opts: RunOptions): Promise<Run> {
  checkStages(stages)
  const counts = requestCounts()
  const outputs = new Map<Collector, unknown>()
  const recorders: { name: CollectorName; recorder: CollectorRecorder }[] = []
  for (const stage of stages) {
    const stageStart = Date.now()
    await Promise.all(
      stage.map(async (collector) => {
        const needs = neededOutputs(collector, outputs)
        if (needs === undefined) return
        const share = Math.min(1, Math.max(0, collector.deadlineShare ?? 1))
        const deadline = stageStart + (opts.deadline - stageStart) * share
        const own = new CollectorRecorder(opts.source, deadline, counts)
        own.begin()
        recorders.push({ name: collector.name, recorder: own })
        const extra = new Map<CollectorName, CollectorRecorder>()
        const ctx: CollectorContext<Record<string, unknown>> = {
          needs,
          poll: opts.poll,
          deadline,
          request: (api, what, send) => own.request(api, what, send),
          fail: (message) => own.fail(message),
          idle: () => own.idle(),
          supports: (api) => own.supports(api),
          as: (name) => {
            if (!collector.alsoReports?.includes(name))
              throw new Error(`collector ${collector.name} does not declare that it reports ${name}`)
            let r = extra.get(name)
            if (!r) {
              r = new CollectorRecorder(opts.source, deadline, counts)
              extra.set(name, r)
              recorders.push({ name, recorder: r })
            }
            return r
          },
        }
        try {
          outputs.set(collector, await collector.collect(ctx))
        } catch (error) {
          own.fail(`collect ${collector.name}: ${describeError(error)}`)
        } finally {
          own.finish()
        }
      }),
    )
  }
  return { outputs: new Outputs(outputs), collectors: results(recorders), requests: counts }
}

/** The outputs a collector needs, or undefined when one of them produced nothing (or did not run). */
function neededOutputs(
  collector: Collector,
  outputs: ReadonlyMap<Collector, unknown>,
): Record<string, unknown> | undefined {
  const needs: Record<string, unknown> = {}
  for (const [key, needed] of Object.entries(collector.needs)) {
    const out = outputs.get(needed)
    if (out === undefined) return undefined
    needs[key] = out
  }
  return needs
}

/**
 * Each collector may need only collectors of earlier stages, and appears once: otherwise its needs would be
 * missing or racing it. A programming error, so it throws rather than being reported as a collector failure.
 */
export function checkStages(stages: Stages): void {
  const earlier = new Set<Collector<Needs, unknown>>()
  const seen = new Set<Collector<Needs, unknown>>()
  for (const stage of stages) {
    for (const collector of stage) {
      if (seen.has(collector)) throw new Error(`collector ${collector.name} is listed twice`)
      seen.add(collector)
      for (const [key, needed] of Object.entries(collector.needs)) {
        if (!earlier.has(needed))
          throw new Error(
            `collector ${collector.name} needs ${key} (${needed.name}), which no earlier stage collects`,
          )
      }
    }
    for (const collector of stage) earlier.add(collector)
  }
}

/** Merges what was recorded under each name (two collectors may share one), in the declared order of names. */
function results(
  recorders: readonly { name: CollectorName; recorder: CollectorRecorder }[],
): CollectorResult[] {
  const out: CollectorResult[] = []
  for (const name of COLLECTOR_NAMES) {
    const mine = recorders.filter((r) => r.name === name && r.recorder.reported).map((r) => r.recorder)
    if (mine.length === 0) continue
    const errors = mine.flatMap((r) => r.errors)
    const start = Math.min(...mine.map((r) => r.startedAt))
    const end = Math.max(...mine.map((r) => r.endedAt))
    out.push({ name, success: errors.length === 0, durationMs: Math.max(0, end - start), errors })
  }
  return out
}
