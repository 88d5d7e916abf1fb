import { M } from '../catalog.js'
import type { SeriesContext, Steps } from './context.js'

export function* clusterSeries({ snapshot, out }: SeriesContext): Steps {
  const cluster = snapshot.cluster
  out.family(M.brokers)
  if (cluster) out.sample([], cluster.brokers.length)
  out.family(M.brokerInfo)
  for (const b of cluster?.brokers ?? []) out.sample([b.id, `${b.host}:${b.port}`, b.rack ?? ''], 1)
  yield
  out.family(M.clusterInfo)
  if (cluster) out.sample([cluster.id ?? ''], 1)
  out.family(M.controller)
  if (cluster) out.sample([], cluster.controllerId)
}
