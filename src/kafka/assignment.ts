import { Reader } from '@platformatic/kafka'
import type { TopicPartition } from './types.js'

/** ConsumerProtocolAssignment: version, [topic, [partition]], user data. */
export function decodeConsumerAssignment(buffer: Buffer): TopicPartition[] {
  if (!buffer || buffer.length < 2) return []
  try {
    const reader = Reader.from(buffer)
    reader.readInt16()
    const topics = reader.readArray(
      (r) => ({ topic: r.readString(false), partitions: r.readArray((r2) => r2.readInt32(), false, false) }),
      false,
      false,
    )
    return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })))
  } catch {
    // A custom assignor may use another layout; members still count, only their assignment is unknown.
    return []
  }
}
