import { analyze, EMPTY_STATE } from '../analysis/analyzer.js'
import { shareGroupViews } from '../analysis/share-lag.js'
import { pollSetup } from '../collect/from-config.js'
import { pollOnce } from '../collect/poll.js'
import type { Slices } from '../config/slices.js'
import { shareGroupDoc } from '../http/api/share-views.js'
import { groupDoc } from '../http/api/views.js'
import type { KafkaSource } from '../kafka/source.js'
import { quorumSection } from './describe-quorum.js'
import { SHARE_COLUMNS, shareGroupRows } from './share-table.js'
import { formatTable } from './table.js'

export interface DescribeResult {
  readonly output: string
  /** 0 when Kafka answered, 1 when the cluster metadata could not be read. */
  readonly exitCode: number
  readonly errors: readonly string[]
}

const COLUMNS = [
  'GROUP',
  'TOPIC',
  'PARTITION',
  'CURRENT-OFFSET',
  'LOG-END-OFFSET',
  'LAG',
  'LAG-SECONDS',
  'STATUS',
  'CONSUMER-ID',
  'HOST',
  'CLIENT-ID',
] as const

/**
 * One poll, then every group's partitions like `kafka-consumer-groups --describe --all-groups`, with lag in seconds
 * and status added. A single poll has no history: status says ok, data_lost, no_offset, stopped (nobody is a member
 * and the next record has waited longer than --status.window) or unknown; trends (lagging, stalled, rewound) need the
 * daemon's window. The words are the daemon's, so `describe` and the JSON API never disagree on what a status means.
 * The table is followed by the share groups' own table (share-table.ts), if any, and the KRaft quorum
 * (describe-quorum.ts).
 */
export async function describe(
  settings: Pick<Slices, 'poll' | 'analysis'>,
  source: KafkaSource,
  format: Slices['describeFormat'],
): Promise<DescribeResult> {
  // Groups only: no DescribeLogDirs (`kafkascope log-dirs` shows them).
  const { logDirs: _, ...setup } = pollSetup(settings.poll, source)
  const snapshot = await pollOnce({ ...setup, previous: null })
  const errors = snapshot.collectors.flatMap((c) => c.errors)
  if (!snapshot.up) return { output: '', exitCode: 1, errors }
  const { groups } = analyze(EMPTY_STATE, snapshot, settings.analysis)
  const shares = shareGroupViews(snapshot.shareGroups, snapshot.topics)
  if (format === 'json') {
    // Share groups follow the consumer groups, told apart by their "protocol": "share".
    const docs = [...groups.map(groupDoc), ...shares.map(shareGroupDoc)]
    return { output: `${JSON.stringify(docs, null, 2)}\n`, exitCode: 0, errors }
  }

  const rows: string[][] = []
  for (const g of groups) {
    const owner = new Map<string, { memberId: string; clientHost: string; clientId: string }>()
    for (const m of g.group.members ?? [])
      for (const a of m.assignments) owner.set(`${a.topic}/${a.partition}`, m)
    for (const t of g.topics) {
      for (const p of t.partitions) {
        const m = owner.get(`${t.topic}/${p.partition}`)
        rows.push([
          g.group.groupId,
          t.topic,
          String(p.partition),
          String(p.committed),
          dash(p.highWatermark),
          dash(p.lag),
          p.timeLag.seconds === null ? '-' : p.timeLag.seconds.toFixed(1),
          p.verdict.status,
          m?.memberId ?? '-',
          m?.clientHost ?? '-',
          m?.clientId ?? '-',
        ])
      }
    }
  }
  let output = formatTable([...COLUMNS], rows)
  // Like kafka-share-groups --describe: a table of their own, since share groups have start offsets, not commits.
  if (shares.length > 0) output += `\n${formatTable([...SHARE_COLUMNS], shareGroupRows(shares))}`
  // After a blank line, as kafka-consumer-groups separates its tables; JSON stays the list of groups (the API's
  // /api/v1/cluster has the quorum as JSON).
  const quorum = quorumSection(snapshot.quorum)
  if (quorum !== '') output += `\n${quorum}`
  return { output, exitCode: 0, errors }
}

function dash(v: number | null): string {
  return v === null ? '-' : String(v)
}
