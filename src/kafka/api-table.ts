import { UnsupportedApiError } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'

export interface ApiRange {
  readonly name: string
  readonly minVersion: number
  readonly maxVersion: number
}

/**
 * For each API the highest version both a broker (its ApiVersions answer) and our codecs implement.
 * Our own table rather than the library's kGetApi: that one asks the first bootstrap address whatever its state and
 * never tries another when it accepts the connection but does not answer, so one hung address stopped every poll.
 * Here ApiVersions goes to the broker that is about to answer the request.
 */
export class ApiTable {
  readonly #resolved = new Map<string, number>()

  constructor(private readonly ranges: readonly ApiRange[]) {}

  /** Whether the broker implements `version` of `api`, for requests with a fallback to older versions. */
  hasVersion(api: string, version: number): boolean {
    const range = this.ranges.find((r) => r.name === api)
    return range !== undefined && range.minVersion <= version && version <= range.maxVersion
  }

  version(call: ApiCall<unknown>): number {
    // By the call's own range too: a fallback (Fetch by name, v12) and the usual call (v13+) share the API.
    const key = `${call.api} ${call.minVersion}-${call.maxVersion}`
    let version = this.#resolved.get(key)
    if (version === undefined) {
      version = pick(call, this.ranges)
      this.#resolved.set(key, version)
    }
    return version
  }

  /** Whether `call` can be sent at all: the broker has its API at a version our codec implements. */
  supports(call: ApiCall<unknown>): boolean {
    try {
      this.version(call)
      return true
    } catch {
      return false
    }
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
