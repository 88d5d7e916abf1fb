import { M } from '../catalog.js'
import type { SeriesContext, Steps } from './context.js'

export function* clusterSeries({ snapshot, out }: SeriesContext): Steps {
  const cluster = snapshot.cluster
  const brokers = out.family(M.brokers)
  if (cluster) brokers.sample({}, cluster.brokers.length)
  const brokerInfo = out.family(M.brokerInfo)
  for (const b of cluster?.brokers ?? [])
    brokerInfo.sample({ id: b.id, address: `${b.host}:${b.port}`, rack: b.rack ?? '' }, 1)
  yield
  const clusterInfo = out.family(M.clusterInfo)
  if (cluster) clusterInfo.sample({ cluster_id: cluster.id ?? '' }, 1)
  const controller = out.family(M.controller)
  if (cluster) controller.sample({}, cluster.controllerId)
}
