import type { Stages } from './collector.js'
import { groups } from './collectors/groups.js'
import { logDirs } from './collectors/log-dirs.js'
import { metadata } from './collectors/metadata.js'
import { openTransactionTimestamps } from './collectors/open-transaction-timestamps.js'
import { partitionOffsets } from './collectors/partition-offsets.js'
import { quorum } from './collectors/quorum.js'
import { recordTimestamps } from './collectors/record-timestamps.js'
import { shareGroups } from './collectors/share-groups.js'
import { streamsGroups } from './collectors/streams-groups.js'
import { topicConfigs } from './collectors/topic-configs.js'

/**
 * Every collector of a poll, stage by stage (runner.ts runs a stage once the one before it has finished, its
 * collectors in parallel). The request count does not grow with partitions or groups (B brokers, C coordinators):
 *   1. Metadata (1)
 *   2. per broker, in parallel chains: ListGroups (B), then for the groups it coordinates one OffsetFetch and one
 *      DescribeGroups (+ one ConsumerGroupDescribe if it also has KIP-848 groups) — 2C, or 3C with both protocols;
 *      DescribeConfigs when due (1)
 *   3. per leader: ListOffsets earliest, latest and last stable (3B), and one Fetch for the timestamps of first
 *      unconsumed records not read before (≤ B); per coordinator of Kafka Streams groups (KIP-1071; listed by stage
 *      2's ListGroups, their offsets read there): one StreamsGroupDescribe (K ≤ C; none before Kafka 4.1)
 *   4. only where a transaction is open and its first record's timestamp is not known yet: one Fetch per leader (≤ B);
 *      DescribeLogDirs per broker when due (B every --log-dirs.refresh-interval)
 *   5. DescribeQuorum to any broker, forwarded to the active controller (1; none where the brokers lack it). After
 *      the offsets, on its own: while the controller is lost it waits, and it must not hold up the stages with the
 *      offsets.
 *   6. per coordinator of share groups (KIP-932; listed by stage 2's ListGroups): one ShareGroupDescribe and one
 *      DescribeShareGroupOffsets (2S, S ≤ C coordinators with share groups; none before Kafka 4.1). Last, on its
 *      own, because a coordinator answers DescribeShareGroupOffsets only once the share coordinators holding the
 *      groups' state have: while one of them hangs, so does that request, and every later request on the same
 *      connection.
 * In all, at most 2 + 4B + 2C + K + 2S (K, S ≤ C coordinators with streams and share groups), plus DescribeLogDirs (B) on the polls
 * where it is due, the record-timestamp Fetches above, and one OffsetFetch per group before Kafka 3.0 (below).
 * Brokers older than Kafka 3.1 are asked with older versions, per broker from its ApiVersions: before 3.0 (no
 * OffsetFetch v8) one OffsetFetch per group instead of one per coordinator (G instead of C; at most 8 in flight per
 * coordinator), and before 3.1 Fetch by topic name (v12) instead of by id: the same count.
 * Committed offsets are read in a stage before watermarks on purpose: a high watermark read later is never older
 * than the commit, so lag = HWM − committed cannot go negative from read skew.
 */
export const COLLECTORS: Stages = [
  [metadata],
  [groups, topicConfigs],
  [partitionOffsets, recordTimestamps, streamsGroups],
  [openTransactionTimestamps, logDirs],
  [quorum],
  [shareGroups],
]
