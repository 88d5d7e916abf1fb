import { UnsupportedApiError } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'

export interface ApiRange {
  readonly name: string
  readonly minVersion: number
  readonly maxVersion: number
}

/**
 * For each API the highest version both the brokers (their ApiVersions answer) and our codecs implement.
 * Our own table rather than the library's kGetApi: that one asks the first bootstrap address whatever its state and
 * never tries another when it accepts the connection but does not answer, so one hung address stopped every poll.
 * Here ApiVersions goes to the broker that is about to answer the request.
 */
export class ApiTable {
  readonly #resolved = new Map<string, number>()

  constructor(private readonly ranges: readonly ApiRange[]) {}

  /** Whether the brokers' ApiVersions answer lists `api` at all (a 3.9 broker has no share-group APIs). */
  has(api: string): boolean {
    return this.ranges.some((r) => r.name === api)
  }

  version(call: ApiCall<unknown>): number {
    let version = this.#resolved.get(call.api)
    if (version === undefined) {
      version = pick(call, this.ranges)
      this.#resolved.set(call.api, version)
    }
    return version
  }
}

function pick(call: ApiCall<unknown>, ranges: readonly ApiRange[]): number {
  const range = ranges.find((r) => r.name === call.api)
  if (!range) throw new UnsupportedApiError(`the brokers do not support ${call.api}`)
  const version = Math.min(range.maxVersion, call.maxVersion)
  if (version < Math.max(range.minVersion, call.minVersion)) {
    throw new UnsupportedApiError(
      `no implementation of ${call.api} v${range.minVersion}-${range.maxVersion} (the versions the brokers support)`,
    )
  }
  return version
}
