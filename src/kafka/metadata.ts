import { type ApiCall, flexibleFrom, libraryCall } from './api-call.js'
import type { ClusterMetadataRecord } from './types.js'

/** Metadata v9–v12 as the library's parsers return it (the fields used; topicId from v10, null names from v12). */
interface MetadataResponse {
  clusterId: string | null
  controllerId: number
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[]
  topics: {
    errorCode: number
    name: string | null
    topicId: string
    isInternal: boolean
    partitions: {
      errorCode: number
      partitionIndex: number
      leaderId: number
      leaderEpoch: number
      replicaNodes: number[]
      isrNodes: number[]
      offlineReplicas: number[]
    }[]
  }[]
}

export interface MetadataOptions {
  /** Topics to describe; 'all' for every topic of the cluster. */
  readonly topics: readonly string[] | 'all'
}

/** Metadata of the cluster: brokers, controller, topics with their partitions' leaders and replicas. */
export function metadataRequest(options: MetadataOptions): ApiCall<ClusterMetadataRecord> {
  return libraryCall({
    api: 'Metadata',
    key: 3,
    minVersion: 9,
    maxVersion: 12,
    headers: flexibleFrom(9),
    // A monitor never creates topics, and has no use for the authorized operations.
    args: (): [string[] | null, boolean, boolean] => [
      options.topics === 'all' ? null : [...options.topics],
      false,
      false,
    ],
    map: toClusterMetadata,
  })
}

function toClusterMetadata(response: MetadataResponse): ClusterMetadataRecord {
  return {
    clusterId: response.clusterId ?? null,
    controllerId: response.controllerId,
    brokers: response.brokers.map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      rack: b.rack ?? null,
    })),
    topics: response.topics.flatMap((t) =>
      // A topic named by id only (v12) that no longer exists has no name; nothing to report about it.
      t.name === null
        ? []
        : [
            {
              name: t.name,
              id: t.topicId,
              internal: t.isInternal,
              errorCode: t.errorCode,
              partitions: t.partitions.map((p) => ({
                partition: p.partitionIndex,
                leader: p.leaderId,
                leaderEpoch: p.leaderEpoch,
                replicas: p.replicaNodes,
                isr: p.isrNodes,
                offlineReplicas: p.offlineReplicas,
                errorCode: p.errorCode,
              })),
            },
          ],
    ),
  }
}
