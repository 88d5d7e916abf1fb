import { GRANULARITIES } from '../../metrics/granularity.js'
import { METRIC_SETS } from '../../metrics/metric-sets.js'
import { setting } from '../setting.js'
import { parseEnum } from '../values.js'
import { parseFamilyName } from '../values-metrics.js'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export const LOG_FORMATS = ['logfmt', 'json'] as const
export const DESCRIBE_OUTPUTS = ['table', 'json'] as const
export const METRICS_GRANULARITIES = GRANULARITIES
export { METRIC_SETS }

/** What kafkascope writes: its log, the describe command's output, and which series it exports. */
export const OUTPUT_SETTINGS = [
  setting({
    key: 'logLevel',
    flag: 'log.level',
    kind: 'enum',
    help: `Only log messages with this severity or above: ${LOG_LEVELS.join(', ')}`,
    default: 'info' as (typeof LOG_LEVELS)[number],
    parse: (t: string) => parseEnum(t, LOG_LEVELS),
    placeholder: 'level',
  }),
  setting({
    key: 'logFormat',
    flag: 'log.format',
    kind: 'enum',
    help: `Output format of log messages: ${LOG_FORMATS.join(', ')}`,
    default: 'logfmt' as (typeof LOG_FORMATS)[number],
    parse: (t: string) => parseEnum(t, LOG_FORMATS),
    placeholder: 'format',
  }),
  setting({
    key: 'describeFormat',
    flag: 'output',
    kind: 'enum',
    help: `Output of the describe command: ${DESCRIBE_OUTPUTS.join(', ')}`,
    default: 'table' as (typeof DESCRIBE_OUTPUTS)[number],
    parse: (t: string) => parseEnum(t, DESCRIBE_OUTPUTS),
    placeholder: 'format',
    // A property of one command run, not of a deployment.
    inFile: false,
  }),
  setting({
    key: 'metricsGranularity',
    flag: 'metrics.granularity',
    kind: 'enum',
    help: `Series per partition, or per topic only (drops every family with a partition label), for topics and groups alike unless --metrics.topic-granularity or --metrics.group-granularity says otherwise: ${METRICS_GRANULARITIES.join(', ')}`,
    default: 'partition' as (typeof METRICS_GRANULARITIES)[number],
    parse: (t: string) => parseEnum(t, METRICS_GRANULARITIES),
    placeholder: 'granularity',
  }),
  // KMinion's per-area granularity (minion.topics.granularity, minion.consumerGroups.granularity). Unset, each
  // follows --metrics.granularity, so existing deployments keep their output.
  setting({
    key: 'metricsTopicGranularity',
    flag: 'metrics.topic-granularity',
    kind: 'enum',
    help: `Series of topics per partition, or per topic only (drops the per-partition offsets and replica states; the per-topic counts and sums stay); --metrics.granularity when unset: ${METRICS_GRANULARITIES.join(', ')}`,
    default: undefined as (typeof METRICS_GRANULARITIES)[number] | undefined,
    parse: (t: string) => parseEnum(t, METRICS_GRANULARITIES),
    placeholder: 'granularity',
  }),
  setting({
    key: 'metricsGroupGranularity',
    flag: 'metrics.group-granularity',
    kind: 'enum',
    help: `Series of consumer and share groups per partition, or per topic only (drops the per-partition lag and offsets; the group and group-topic series stay); --metrics.granularity when unset: ${METRICS_GRANULARITIES.join(', ')}`,
    default: undefined as (typeof METRICS_GRANULARITIES)[number] | undefined,
    parse: (t: string) => parseEnum(t, METRICS_GRANULARITIES),
    placeholder: 'granularity',
  }),
  setting({
    key: 'metricsSet',
    flag: 'metrics.set',
    kind: 'enum',
    help: `Which families to export: full, or lean (kafka_exporter's families plus what the shipped alerts and dashboards read; leaves out the per-partition open-transaction age, under-min-ISR and offline flags, whose per-topic counts and maxima stay): ${METRIC_SETS.join(', ')}`,
    default: 'full' as (typeof METRIC_SETS)[number],
    parse: (t: string) => parseEnum(t, METRIC_SETS),
    placeholder: 'set',
  }),
  setting({
    key: 'metricsDisable',
    flag: 'metrics.disable',
    kind: 'metric',
    help: 'Name of a metric family not to export, e.g. kafka_consumergroup_current_offset',
    repeatable: true,
    default: [] as string[],
    parse: parseFamilyName,
    placeholder: 'metric',
  }),
] as const
