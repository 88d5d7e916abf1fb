import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

export function clusterSeries({ snapshot, out }: SeriesContext): void {
  const cluster = snapshot.cluster
  const brokers = out.family(FAMILY.brokers)
  if (cluster) brokers.sample({}, cluster.brokers.length)
  const brokerInfo = out.family(FAMILY.brokerInfo)
  for (const b of cluster?.brokers ?? [])
    brokerInfo.sample({ id: b.id, address: `${b.host}:${b.port}`, rack: b.rack ?? '' }, 1)
  const clusterInfo = out.family(FAMILY.clusterInfo)
  if (cluster) clusterInfo.sample({ cluster_id: cluster.id ?? '' }, 1)
  const controller = out.family(FAMILY.controller)
  if (cluster && cluster.controllerId !== null) controller.sample({}, cluster.controllerId)
}
