import { KafkascopeError } from '../errors.js'

/**
 * Rejects when the poll's deadline passes, without cancelling the request (the client's own request timeout ends it).
 * Each request races the deadline separately so whatever finished before it is still used.
 */
export function beforeDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  const remaining = deadline - Date.now()
  if (remaining <= 0) {
    promise.catch(() => {})
    return Promise.reject(new KafkascopeError('KSC_POLL_TIMEOUT', `failed to ${what}: poll deadline passed`))
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KafkascopeError('KSC_POLL_TIMEOUT', `failed to ${what}: poll timed out after its deadline`),
        ),
      remaining,
    )
  })
  promise.catch(() => {})
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
