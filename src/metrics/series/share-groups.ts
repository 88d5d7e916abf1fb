import { shareGroupViews } from '../../analysis/share-lag.js'
import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

/** Share groups (KIP-932): state, members, epoch, start offset and lag per share-partition, per topic, at most. */
export function shareGroupSeries({ snapshot, out }: SeriesContext): void {
  const views = shareGroupViews(snapshot.shareGroups, snapshot.topics)
  const info = out.family(FAMILY.shareGroupInfo)
  for (const { group: g } of views)
    info.sample(
      { sharegroup: g.groupId, state: g.state, assignor: g.assignor, coordinator: g.coordinator },
      1,
    )
  const members = out.family(FAMILY.shareGroupMembers)
  for (const { group: g } of views)
    if (g.members !== null) members.sample({ sharegroup: g.groupId }, g.members.length)
  const epoch = out.family(FAMILY.shareGroupEpoch)
  for (const { group: g } of views)
    if (g.groupEpoch !== null) epoch.sample({ sharegroup: g.groupId }, g.groupEpoch)
  const start = out.family(FAMILY.shareGroupStartOffset)
  for (const v of views)
    for (const t of v.topics)
      for (const p of t.partitions)
        start.sample({ sharegroup: v.group.groupId, topic: t.topic, partition: p.partition }, p.startOffset)
  const lag = out.family(FAMILY.shareGroupLag)
  for (const v of views)
    for (const t of v.topics)
      for (const p of t.partitions)
        if (p.lag !== null)
          lag.sample({ sharegroup: v.group.groupId, topic: t.topic, partition: p.partition }, p.lag)
  const lagSum = out.family(FAMILY.shareGroupLagSum)
  for (const v of views)
    for (const t of v.topics)
      if (t.lagSum !== null) lagSum.sample({ sharegroup: v.group.groupId, topic: t.topic }, t.lagSum)
  const maxLag = out.family(FAMILY.shareGroupMaxLag)
  for (const v of views) if (v.maxLag !== null) maxLag.sample({ sharegroup: v.group.groupId }, v.maxLag)
}
