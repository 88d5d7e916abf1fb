import type { ShareGroupView } from '../analysis/share-lag.js'

export const SHARE_COLUMNS = [
  'SHARE-GROUP',
  'TOPIC',
  'PARTITION',
  'START-OFFSET',
  'LAG',
  'STATE',
  'MEMBERS',
  'CLIENT-IDS',
] as const

/**
 * One row per share-partition, as `kafka-share-groups --describe --offsets`, with the group's state and the members
 * assigned the partition (in a share group several members may read one partition); a group without start offsets
 * yet gets one row of dashes, so it is not missing from the table.
 */
export function shareGroupRows(views: readonly ShareGroupView[]): string[][] {
  const rows: string[][] = []
  for (const v of views) {
    const g = v.group
    const readers = (topic: string, partition: number) =>
      (g.members ?? []).filter((m) =>
        m.assignments.some((a) => a.topic === topic && a.partition === partition),
      )
    if (v.topics.length === 0)
      rows.push([g.groupId, '-', '-', '-', '-', g.state, String(g.members?.length ?? '-'), '-'])
    for (const t of v.topics) {
      for (const p of t.partitions) {
        const members = readers(t.topic, p.partition)
        rows.push([
          g.groupId,
          t.topic,
          String(p.partition),
          String(p.startOffset),
          p.lag === null ? '-' : String(p.lag),
          g.state,
          g.members === null ? '-' : String(members.length),
          members.length === 0 ? '-' : [...new Set(members.map((m) => m.clientId))].sort().join(','),
        ])
      }
    }
  }
  return rows
}
