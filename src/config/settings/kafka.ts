import { parseBrokerAddress } from '../../addresses.js'
import { setting } from '../setting.js'
import { labelsFromYaml, parseLabels, type StaticLabels } from '../values-metrics.js'

/** Which cluster to read, and the labels every series of it gets. */
export const KAFKA_SETTINGS = [
  setting({
    key: 'kafkaServers',
    flag: 'kafka.server',
    kind: 'address',
    help: 'Address (host:port) of a Kafka broker to bootstrap from',
    repeatable: true,
    default: ['localhost:9092'] as string[],
    parse: parseBrokerAddress,
    placeholder: 'host:port',
  }),
  setting({
    key: 'kafkaLabels',
    flag: 'kafka.labels',
    kind: 'labels',
    help: 'Static labels added to every series, as name=value pairs separated by commas (a map in the config file)',
    default: {} as StaticLabels,
    parse: parseLabels,
    fromFile: labelsFromYaml,
    placeholder: 'name=value,...',
  }),
] as const
