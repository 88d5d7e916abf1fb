import type { Reader } from '@platformatic/kafka'
import { type ApiCall, flexibleFrom, libraryCodec } from './api-call.js'
import { BodyReader } from './body-reader.js'
import { Int32Lists } from './int32-lists.js'
import type { BrokerRecord, ClusterMetadataRecord, PartitionRecord, TopicRecord } from './types.js'

export interface MetadataOptions {
  /** Topics to describe; 'all' for every topic of the cluster. */
  readonly topics: readonly string[] | 'all'
}

const API = 'Metadata'
/** One per thread (the poll worker reads Metadata for one cluster): the lists carry over from poll to poll. */
const LISTS = new Int32Lists()

/**
 * Metadata of the cluster: brokers, controller, topics with their partitions' leaders and replicas. The request is
 * the library's; the answer is read by our own decoder, once per poll for every partition of the cluster (16,000
 * at the scale issue's shape), straight into our records instead of the library's objects mapped again.
 */
export function metadataRequest(options: MetadataOptions): ApiCall<ClusterMetadataRecord> {
  // A monitor never creates topics, and has no use for the authorized operations.
  const topics = options.topics === 'all' ? null : [...options.topics]
  return {
    api: API,
    key: 3,
    minVersion: 9,
    maxVersion: 12,
    headers: flexibleFrom(9),
    encode: (version) =>
      libraryCodec<[string[] | null, boolean, boolean], unknown>(API, version).createRequest(
        topics,
        false,
        false,
      ),
    decode: (reader, version) => decodeMetadata(reader, version),
  }
}

/**
 * The v9–v12 answer (MetadataResponse.json; all flexible): brokers, cluster id, controller, then per topic its
 * error, name (nullable from v12), id (v10+), internal flag and partitions, and the cluster's authorized
 * operations (v8–v10), which are skipped with the topics' own.
 */
export function decodeMetadata(reader: Reader, version: number): ClusterMetadataRecord {
  const r = BodyReader.rest(reader, API)
  r.skip(4) // throttle time
  const brokers: BrokerRecord[] = []
  const brokerCount = r.count(true)
  for (let i = 0; i < brokerCount; i++) {
    const id = r.int32()
    const host = r.string(true)
    const port = r.int32()
    const rack = r.nullableString(true)
    r.taggedFields()
    brokers.push({ id, host, port, rack })
  }
  const clusterId = r.nullableString(true)
  const controllerId = r.int32()
  const topics: TopicRecord[] = []
  const topicCount = r.count(true)
  for (let t = 0; t < topicCount; t++) {
    const errorCode = r.int16()
    const name = r.nullableString(true)
    // Before v10 there are no topic ids: the name stands in for one, as the library had it (Fetch asks by name there).
    const id = version >= 10 ? r.uuid() : (name ?? '')
    const internal = r.int8() !== 0
    const partitions: PartitionRecord[] = []
    const partitionCount = r.count(true)
    for (let p = 0; p < partitionCount; p++) {
      const partitionError = r.int16()
      const partition = r.int32()
      const leader = r.int32()
      const leaderEpoch = r.int32()
      const replicas = LISTS.read(r, true)
      const isr = LISTS.read(r, true)
      const offlineReplicas = LISTS.read(r, true)
      r.taggedFields()
      partitions.push({
        partition,
        leader,
        leaderEpoch,
        replicas,
        isr,
        offlineReplicas,
        errorCode: partitionError,
      })
    }
    r.skip(4) // topic authorized operations
    r.taggedFields()
    // A topic named by id only (v12) that no longer exists has no name; nothing to report about it.
    if (name !== null) topics.push({ name, id, internal, errorCode, partitions })
  }
  if (version <= 10) r.skip(4) // cluster authorized operations
  r.taggedFields()
  return { clusterId, controllerId, brokers, topics }
}
