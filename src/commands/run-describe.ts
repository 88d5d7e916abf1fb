import type { Slices } from '../config/slices.js'
import { describeError } from '../errors.js'
import type { Logger } from '../log.js'
import { writeOutput } from '../stdio.js'
import { connectKafka } from '../wiring.js'
import { describe } from './describe.js'
import type { describeLogDirs } from './describe-log-dirs.js'

/**
 * `kafkascope describe`: one poll, a table (or JSON) on stdout, problems on stderr; exit 1 when Kafka is
 * unreachable or stdout cannot be written. A reader that stops early (`| head`) is no failure (stdio.ts).
 * Unusable TLS files throw a ConfigError before anything connects; the CLI makes it exit 2.
 */
export async function runDescribe(
  settings: Slices,
  log: Logger,
  command: typeof describe | typeof describeLogDirs = describe,
): Promise<number> {
  const client = connectKafka(settings.kafka, log)
  try {
    const result = await command(settings, client, settings.describeFormat)
    if (result.exitCode !== 0) {
      log.error(
        { kafka: settings.kafka.bootstrap.join(','), err: result.errors.join('; ') },
        'failed to read the cluster',
      )
    } else {
      for (const e of result.errors) log.warn({ err: e }, 'part of the cluster could not be read')
    }
    // Awaited: the whole output must reach the reader before the process exits (stdio.ts).
    await writeOutput(process.stdout, result.output)
    return result.exitCode
  } catch (error) {
    log.error({ err: describeError(error) }, 'describe failed')
    return 1
  } finally {
    await client.close().catch(() => {})
  }
}
