import { type ApiCall, flexibleFrom, libraryCall } from './api-call.js'
import type { TopicConfigRecord } from './types.js'

/** DescribeConfigs v2–v4 as the library's parsers return it (the fields used). */
interface DescribeConfigsResponse {
  results: { errorCode: number; resourceName: string; configs: { name: string; value: string | null }[] }[]
}

interface RequestResource {
  resourceType: number
  resourceName: string
  configurationKeys: string[]
}

const TOPIC_RESOURCE = 2

export interface DescribeConfigsOptions {
  readonly topics: readonly string[]
  /** Only these config keys, to keep the answer small. */
  readonly keys: readonly string[]
}

/** Selected configs of topics (values in effect, whatever their source). */
export function describeConfigsRequest(options: DescribeConfigsOptions): ApiCall<TopicConfigRecord[]> {
  const resources = options.topics.map((resourceName) => ({
    resourceType: TOPIC_RESOURCE,
    resourceName,
    configurationKeys: [...options.keys],
  }))
  return libraryCall({
    api: 'DescribeConfigs',
    key: 32,
    minVersion: 2,
    maxVersion: 4,
    headers: flexibleFrom(4),
    // Without synonyms and documentation: only the value in effect is used.
    args: (): [RequestResource[], boolean, boolean] => [resources, false, false],
    map: (r: DescribeConfigsResponse) =>
      r.results.map((result) => ({
        topic: result.resourceName,
        errorCode: result.errorCode,
        configs: Object.fromEntries(result.configs.map((c) => [c.name, c.value])),
      })),
  })
}
