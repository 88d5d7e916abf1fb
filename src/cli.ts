#!/usr/bin/env node
import { helpText, parseInvocation } from './config/parse.js'
import { slices } from './config/slices.js'
import { startDaemon } from './daemon.js'
import { ConfigError, describeError } from './errors.js'
import { createLogger } from './log.js'
import { flushOutput, quietOnError, writeOutput } from './stdio.js'
import { VERSION } from './version.js'

/** How long the daemon's last log lines may take to reach stderr: it must stop within the grace period. */
const DAEMON_FLUSH_MS = 1000

/**
 * argv → command. Exit codes: 0 ok, 1 runtime failure, 2 bad usage (as Prometheus exporters do).
 * Resolves to the code, or for the daemon to the code with a bound on waiting for its output.
 */
async function main(): Promise<number | { code: number; flushWithinMs: number }> {
  try {
    return await run()
  } catch (error) {
    // The one place bad usage becomes exit 2: bad flags, variables or config keys, and what is found while
    // starting (unusable TLS files, web config), always before anything listens or connects.
    if (error instanceof ConfigError) {
      process.stderr.write(`kafkascope: ${error.message}\n`)
      return 2
    }
    throw error
  }
}

async function run(): Promise<number | { code: number; flushWithinMs: number }> {
  const invocation = parseInvocation(process.argv.slice(2), process.env)
  if (invocation.kind === 'help') {
    await writeOutput(process.stdout, `${helpText()}\n`)
    return 0
  }
  if (invocation.kind === 'version') {
    await writeOutput(process.stdout, `kafkascope ${VERSION} (node ${process.version})\n`)
    return 0
  }
  const { config } = invocation
  const settings = slices(config)
  const log = createLogger(settings.log)
  for (const warning of invocation.warnings) log.warn(warning)
  // The one-shot commands speak Kafka from this thread; loaded only for them, so the daemon's main thread (which
  // only answers HTTP; its poll worker speaks Kafka) never loads the Kafka client library.
  if (invocation.command === 'describe') {
    const { runDescribe } = await import('./commands/run-describe.js')
    return runDescribe(settings, log)
  }
  if (invocation.command === 'log-dirs') {
    const [{ runDescribe }, { describeLogDirs }] = await Promise.all([
      import('./commands/run-describe.js'),
      import('./commands/describe-log-dirs.js'),
    ])
    return runDescribe(settings, log, describeLogDirs)
  }
  let daemon: Awaited<ReturnType<typeof startDaemon>>
  try {
    daemon = await startDaemon(config, log)
  } catch (error) {
    // Unusable TLS files or web config are found while starting: bad usage, made exit 2 by main.
    if (error instanceof ConfigError) throw error
    log.error({ err: describeError(error) }, 'failed to start')
    return 1
  }
  const code = await new Promise<number>((resolve) => {
    let stopping = false
    const shutdown = (signal: string) => {
      if (stopping) return
      stopping = true
      log.info({ signal }, 'shutting down')
      // A hung Kafka connection must not keep us past the orchestrator's grace period.
      const force = setTimeout(() => resolve(1), 5000)
      force.unref()
      daemon.stop().then(
        () => resolve(0),
        (error) => {
          log.error({ err: describeError(error) }, 'failed to shut down cleanly')
          resolve(1)
        },
      )
    }
    process.once('SIGINT', () => shutdown('SIGINT'))
    process.once('SIGTERM', () => shutdown('SIGTERM'))
  })
  return { code, flushWithinMs: DAEMON_FLUSH_MS }
}

/**
 * process.exit() (not a natural end) because a hung Kafka connection must not keep the process alive, but only
 * once stdout and stderr have taken what was written: exiting earlier cuts output into a pipe at 64 KiB.
 * A one-shot command waits as long as its reader takes (`| less` waits for the user), the daemon a bounded time.
 */
async function exit(code: number, flushWithinMs = Number.POSITIVE_INFINITY): Promise<never> {
  process.exitCode = code
  await Promise.all([flushOutput(process.stdout, flushWithinMs), flushOutput(process.stderr, flushWithinMs)])
  process.exit(code)
}

quietOnError(process.stdout)
quietOnError(process.stderr)
main().then(
  (ending) => (typeof ending === 'number' ? exit(ending) : exit(ending.code, ending.flushWithinMs)),
  (error) => {
    process.stderr.write(`kafkascope: ${describeError(error)}\n`)
    return exit(1)
  },
)
