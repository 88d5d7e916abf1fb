import type { KafkaConnectionSettings } from './config/slices.js'
import { kafkaSecurity } from './kafka/auth.js'
import { KafkaClient } from './kafka/client.js'
import type { Logger } from './log.js'

/**
 * The one place a Kafka client is built, for the daemon and the describe command alike. Throws a ConfigError
 * (exit 2) for unusable TLS files, before anything connects.
 */
export function connectKafka(settings: KafkaConnectionSettings, log: Logger): KafkaClient {
  return new KafkaClient({
    bootstrap: settings.bootstrap,
    requestTimeoutMs: settings.requestTimeoutMs,
    security: kafkaSecurity(settings.security, log),
    authRetryBaseMs: settings.authRetryBaseMs,
    onUnanswered: (broker, holdMs) =>
      log.warn(
        { broker, hold_s: holdMs / 1000 },
        'broker did not answer within the request timeout: dropped its connection; other brokers are asked first',
      ),
    onUnsupported: (api) =>
      log.debug({ api }, `the brokers do not implement ${api}: what needs it is skipped, not failed`),
  })
}
