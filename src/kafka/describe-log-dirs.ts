import { type ApiCall, flexibleFrom, libraryCall } from './api-call.js'
import type { LogDirRecord } from './types.js'

/** DescribeLogDirs v2–v4 as the library's parsers return it (the fields used; totals from v4, Kafka 3.3). */
interface DescribeLogDirsResponse {
  /** From v3; v2 answers a refused request with an empty list instead. */
  errorCode?: number
  results: {
    errorCode: number
    logDir: string
    topics: {
      name: string
      partitions: { partitionIndex: number; partitionSize: bigint; offsetLag: bigint; isFutureKey: boolean }[]
    }[]
    totalBytes?: bigint
    usableBytes?: bigint
  }[]
}

export interface LogDirsAnswer {
  /** Top-level error (v3+): CLUSTER_AUTHORIZATION_FAILED (31) when the principal may not describe the cluster. */
  readonly errorCode: number
  readonly dirs: readonly LogDirRecord[]
}

/**
 * Every log directory of the asked broker with the size of each replica in it (current and future logs), and from
 * v4 the size and free space of the volume. Asked for all topics (a null topic list): the directories' totals
 * must count every replica whatever the topic filter, and one request per broker stays one request.
 * Schema: clients/src/main/resources/common/message/DescribeLogDirsResponse.json (flexible from v2).
 */
export function describeLogDirsRequest(): ApiCall<LogDirsAnswer> {
  return libraryCall({
    api: 'DescribeLogDirs',
    key: 35,
    minVersion: 2,
    maxVersion: 4,
    headers: flexibleFrom(2),
    args: (): [null] => [null],
    map: (r: DescribeLogDirsResponse) => ({
      errorCode: r.errorCode ?? 0,
      dirs: r.results.map((d) => ({
        path: d.logDir,
        errorCode: d.errorCode,
        totalBytes: knownBytes(d.totalBytes),
        usableBytes: knownBytes(d.usableBytes),
        replicas: d.topics.flatMap((t) =>
          t.partitions.map((p) => ({
            topic: t.name,
            partition: p.partitionIndex,
            sizeBytes: Number(p.partitionSize),
            offsetLag: Number(p.offsetLag),
            future: p.isFutureKey,
          })),
        ),
      })),
    }),
  })
}

/** -1 (the schema's default) means unknown: before v4, or an offline directory. */
function knownBytes(value: bigint | undefined): number | null {
  return value === undefined || value < 0n ? null : Number(value)
}
