import { COLLECTOR_NAMES } from '../../collect/snapshot.js'
import { KAFKA_APIS } from '../../kafka/source.js'
import { FAMILY } from '../catalog.js'
import type { SeriesContext } from './context.js'

// Go's names for Node's platforms and architectures, where they differ, as kafka_exporter's labels carry them.
const GOOS: Record<string, string> = { win32: 'windows' }
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386' }

/**
 * kafka_exporter_build_info's labels (Prometheus' version collector), filled with what kafkascope has: its
 * version, and the Node runtime in goversion. Branch, revision and tags are not recorded in a kafkascope build.
 */
function kafkaExporterBuildLabels(buildInfo: SeriesContext['buildInfo']) {
  const platform = buildInfo.platform ?? process.platform
  const arch = buildInfo.arch ?? process.arch
  return {
    branch: '',
    goarch: GOARCH[arch] ?? arch,
    goos: GOOS[platform] ?? platform,
    goversion: `node${buildInfo.nodeVersion ?? process.version}`,
    revision: '',
    tags: '',
    version: buildInfo.version,
  }
}

/** The exporter's own health. kafkascope_data_age_seconds is not here: it changes per scrape (renderScrapeTime). */
export function exporterSeries({ snapshot, out, counters, buildInfo }: SeriesContext): void {
  out.family(FAMILY.up).sample({}, snapshot.up ? 1 : 0)
  out
    .family(FAMILY.buildInfo)
    .sample({ version: buildInfo.version, nodeversion: buildInfo.nodeVersion ?? process.version }, 1)
  out.family(FAMILY.kafkaExporterBuildInfo).sample(kafkaExporterBuildLabels(buildInfo), 1)
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
