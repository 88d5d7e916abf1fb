import { describeError } from '../errors.js'
import type { Logger } from '../log.js'
import type { Snapshot } from './snapshot.js'

/**
 * Runs `poll` every `intervalMs`, never two at once: the next poll starts one interval after the previous one
 * started, or right after it ended if it ran longer. Each finished snapshot is handed to `onSnapshot`.
 */
export class Poller {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #stopped = false

  constructor(
    private readonly opts: {
      intervalMs: number
      /** The bootstrap addresses, for log lines. */
      target: string
      poll: (previous: Snapshot | null) => Promise<Snapshot>
      /** May be async (analysis and render give way to scrapes); the next poll waits for it. */
      onSnapshot: (snapshot: Snapshot) => void | Promise<void>
      log: Logger
    },
  ) {}

  #latest: Snapshot | null = null

  get latest(): Snapshot | null {
    return this.#latest
  }

  start(): void {
    this.#schedule(0)
  }

  /**
   * Stops scheduling and gives a poll in flight a moment to finish. It is not awaited to the end: a poll against a
   * hung broker may run for the whole --poll.timeout, longer than shutdown may take; closing the client ends it.
   */
  async stop(graceMs = 1000): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    if (!this.#running) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.#running, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))])
    clearTimeout(timer)
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      const started = Date.now()
      this.#running = this.#runOnce().finally(() => {
        this.#running = undefined
        this.#schedule(Math.max(0, this.opts.intervalMs - (Date.now() - started)))
      })
    }, delayMs)
  }

  async #runOnce(): Promise<void> {
    const { log } = this.opts
    try {
      const snapshot = await this.opts.poll(this.#latest)
      const wasUp = this.#latest?.up
      const wasSkipped = new Set((this.#latest?.skipped ?? []).map((c) => c.name))
      this.#latest = snapshot
      await this.opts.onSnapshot(snapshot)
      if (!snapshot.up) {
        const cause = snapshot.collectors.find((c) => c.name === 'metadata')?.errors.join('; ')
        log.error({ kafka: this.opts.target, err: cause }, 'failed to poll Kafka; serving kafkascope_up 0')
      } else {
        for (const c of snapshot.collectors) {
          if (!c.success) log.warn({ collector: c.name, errors: c.errors.slice(0, 5) }, 'collector failed')
        }
      }
      // Once, not every poll: what the brokers support does not change until they are upgraded.
      for (const c of snapshot.skipped ?? [])
        if (!wasSkipped.has(c.name)) log.debug({ collector: c.name, reason: c.reason }, 'collector skipped')
      if (snapshot.up && wasUp === false) log.info('Kafka reachable again')
      log.debug(
        {
          duration_ms: Math.round(snapshot.durationMs),
          topics: snapshot.topics.length,
          groups: snapshot.groups.length,
        },
        'poll finished',
      )
    } catch (error) {
      // pollOnce records failures itself; reaching here is a bug, which must not stop the schedule.
      log.error({ err: describeError(error) }, 'poll crashed')
    }
  }
}
