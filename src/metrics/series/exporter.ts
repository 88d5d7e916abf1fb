import { COLLECTOR_NAMES } from '../../collect/snapshot.js'
import { KAFKA_APIS } from '../../kafka/source.js'
import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

/** The exporter's own health. kafkascope_data_age_seconds is not here: it changes per scrape (renderScrapeTime). */
export function exporterSeries({ snapshot, out, counters, buildInfo }: SeriesContext): void {
  out.family(FAMILY.up).sample({}, snapshot.up ? 1 : 0)
  out
    .family(FAMILY.buildInfo)
    .sample({ version: buildInfo.version, nodeversion: buildInfo.nodeVersion ?? process.version }, 1)
  out.family(FAMILY.pollDuration).sample({}, snapshot.durationMs / 1000)
  const lastSuccess = out.family(FAMILY.lastSuccess)
  if (snapshot.lastSuccessAt !== null) lastSuccess.sample({}, snapshot.lastSuccessAt / 1000)
  const byName = new Map(snapshot.collectors.map((c) => [c.name, c]))
  const duration = out.family(FAMILY.collectorDuration)
  for (const name of COLLECTOR_NAMES) {
    const c = byName.get(name)
    if (c) duration.sample({ collector: name }, c.durationMs / 1000)
  }
  const success = out.family(FAMILY.collectorSuccess)
  for (const name of COLLECTOR_NAMES) {
    const c = byName.get(name)
    if (c) success.sample({ collector: name }, c.success ? 1 : 0)
  }
  const requests = out.family(FAMILY.pollRequests)
  for (const api of KAFKA_APIS) requests.sample({ api }, snapshot.requests[api])
  out.family(FAMILY.polls).sample({}, counters.polls)
  out.family(FAMILY.pollFailures).sample({}, counters.pollFailures)
}
