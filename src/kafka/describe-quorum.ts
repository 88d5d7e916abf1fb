import { describeQuorumV2, type Reader } from '@platformatic/kafka'
import type { ApiCall } from './api-call.js'

/**
 * DescribeQuorum v0–v2 (KIP-595, KIP-836, KIP-853) of the KRaft metadata log: which controller leads the quorum, at
 * which epoch, and how far each voter and observer has replicated. Any broker answers it by forwarding to the active
 * controller. Our own parser for all three versions: the library has only v2, and v1 is what 3.3–3.8 answer.
 * Schema: clients/src/main/resources/common/message/DescribeQuorumResponse.json (flexible from v0, no throttle time).
 */
export interface QuorumReplicaRecord {
  readonly replicaId: number
  /** -1 when the leader does not know it yet. */
  readonly logEndOffset: number
  /** Leader's wall clock (ms) of the replica's last fetch; -1 when unknown (and always before v1). */
  readonly lastFetchTimestamp: number
  /**
   * Leader's wall clock (ms) of the append of the offset the replica last fetched up to; -1 when unknown. For the
   * leader itself both timestamps are the leader's current time.
   */
  readonly lastCaughtUpTimestamp: number
}

export interface QuorumRecord {
  /** Top-level error, then the metadata partition's own; 0 when the answer is good. */
  readonly errorCode: number
  readonly errorMessage: string | null
  /** -1 when the quorum has no known leader. */
  readonly leaderId: number
  readonly leaderEpoch: number
  readonly highWatermark: number
  readonly voters: readonly QuorumReplicaRecord[]
  readonly observers: readonly QuorumReplicaRecord[]
}

/** The KRaft metadata log: the only topic a quorum describes. */
export const METADATA_TOPIC = '__cluster_metadata'

function readReplica(r: Reader, version: number): QuorumReplicaRecord {
  const replicaId = r.readInt32()
  if (version >= 2) r.readUUID() // replica directory id
  const logEndOffset = Number(r.readInt64())
  const lastFetchTimestamp = version >= 1 ? Number(r.readInt64()) : -1
  const lastCaughtUpTimestamp = version >= 1 ? Number(r.readInt64()) : -1
  return { replicaId, logEndOffset, lastFetchTimestamp, lastCaughtUpTimestamp }
}

/** Pure: the response body (after the response header) of DescribeQuorum `version`. */
export function parseDescribeQuorum(reader: Reader, version: number): QuorumRecord {
  const errorCode = reader.readInt16()
  // Kafka 3.9 and 4.4 send "" rather than null when there is no error.
  const errorMessage = version >= 2 ? reader.readNullableString() || null : null
  const partitions = reader
    .readArray((t) => {
      const topicName = t.readString()
      const found = t.readArray((p) => {
        const partitionIndex = p.readInt32()
        const partitionError = p.readInt16()
        const partitionMessage = version >= 2 ? p.readNullableString() || null : null
        return {
          partitionIndex,
          errorCode: partitionError,
          errorMessage: partitionMessage,
          leaderId: p.readInt32(),
          leaderEpoch: p.readInt32(),
          highWatermark: Number(p.readInt64()),
          voters: p.readArray((v) => readReplica(v, version)),
          observers: p.readArray((o) => readReplica(o, version)),
        }
      })
      return found.map((p) => ({ ...p, topicName }))
    })
    .flat()
  // v2's controller endpoints (Nodes) follow; Metadata already says where to reach brokers, so they are not read.
  const partition = partitions.find((p) => p.topicName === METADATA_TOPIC && p.partitionIndex === 0)
  if (errorCode !== 0 || !partition) {
    return {
      errorCode: errorCode !== 0 ? errorCode : UNKNOWN_TOPIC_OR_PARTITION,
      errorMessage,
      leaderId: -1,
      leaderEpoch: -1,
      highWatermark: -1,
      voters: [],
      observers: [],
    }
  }
  return {
    errorCode: partition.errorCode,
    errorMessage: partition.errorMessage,
    leaderId: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    highWatermark: partition.highWatermark,
    voters: partition.voters,
    observers: partition.observers,
  }
}

const UNKNOWN_TOPIC_OR_PARTITION = 3

/** The quorum of the metadata log. The request is the same in every version (only the answer grew). */
export function describeQuorumRequest(): ApiCall<QuorumRecord> {
  return {
    api: 'DescribeQuorum',
    key: 55,
    // v1 (Kafka 3.3, KRaft production-ready) and later: the preview KRaft of 2.8–3.2 lists v0 but a broker answers it
    // UNKNOWN_SERVER_ERROR (seen on 2.8.2), so there the collector is skipped and Metadata names the controller.
    minVersion: 1,
    maxVersion: 2,
    forwarded: true,
    headers: () => ({ requestTags: true, responseTags: true }),
    encode: () =>
      describeQuorumV2.createRequest([{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }]),
    decode: (reader, version) => parseDescribeQuorum(reader, version),
  }
}
