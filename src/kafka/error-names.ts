import { protocolErrorsCodesById } from '@platformatic/kafka'

/** "NOT_LEADER_OR_FOLLOWER (6)" for logs and collector errors; the numeric code alone means little to an operator. */
export function kafkaErrorName(code: number): string {
  return `${protocolErrorsCodesById[code] ?? 'UNKNOWN_ERROR'} (${code})`
}
