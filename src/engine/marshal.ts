import { Secret } from '../secret.js'

/**
 * The settings as a worker thread can receive them. Structured cloning keeps plain data but turns a Secret into
 * an empty object (its value is a private field), so secrets travel tagged and become Secrets again on the other
 * side, where the constructor also registers them with that thread's log scrubber. Anything that is neither plain
 * data nor a Secret is refused here, rather than arriving subtly different in the worker.
 */
export function marshal(value: unknown, path = 'config'): unknown {
  if (value instanceof Secret) return { [SECRET_TAG]: value.reveal() }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
      throw new TypeError(`${path}: a ${typeof value} cannot be handed to the poll worker`)
    return value
  }
  if (Array.isArray(value)) return value.map((v, i) => marshal(v, `${path}[${i}]`))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(
      `${path}: a ${proto?.constructor?.name ?? 'class instance'} cannot be handed to the poll worker`,
    )
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = marshal(v, `${path}.${k}`)
  return out
}

export function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(revive)
  const record = value as Record<string, unknown>
  const secret = record[SECRET_TAG]
  if (typeof secret === 'string' && Object.keys(record).length === 1) return new Secret(secret)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) out[k] = revive(v)
  return out
}

const SECRET_TAG = '$kafkascopeSecret'
