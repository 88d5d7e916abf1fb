import { protocolErrorsCodesById } from '@platformatic/kafka'

/** A topic or partition deleted since the metadata was read: its series vanish with it, not a collector failure. */
export const UNKNOWN_TOPIC_OR_PARTITION = 3

/** "NOT_LEADER_OR_FOLLOWER (6)" for logs and collector errors; the numeric code alone means little to an operator. */
export function kafkaErrorName(code: number): string {
  return `${protocolErrorsCodesById[code] ?? 'UNKNOWN_ERROR'} (${code})`
}
