#!/usr/bin/env node
import { runDescribe } from './commands/run-describe.js'
import { helpText, parseInvocation } from './config/parse.js'
import { startDaemon } from './daemon.js'
import { ConfigError, describeError } from './errors.js'
import { createLogger } from './log.js'
import { VERSION } from './version.js'

/** argv → command. Exit codes: 0 ok, 1 runtime failure, 2 bad usage (as Prometheus exporters do). */
async function main(): Promise<number> {
  let invocation: ReturnType<typeof parseInvocation>
  try {
    invocation = parseInvocation(process.argv.slice(2), process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kafkascope: ${error.message}\n`)
      return 2
    }
    throw error
  }
  if (invocation.kind === 'help') {
    process.stdout.write(`${helpText()}\n`)
    return 0
  }
  if (invocation.kind === 'version') {
    process.stdout.write(`kafkascope ${VERSION} (node ${process.version})\n`)
    return 0
  }
  const { config } = invocation
  const log = createLogger({ level: config.logLevel, format: config.logFormat })
  for (const warning of invocation.warnings) log.warn(warning)
  if (invocation.command === 'describe') return runDescribe(config, log)
  let daemon: Awaited<ReturnType<typeof startDaemon>>
  try {
    daemon = await startDaemon(config, log)
  } catch (error) {
    // Unusable TLS files or web config are found while starting; they are bad usage too.
    if (error instanceof ConfigError) {
      process.stderr.write(`kafkascope: ${error.message}\n`)
      return 2
    }
    log.error({ err: describeError(error) }, 'failed to start')
    return 1
  }
  return new Promise<number>((resolve) => {
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
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`kafkascope: ${describeError(error)}\n`)
    process.exit(1)
  },
)
