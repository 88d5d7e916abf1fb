import * as protocol from '@platformatic/kafka'
import { type Reader, ResponseError, type Writer } from '@platformatic/kafka'

/**
 * One request to one Kafka API, as an API file (metadata.ts, fetch.ts, ...) builds it from named options: the
 * versions it can encode and decode, and for the version broker-link.ts settles on (the highest both sides
 * implement, api-table.ts) the request body and a decoder straight to our records. Decoders are pure functions of the
 * response body (after the response header), so they are tested on recorded bytes (test/fixtures/kafka).
 */
export interface ApiCall<Out> {
  /** Kafka's name of the API, as ApiVersions reports it: "Metadata", "Fetch", ... */
  readonly api: string
  readonly key: number
  readonly minVersion: number
  readonly maxVersion: number
  /**
   * The broker answers it by forwarding it to the active controller (DescribeQuorum) or by waiting on another
   * coordinator (the share-group calls), so it may wait for seconds on one that is gone. A broker answers a connection's requests in order, so such a request goes over
   * connections of its own (broker-link.ts), to the brokers the metadata named first: it must not hold up
   * Metadata or ListGroups to the same broker, and its timeout drops only that connection.
   */
  readonly forwarded?: boolean
  /** Whether the request and response headers carry tagged fields at this version (flexible versions). */
  headers(version: number): { requestTags: boolean; responseTags: boolean }
  encode(version: number): Writer
  decode(reader: Reader, version: number): Out
}

/** Request and response headers of flexible versions (from `flexibleFrom` on) carry tagged fields. */
export function flexibleFrom(first: number): ApiCall<unknown>['headers'] {
  return (version) => ({ requestTags: version >= first, responseTags: version >= first })
}

/** The library's codec of one API version (its module `metadataV12` etc.), typed by the API file that uses it. */
export interface LibraryCodec<Args extends unknown[], Response> {
  createRequest(...args: Args): Writer
  parseResponse(correlationId: number, apiKey: number, apiVersion: number, reader: Reader): Response
}

/**
 * The library's implementation of `api` v`version` (exported as e.g. `metadataV12`). The API file declares the
 * arguments and the response fields it uses for all the versions it allows; this lookup is the one place the
 * library's per-version modules are reached by name.
 */
export function libraryCodec<Args extends unknown[], Response>(
  api: string,
  version: number,
): LibraryCodec<Args, Response> {
  const name = `${api.slice(0, 1).toLowerCase()}${api.slice(1)}V${version}`
  const codec = (protocol as unknown as Record<string, LibraryCodec<Args, Response> | undefined>)[name]
  if (!codec?.createRequest || !codec.parseResponse)
    throw new Error(`no implementation of ${api} v${version}`)
  return codec
}

/**
 * The library's parse of a response. Its parsers throw a ResponseError (carrying the whole response) when any
 * partition or group has an error code; those codes are data here, for the caller to judge one by one.
 */
export function parseWithLibrary<Response>(
  codec: LibraryCodec<unknown[], Response>,
  key: number,
  version: number,
  reader: Reader,
): Response {
  try {
    return codec.parseResponse(0, key, version, reader)
  } catch (error) {
    if (error instanceof ResponseError && error.response !== undefined) return error.response as Response
    throw error
  }
}

/**
 * An ApiCall over the library's codecs for versions min..max: `args` gives the library's positional arguments for
 * a version (built from the API file's named options), `map` turns its response into our records.
 */
export function libraryCall<Args extends unknown[], Response, Out>(spec: {
  api: string
  key: number
  minVersion: number
  maxVersion: number
  headers?: ApiCall<Out>['headers']
  args: (version: number) => Args
  map: (response: Response, version: number) => Out
}): ApiCall<Out> {
  return {
    api: spec.api,
    key: spec.key,
    minVersion: spec.minVersion,
    maxVersion: spec.maxVersion,
    headers: spec.headers ?? flexibleFrom(0),
    encode: (version) => libraryCodec<Args, Response>(spec.api, version).createRequest(...spec.args(version)),
    decode: (reader, version) => {
      const codec = libraryCodec<unknown[], Response>(spec.api, version)
      return spec.map(parseWithLibrary(codec, spec.key, version, reader), version)
    },
  }
}
