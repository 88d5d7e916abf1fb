import * as protocol from '@platformatic/kafka'
import { UnsupportedApiError } from '@platformatic/kafka'

/** Any function from the library's versioned API table; the arguments differ per API, so each caller knows them. */
export type RawApi = ((connection: protocol.Connection, ...args: unknown[]) => void) & { version: number }

export interface ApiRange {
  readonly name: string
  readonly minVersion: number
  readonly maxVersion: number
}

/** The request ApiVersions v3 (Kafka 2.4+): every broker kafkascope supports answers it. */
export const apiVersions = protocol.apiVersionsV3.api as unknown as RawApi

/**
 * For each API name the highest version both the brokers (their ApiVersions answer) and the library implement.
 * Our own table rather than the library's kGetApi: that one asks the first bootstrap address whatever its state and
 * never tries another when it accepts the connection but does not answer, so one hung address stopped every poll.
 * Here ApiVersions goes to the broker that is about to answer the request.
 */
export class ApiTable {
  readonly #resolved = new Map<string, RawApi>()

  constructor(private readonly ranges: readonly ApiRange[]) {}

  get(name: string): RawApi {
    let api = this.#resolved.get(name)
    if (!api) {
      api = pick(name, this.ranges)
      this.#resolved.set(name, api)
    }
    return api
  }
}

function pick(name: string, ranges: readonly ApiRange[]): RawApi {
  const range = ranges.find((r) => r.name === name)
  if (!range) throw new UnsupportedApiError(`the brokers do not support ${name}`)
  const exported = protocol as unknown as Record<string, { api?: RawApi } | undefined>
  // The library exports each implementation as e.g. `metadataV12`.
  const prefix = name.slice(0, 1).toLowerCase() + name.slice(1)
  for (let v = range.maxVersion; v >= range.minVersion; v--) {
    const api = exported[`${prefix}V${v}`]?.api
    if (api) return api
  }
  throw new UnsupportedApiError(
    `no implementation of ${name} v${range.minVersion}-${range.maxVersion} (the versions the brokers support)`,
  )
}
