/**
 * Every metric family kafkascope exposes, declared once (one file per area under catalog/). The renderer, the
 * README table, dashboards and alert rules import these objects, so a misspelt or removed metric fails to compile
 * rather than silently going blank.
 */
import { CLUSTER_FAMILIES } from './catalog/cluster.js'
import { EXPORTER_FAMILIES } from './catalog/exporter.js'
import type { Family } from './catalog/family.js'
import { GROUP_FAMILIES } from './catalog/groups.js'
import { KAFKA_EXPORTER_FAMILIES } from './catalog/kafka-exporter.js'
import { LOG_DIR_FAMILIES } from './catalog/log-dirs.js'
import { PER_TOPIC_FAMILIES } from './catalog/per-topic.js'
import { PROCESS_FAMILIES } from './catalog/process.js'
import { QUORUM_FAMILIES } from './catalog/quorum.js'
import { SHARE_GROUP_FAMILIES } from './catalog/share-groups.js'
import { STREAMS_GROUP_FAMILIES } from './catalog/streams-groups.js'
import { TOPIC_FAMILIES } from './catalog/topics.js'

export type { Family, MetricType } from './catalog/family.js'
export {
  GROUP_LABELS,
  GROUP_PARTITION_LABELS,
  GROUP_STATUS_LABELS,
  GROUP_TOPIC_LABELS,
  PARTITION_LABELS,
  TOPIC_LABELS,
} from './catalog/family.js'

/** Every family by a short key: `FAMILY.groupLag` in emitters, dashboards and alerts. Spread order is table order. */
export const FAMILY = {
  ...KAFKA_EXPORTER_FAMILIES,
  ...CLUSTER_FAMILIES,
  ...QUORUM_FAMILIES,
  ...TOPIC_FAMILIES,
  ...PER_TOPIC_FAMILIES,
  ...GROUP_FAMILIES,
  ...STREAMS_GROUP_FAMILIES,
  ...SHARE_GROUP_FAMILIES,
  ...EXPORTER_FAMILIES,
  ...PROCESS_FAMILIES,
  ...LOG_DIR_FAMILIES,
} as const

/** The same families as a list, in declaration order (README table, config validation, tests). */
export const FAMILIES: readonly Family[] = Object.values(FAMILY)
