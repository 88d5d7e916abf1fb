import { parseDuration } from '../../duration.js'
import { MAX_REGEX_CHARS } from '../../limits.js'
import { setting } from '../setting.js'
import { parseBytes, positiveDuration, validRegex } from '../values.js'

/** What one poll reads and how often: its schedule, deadline, the topics and groups it keeps, its byte budget. */
export const POLL_SETTINGS = [
  setting({
    key: 'pollInterval',
    flag: 'poll.interval',
    kind: 'duration',
    help: 'How often to poll Kafka in the background (scrapes never query Kafka)',
    default: 15_000,
    parse: (t: string) => positiveDuration(t, 100),
    placeholder: 'duration',
  }),
  setting({
    key: 'pollTimeout',
    flag: 'poll.timeout',
    kind: 'duration',
    help: 'Deadline for one poll; what was collected before it is still served',
    default: 10_000,
    parse: (t: string) => positiveDuration(t, 100),
    placeholder: 'duration',
  }),
  setting({
    key: 'configRefreshInterval',
    flag: 'topic.config-refresh-interval',
    kind: 'duration',
    help: 'How often to re-read topic configs (min.insync.replicas, retention)',
    default: 300_000,
    parse: (t: string) => positiveDuration(t, 1000),
    placeholder: 'duration',
  }),
  setting({
    key: 'logDirsRefreshInterval',
    flag: 'log-dirs.refresh-interval',
    kind: 'duration',
    help: "How often to re-read the brokers' log directories (sizes per replica, volume space; one DescribeLogDirs per broker); 0s never reads them",
    default: 60_000,
    // 0 turns the collector off, e.g. for a principal that may not describe the cluster (DescribeLogDirs' ACL).
    parse: (t: string) => (parseDuration(t) === 0 ? 0 : positiveDuration(t, 1000)),
    placeholder: 'duration',
  }),
  setting({
    key: 'topicFilter',
    flag: 'topic.filter',
    kind: 'regex',
    help: 'Regex of topics to export (unanchored, as in kafka_exporter)',
    default: '.*',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'topicExclude',
    flag: 'topic.exclude',
    kind: 'regex',
    help: 'Regex of topics not to export; wins over --topic.filter',
    default: '^$',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'groupFilter',
    flag: 'group.filter',
    kind: 'regex',
    help: 'Regex of consumer groups to export',
    default: '.*',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'groupExclude',
    flag: 'group.exclude',
    kind: 'regex',
    help: 'Regex of consumer groups not to export; wins over --group.filter',
    default: '^$',
    parse: validRegex,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'regex',
  }),
  setting({
    key: 'lagFetchMaxBytes',
    flag: 'lag.fetch-max-bytes',
    kind: 'bytes',
    help: "Byte budget per poll for reading the timestamp of each group's first unconsumed record (exact lag in seconds; read once per offset and cached); 0 estimates lag in seconds from the offset history only",
    default: 4 * 1024 * 1024,
    parse: parseBytes,
    placeholder: 'bytes',
  }),
] as const
