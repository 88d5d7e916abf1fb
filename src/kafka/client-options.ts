import type { KafkaSecurity } from './auth.js'

/** How the one Kafka client of a run connects (broker-link.ts). */
export interface KafkaClientOptions {
  bootstrap: readonly string[]
  clientId?: string
  /** Per request and per connection attempt; the poll has its own overall deadline. */
  requestTimeoutMs?: number
  /** TLS and SASL (kafka/auth.ts); plaintext without. */
  security?: KafkaSecurity
  /** After credentials or a certificate are refused, reconnecting backs off from this (the poll interval) to 5 min. */
  authRetryBaseMs?: number
  /** How long an address that timed out is asked last for cluster-wide requests; default 5 min. */
  slowHoldMs?: number
  /** Called when an address lets a request or connection time out and was not known as slow before. */
  onUnanswered?: (address: string, holdMs: number) => void
}
