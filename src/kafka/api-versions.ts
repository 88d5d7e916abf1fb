import type { ApiCall } from './api-call.js'
import { libraryCall } from './api-call.js'
import type { ApiRange } from './api-table.js'

/** ApiVersions as the library's v3 parser returns it (the fields used). */
interface ApiVersionsResponse {
  errorCode: number
  apiKeys: { name: string; minVersion: number; maxVersion: number }[]
}

export interface ApiVersionsAnswer {
  readonly errorCode: number
  readonly apis: readonly ApiRange[]
}

/**
 * ApiVersions v3 (Kafka 2.4+: every broker kafkascope supports answers it), sent first on each connection so the
 * versions of the other requests fit the broker that answers them. Its response header has no tagged fields even
 * though the request's has (KIP-511: a client must be able to read the answer of a broker that is older than it).
 */
export function apiVersionsRequest(client: {
  softwareName: string
  softwareVersion: string
}): ApiCall<ApiVersionsAnswer> {
  return libraryCall({
    api: 'ApiVersions',
    key: 18,
    minVersion: 3,
    maxVersion: 3,
    headers: () => ({ requestTags: true, responseTags: false }),
    args: (): [string, string] => [client.softwareName, client.softwareVersion],
    map: (r: ApiVersionsResponse) => ({
      errorCode: r.errorCode,
      apis: r.apiKeys.map((k) => ({ name: k.name, minVersion: k.minVersion, maxVersion: k.maxVersion })),
    }),
  })
}
