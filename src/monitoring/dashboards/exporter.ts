import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard'
import { FAMILY } from '../../metrics/catalog.js'
import { PROMETHEUS_UP, sel } from '../promql.js'
import {
  buildDashboard,
  graph,
  grid,
  INSTANCE,
  query,
  row,
  scoped,
  single,
  TARGET,
  tableQuery,
  UNIT,
} from './common.js'

export const EXPORTER_UID = 'kafkascope-exporter'

/** Can kafkascope be trusted right now: scraped, reading Kafka, every collector succeeding, data fresh. */
export function exporterDashboard(): Dashboard {
  return buildDashboard({
    uid: EXPORTER_UID,
    title: 'Kafka / kafkascope exporter',
    description:
      "kafkascope's own health: scrapes, polls of Kafka, collectors, data age and requests per poll.",
    variables: [],
    panels: [
      single(
        'Scraped',
        'Prometheus scrapes kafkascope (up).',
        // up carries target labels only: a cluster label set by --kafka.labels is not on it.
        query(`min(${sel(PROMETHEUS_UP, TARGET, INSTANCE)})`),
        { good: 1, runbooks: ['KafkascopeDown'] },
      ),
      single(
        'Kafka readable',
        'The last poll could read the cluster metadata (kafkascope_up).',
        query(`min(${scoped(FAMILY.up)})`),
        { good: 1, runbooks: ['KafkascopeKafkaUnreachable'] },
      ),
      single(
        'Failing collectors',
        'Collectors whose last poll had a failed request.',
        query(`count(${scoped(FAMILY.collectorSuccess)} == 0) or vector(0)`),
        { bad: 1, runbooks: ['KafkascopeCollectorFailing'] },
      ),
      single(
        'Data age',
        'Seconds since the start of the last successful poll.',
        query(`max(${scoped(FAMILY.dataAge)})`),
        { unit: UNIT.seconds, runbooks: ['KafkascopeDataStale'] },
      ),
      single('Poll duration', 'Wall time of the last poll.', query(`max(${scoped(FAMILY.pollDuration)})`), {
        unit: UNIT.seconds,
      }),
      single(
        'Requests per poll',
        'Requests the last poll sent to Kafka, all APIs.',
        query(`sum(${scoped(FAMILY.pollRequests)})`),
      ),
      row('Polls'),
      graph(
        'Poll duration over time',
        'Wall time of each poll; near --poll.interval means polls cannot keep up.',
        [query(scoped(FAMILY.pollDuration), '{{instance}}')],
        { unit: UNIT.seconds },
      ),
      graph(
        'Data age over time',
        'Age of the data served; grows while polls fail.',
        [query(scoped(FAMILY.dataAge), '{{instance}}')],
        { unit: UNIT.seconds, runbooks: ['KafkascopeDataStale'] },
      ),
      graph(
        'Polls and failures',
        'Polls per second, and polls that could not read the cluster metadata.',
        [
          query(`rate(${scoped(FAMILY.polls)}[$__rate_interval])`, 'polls {{instance}}'),
          query(`rate(${scoped(FAMILY.pollFailures)}[$__rate_interval])`, 'failures {{instance}}'),
        ],
        { unit: UNIT.perSecond, runbooks: ['KafkascopeKafkaUnreachable'] },
      ),
      graph('Requests per poll by API', 'Requests sent to Kafka by the last poll, per Kafka API.', [
        query(scoped(FAMILY.pollRequests), '{{api}}'),
      ]),
      row('Collectors'),
      graph(
        'Collector duration',
        'Wall time of each collector in the last poll.',
        [query(scoped(FAMILY.collectorDuration), '{{collector}}')],
        { unit: UNIT.seconds },
      ),
      graph(
        'Collector success',
        '1 when every request of the collector succeeded in the last poll.',
        [query(scoped(FAMILY.collectorSuccess), '{{collector}}')],
        { runbooks: ['KafkascopeCollectorFailing'] },
      ),
      grid(
        'Build',
        'Version of kafkascope and Node.js per target.',
        [tableQuery(scoped(FAMILY.buildInfo), 'A')],
        {
          hide: ['Value'],
          rename: { version: 'kafkascope', nodeversion: 'Node.js' },
        },
      ),
    ],
  })
}
