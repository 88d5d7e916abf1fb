import { COLLECTORS } from '../../collect/snapshot.js'
import { KAFKA_APIS } from '../../kafka/source.js'
import { M } from '../catalog.js'
import type { SeriesContext, Steps } from './context.js'

/** The exporter's own health. kafkascope_data_age_seconds is not here: it changes per scrape (see exposition.ts). */
export function* exporterSeries({ snapshot, out, counters, buildInfo }: SeriesContext): Steps {
  out.family(M.up).sample({}, snapshot.up ? 1 : 0)
  out.family(M.buildInfo).sample({ version: buildInfo.version, nodeversion: process.version }, 1)
  out.family(M.pollDuration).sample({}, snapshot.durationMs / 1000)
  const lastSuccess = out.family(M.lastSuccess)
  if (snapshot.lastSuccessAt !== null) lastSuccess.sample({}, snapshot.lastSuccessAt / 1000)
  const byName = new Map(snapshot.collectors.map((c) => [c.name, c]))
  const duration = out.family(M.collectorDuration)
  for (const name of COLLECTORS) {
    const c = byName.get(name)
    if (c) duration.sample({ collector: name }, c.durationMs / 1000)
  }
  const success = out.family(M.collectorSuccess)
  for (const name of COLLECTORS) {
    const c = byName.get(name)
    if (c) success.sample({ collector: name }, c.success ? 1 : 0)
  }
  yield
  const requests = out.family(M.pollRequests)
  for (const api of KAFKA_APIS) requests.sample({ api }, snapshot.requests[api])
  out.family(M.polls).sample({}, counters.polls)
  out.family(M.pollFailures).sample({}, counters.pollFailures)
}
