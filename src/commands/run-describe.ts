import type { Config } from '../config/settings.js'
import { ConfigError, describeError } from '../errors.js'
import { kafkaSecurity } from '../kafka/auth.js'
import { KafkaClient } from '../kafka/client.js'
import type { Logger } from '../log.js'
import { writeOutput } from '../stdio.js'
import { describe } from './describe.js'

/**
 * `kafkascope describe`: one poll, a table (or JSON) on stdout, problems on stderr; exit 1 when Kafka is
 * unreachable or stdout cannot be written. A reader that stops early (`| head`) is no failure (stdio.ts).
 */
export async function runDescribe(config: Config, log: Logger): Promise<number> {
  let client: KafkaClient
  try {
    client = new KafkaClient({
      bootstrap: config.kafkaServers,
      requestTimeoutMs: Math.min(config.pollTimeout, 10_000),
      security: kafkaSecurity(config, log),
    })
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kafkascope: ${error.message}\n`)
      return 2
    }
    throw error
  }
  try {
    const result = await describe(config, client, config.output)
    if (result.exitCode !== 0) {
      log.error(
        { kafka: config.kafkaServers.join(','), err: result.errors.join('; ') },
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
