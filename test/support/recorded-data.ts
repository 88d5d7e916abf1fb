/**
 * What test/support/record-responses.ts writes to the cluster before recording, so the tests of the recorded
 * responses (test/unit/kafka/recorded-*.test.ts) know what each answer must say.
 */
const T = 1_700_000_000_000n

export const RECORDED = {
  T,
  /** batches × perBatch records on each partition, one batch per send; record o of partition p written at T + 1000p + o. */
  plain: {
    topic: 'rec-plain',
    partitions: 3,
    batches: 3,
    perBatch: 4,
    at: (partition: number, offset: number) => T + BigInt(1000 * partition + offset),
  },
  /** One partition: offsets 0–19 in one gzip batch, 20–29 in one lz4 batch; record o written at T + o. */
  compressed: {
    topic: 'rec-compressed',
    parts: [
      { compression: 'gzip', from: 0, count: 20 },
      { compression: 'lz4', from: 20, count: 10 },
    ] as const,
  },
  /**
   * One partition: an aborted transaction (offsets 0–2 at T, abort marker 3), a committed one (4–5 at T + 10,
   * commit marker 6), a plain record (7 at T + 20) and a transaction left open while recording (8–9 at T + 30: last
   * stable offset 8, high watermark 10).
   */
  txn: {
    topic: 'rec-txn',
    aborted: { first: 0, count: 3, marker: 3 },
    committed: { first: 4, count: 2, marker: 6 },
    plain: 7,
    open: { first: 8, count: 2 },
  },
  groups: {
    /** Offsets committed without members: rec-plain 0 → 5, 2 → 11. */
    committed: 'rec-committed',
    /** A classic member consuming rec-plain. */
    classic: 'rec-classic',
    /** A KIP-848 member consuming rec-plain (Kafka 4 only). */
    consumer: 'rec-consumer',
    /** A share group (KIP-932, Kafka 4 only): two ConsoleShareConsumer members that read all of rec-plain. */
    share: 'rec-share',
    /** A share group without members whose start offsets were reset to 5 on every rec-plain partition (Kafka 4 only). */
    shareReset: 'rec-share-reset',
    /** A Kafka Streams app (KIP-1071, Kafka 4 only) with two threads copying rec-plain to streamsSink. */
    streams: 'rec-streams',
  },
  /** The Streams app's output topic. */
  streamsSink: 'rec-streams-out',
  /** The share-group reset offset. */
  shareResetOffset: 5,
} as const
