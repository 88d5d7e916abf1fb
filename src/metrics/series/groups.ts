import { STATUSES } from '../../analysis/status.js'
import { M } from '../catalog.js'
import type { SeriesContext } from './context.js'

export function groupSeries({ groups, out }: SeriesContext): void {
  out.family(M.groupInfo)
  for (const { group: g } of groups) {
    out.sample([g.groupId, g.state, g.type, g.protocolType, g.assignor, g.coordinator], 1)
  }
  out.family(M.groupMembers)
  for (const { group: g } of groups) if (g.members !== null) out.sample([g.groupId], g.members.length)

  out.family(M.groupCurrentOffset)
  for (const { group: g, topics } of groups) {
    for (const t of topics)
      for (const p of t.partitions) out.sample([g.groupId, t.topic, p.partition], p.committed)
  }
  out.family(M.groupCurrentOffsetSum)
  for (const { group: g, topics } of groups) {
    for (const t of topics) if (t.partitions.length > 0) out.sample([g.groupId, t.topic], t.committedSum)
  }
  out.family(M.groupLag)
  for (const { group: g, topics } of groups) {
    for (const t of topics) {
      for (const p of t.partitions) if (p.lag !== null) out.sample([g.groupId, t.topic, p.partition], p.lag)
    }
  }
  out.family(M.groupLagSum)
  for (const { group: g, topics } of groups) {
    for (const t of topics) if (t.partitions.length > 0) out.sample([g.groupId, t.topic], t.lagSum)
  }
  out.family(M.groupUncommittedPartitions)
  for (const { group: g, topics } of groups)
    for (const t of topics) out.sample([g.groupId, t.topic], t.uncommitted)
  out.family(M.groupLostMessages)
  for (const { group: g, topics } of groups) {
    for (const t of topics) {
      for (const p of t.partitions) if (p.lost !== null) out.sample([g.groupId, t.topic, p.partition], p.lost)
    }
  }
  out.family(M.groupLagSeconds)
  for (const { group: g, topics } of groups) {
    for (const t of topics) {
      for (const p of t.partitions) {
        if (p.timeLag.seconds !== null) out.sample([g.groupId, t.topic, p.partition], p.timeLag.seconds)
      }
    }
  }
  out.family(M.groupTopicMaxLagSeconds)
  for (const { group: g, topics } of groups) {
    for (const t of topics) if (t.maxLagSeconds !== null) out.sample([g.groupId, t.topic], t.maxLagSeconds)
  }
  out.family(M.groupMaxLag)
  for (const { group: g, maxLag } of groups) if (maxLag !== null) out.sample([g.groupId], maxLag)
  out.family(M.groupMaxLagSeconds)
  for (const { group: g, maxLagSeconds } of groups)
    if (maxLagSeconds !== null) out.sample([g.groupId], maxLagSeconds)
  out.family(M.groupStatus)
  for (const { group: g, verdict } of groups) {
    if (verdict === null) continue
    for (const status of STATUSES) out.sample([g.groupId, status], verdict.status === status ? 1 : 0)
  }
}
