import { KafkascopeError } from '../errors.js'

/**
 * Rejects when `deadline` (ms since epoch) passes, without cancelling the request (the client's own request timeout
 * ends it). Each request races its deadline separately, so whatever finished before it is still used.
 */
export function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  promise.catch(() => {})
  const remaining = deadline - Date.now()
  if (remaining <= 0) {
    return Promise.reject(new KafkascopeError('KSC_POLL_TIMEOUT', 'no time left before the poll deadline'))
  }
  let timer: NodeJS.Timeout | undefined
  // Collector deadlines are shares of the poll's (deadlineShare), so `remaining` is rarely a whole number.
  const shown = Math.max(1, Math.round(remaining))
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new KafkascopeError('KSC_POLL_TIMEOUT', `no answer within the ${shown} ms left of the poll`)),
      remaining,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
