import { topicLogSizes } from '../analysis/log-sizes.js'
import { pollSetup } from '../collect/from-config.js'
import { pollOnce } from '../collect/poll.js'
import type { Slices } from '../config/slices.js'
import { topicSizeFields } from '../http/api/log-dirs.js'
import { brokersDoc } from '../http/api/views.js'
import type { KafkaSource } from '../kafka/source.js'
import type { DescribeResult } from './describe.js'
import { formatTable } from './table.js'

const DIR_COLUMNS = [
  'BROKER',
  'LOG-DIR',
  'ONLINE',
  'SIZE',
  'TOTAL',
  'USABLE',
  'USED%',
  'FUTURE-REPLICAS',
] as const
const TOPIC_COLUMNS = ['TOPIC', 'PARTITIONS', 'SIZE', 'LEADER-SIZE'] as const

/**
 * `kafkascope log-dirs`: one poll, then each broker's log directories (as `kafka-log-dirs --describe` lists them,
 * with the volume's size and free space) and each topic's size on disk, all replicas and leaders only. The JSON
 * form holds the API's documents (/api/v1/brokers with their logDirs, the topics' size fields).
 */
export async function describeLogDirs(
  settings: Pick<Slices, 'poll'>,
  source: KafkaSource,
  format: Slices['describeFormat'],
): Promise<DescribeResult> {
  const snapshot = await pollOnce({ ...pollSetup(settings.poll, source), previous: null })
  const errors = snapshot.collectors.flatMap((c) => c.errors)
  if (!snapshot.up) return { output: '', exitCode: 1, errors }
  const logDirs = snapshot.logDirs
  if (!logDirs || logDirs.brokers.length === 0) {
    const cause = logDirs
      ? 'no broker answered DescribeLogDirs'
      : 'the brokers do not support DescribeLogDirs'
    return { output: '', exitCode: 1, errors: [...errors, `failed to describe log dirs: ${cause}`] }
  }
  const sizes = topicLogSizes(snapshot.topics, logDirs)
  const topics = snapshot.topics.map((t) => ({
    topic: t.name,
    partitions: t.partitions.length,
    ...topicSizeFields(sizes.get(t.name)),
  }))
  if (format === 'json') {
    const brokers = brokersDoc(snapshot).map((b) => ({ id: b.id, logDirs: b.logDirs }))
    return { output: `${JSON.stringify({ brokers, topics }, null, 2)}\n`, exitCode: 0, errors }
  }
  const dirRows = logDirs.brokers.flatMap((b) =>
    b.dirs.map((d) => [
      String(b.broker),
      d.path,
      d.online ? 'yes' : 'no',
      d.online ? String(d.sizeBytes) : '-',
      dash(d.totalBytes),
      dash(d.usableBytes),
      d.totalBytes && d.usableBytes !== null
        ? ((100 * (d.totalBytes - d.usableBytes)) / d.totalBytes).toFixed(1)
        : '-',
      d.online ? String(d.futureReplicas) : '-',
    ]),
  )
  const topicRows = topics.map((t) => [
    t.topic,
    String(t.partitions),
    dash(t.sizeBytes),
    dash(t.leaderSizeBytes),
  ])
  const output = `${formatTable([...DIR_COLUMNS], dirRows)}\n${formatTable([...TOPIC_COLUMNS], topicRows)}`
  return { output, exitCode: 0, errors }
}

function dash(v: number | null): string {
  return v === null ? '-' : String(v)
}
