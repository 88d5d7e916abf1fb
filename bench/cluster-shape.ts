// A real cluster shaped for the benchmarks: topics × partitions (RF 1, so three 384 MB brokers hold 16k partitions
// on a small machine), groups with offsets committed on one topic each, and some records in every partition so lag,
// lag in seconds and the timestamp Fetch have real work.
import { Admin, ProduceAcks, Producer } from '@platformatic/kafka'

export interface ClusterShape {
  readonly topics: number
  readonly partitions: number
  readonly groups: number
  /** Records produced per partition before groups commit (default 0: empty partitions). */
  readonly records?: number
}

export function topicName(i: number): string {
  return `bench-${String(i).padStart(5, '0')}`
}

export async function shapeCluster(bootstrap: string[], shape: ClusterShape): Promise<void> {
  const admin = new Admin({ clientId: 'bench-setup', bootstrapBrokers: bootstrap, timeout: 120_000 })
  const topics = Array.from({ length: shape.topics }, (_, i) => topicName(i))
  let t = performance.now()
  for (let i = 0; i < topics.length; i += 20) {
    await admin.createTopics({ topics: topics.slice(i, i + 20), partitions: shape.partitions, replicas: 1 })
  }
  log(`created ${shape.topics} topics × ${shape.partitions} partitions in ${since(t)} s`)
  const records = shape.records ?? 0
  if (records > 0) {
    t = performance.now()
    const producer = new Producer({
      clientId: 'bench-producer',
      bootstrapBrokers: bootstrap,
      acks: ProduceAcks.LEADER,
    })
    // Topics are new: a partition may have no leader for a while after creation (thousands of them on two cores),
    // and the client gives up after its own few retries, so each topic's send is retried here until it lands.
    const send = (topic: string) =>
      producer.send({
        messages: Array.from({ length: shape.partitions * records }, (_, k) => ({
          topic,
          partition: k % shape.partitions,
          value: Buffer.from(`record-${k}`),
        })),
      })
    for (let i = 0; i < topics.length; i += 50) {
      await Promise.all(topics.slice(i, i + 50).map((topic) => retried(() => send(topic), 60)))
    }
    await producer.close()
    log(`produced ${records} records per partition in ${since(t)} s`)
  }
  t = performance.now()
  const commit = async (g: number): Promise<void> => {
    await admin.alterConsumerGroupOffsets({
      groupId: `bench-group-${g}`,
      topics: [
        {
          name: topics[g % topics.length] as string,
          partitionOffsets: Array.from({ length: shape.partitions }, (_, partition) => ({
            partition,
            // Half the records consumed: every group partition has lag.
            offset: BigInt(Math.floor(records / 2)),
          })),
        },
      ],
    })
  }
  // The group coordinator (__consumer_offsets) is created on first use and may need a few seconds.
  await retried(() => commit(0), 60)
  for (let g = 1; g < shape.groups; g += 10) {
    await Promise.all(Array.from({ length: Math.min(10, shape.groups - g) }, (_, k) => commit(g + k)))
  }
  await admin.close()
  log(`committed offsets for ${shape.groups} groups in ${since(t)} s`)
}

async function retried<T>(attempt: () => Promise<T>, times: number): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt()
    } catch (error) {
      if (i >= times) throw error
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
}

function since(t: number): string {
  return ((performance.now() - t) / 1000).toFixed(1)
}

function log(line: string): void {
  console.log(line)
}
