/**
 * The dashboard panels that show partitions one by one (by dashboard uid, then panel title). They are empty by
 * nature when the per-partition series are dropped (--metrics.topic-granularity=topic for topics,
 * --metrics.group-granularity=topic for consumer and share groups), and the README says so. Every other panel, and
 * every alert, is built on series exported at every granularity: test/unit/monitoring/granularity.test.ts checks
 * both, and that each panel listed here does use per-partition series (so the list cannot go stale).
 */
export const PER_PARTITION_PANELS: Readonly<Record<string, readonly string[]>> = {
  'kafkascope-topics': [
    'Messages in per partition',
    'In-sync replicas per partition',
    'Leader per partition',
    'Last stable offset behind the high watermark',
  ],
  'kafkascope-consumer-groups': ['Lag per partition', 'Lag age per partition', 'Partitions'],
  // The start offsets have no per-topic sum: the acknowledged rate is summed from the share-partitions.
  'kafkascope-share-groups': ['Acknowledged vs produced', 'Share-partitions'],
}
