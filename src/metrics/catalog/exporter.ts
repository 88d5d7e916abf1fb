import { counter, gauge } from './family.js'

/**
 * The exporter's own health: polls, collectors, requests.
 */
export const EXPORTER_FAMILIES = {
  up: gauge('exporter', 'kafkascope_up', [], '1 if the last poll could read the cluster metadata, else 0.'),
  buildInfo: gauge(
    'exporter',
    'kafkascope_build_info',
    ['version', 'nodeversion'],
    'kafkascope build information; value is always 1.',
  ),
  pollDuration: gauge(
    'exporter',
    'kafkascope_poll_duration_seconds',
    [],
    'Wall time of the last poll of Kafka.',
  ),
  lastSuccess: gauge(
    'exporter',
    'kafkascope_last_poll_success_timestamp_seconds',
    [],
    'Start time of the last poll that read the cluster metadata (Unix seconds).',
  ),
  dataAge: gauge(
    'exporter',
    'kafkascope_data_age_seconds',
    [],
    'Age of the Kafka data being served: seconds since the start of the last successful poll. Kafka is polled in the background, never on scrape.',
  ),
  collectorDuration: gauge(
    'exporter',
    'kafkascope_collector_duration_seconds',
    ['collector'],
    'Wall time of each collector in the last poll.',
  ),
  collectorSuccess: gauge(
    'exporter',
    'kafkascope_collector_success',
    ['collector'],
    '1 if every request of the collector succeeded in the last poll.',
  ),
  pollRequests: gauge(
    'exporter',
    'kafkascope_poll_requests',
    ['api'],
    'Requests sent to Kafka by the last poll, per Kafka API.',
  ),
  polls: counter('exporter', 'kafkascope_polls_total', [], 'Polls of Kafka since start.'),
  pollFailures: counter(
    'exporter',
    'kafkascope_poll_failures_total',
    [],
    'Polls since start that could not read the cluster metadata.',
  ),
} as const
