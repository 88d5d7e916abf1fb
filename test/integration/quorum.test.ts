import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../harness/kafka/remote.js'
import { type RunningExporter, serverFlags, startExporter } from '../support/exporter.js'
import { type Sample, sampleValue, select } from '../support/exposition.js'

/**
 * The KRaft quorum as kafkascope exports it, against Kafka's own kafka-metadata-quorum (MetadataQuorumCommand) on
 * the real cluster (3 nodes, each broker and controller): the controller is the quorum leader, also after the
 * active controller is killed, and end offsets and lag agree with the tool's --replication.
 */
const cluster = connectCluster()
const run = Math.random().toString(36).slice(2, 7)
let exporter: RunningExporter

beforeAll(async () => {
  exporter = await startExporter([
    ...serverFlags(cluster.bootstrap),
    '--poll.interval=500ms',
    // Nothing else is needed here: no topic or group of this run exists.
    `--topic.filter=^quorum-${run}$`,
    `--group.filter=^quorum-${run}$`,
  ])
})

afterAll(async () => {
  await exporter?.stop()
  const state = await cluster.state()
  for (const node of state.nodes) if (!node.running) await cluster.startNode(node.id)
  await cluster.waitForBrokers(state.nodes.length)
})

async function metadataQuorum(what: '--status' | '--replication'): Promise<string> {
  const args = ['--bootstrap-server', cluster.bootstrap, 'describe', what]
  const result = await cluster.runTool('org.apache.kafka.tools.MetadataQuorumCommand', args)
  if (result.code !== 0)
    throw new Error(`MetadataQuorumCommand ${what} failed (exit ${result.code}): ${result.stderr}`)
  return result.stdout
}

/** `describe --status`: "LeaderId: 3" lines. */
async function toolStatus(): Promise<{ leaderId: number; leaderEpoch: number; highWatermark: number }> {
  const out = await metadataQuorum('--status')
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s*(-?\\d+)`, 'm').exec(out)
    if (!m) throw new Error(`no ${name} in MetadataQuorumCommand --status output:\n${out}`)
    return Number(m[1])
  }
  return {
    leaderId: field('LeaderId'),
    leaderEpoch: field('LeaderEpoch'),
    highWatermark: field('HighWatermark'),
  }
}

interface ToolReplica {
  nodeId: number
  logEndOffset: number
  lag: number
  status: string
}

/** `describe --replication`: a header row, then one whitespace-separated row per voter and observer. */
async function toolReplication(): Promise<ToolReplica[]> {
  const out = await metadataQuorum('--replication')
  const [header, ...rows] = out.trim().split('\n')
  const columns = (header ?? '').trim().split(/\s+/)
  const col = (row: string[], name: string) => {
    const i = columns.indexOf(name)
    if (i < 0) throw new Error(`no ${name} column in MetadataQuorumCommand --replication output:\n${out}`)
    return row[i] as string
  }
  return rows.map((line) => {
    const row = line.trim().split(/\s+/)
    return {
      nodeId: Number(col(row, 'NodeId')),
      logEndOffset: Number(col(row, 'LogEndOffset')),
      lag: Number(col(row, 'Lag')),
      status: col(row, 'Status'),
    }
  })
}

const replica = (s: Sample[], family: string, id: number) =>
  sampleValue(s, `kafka_quorum_replica_${family}`, { replica_id: String(id), role: 'voter' })

const voters = (s: Sample[]) =>
  select(s, 'kafka_quorum_replica_lag', { role: 'voter' })
    .map((x) => Number(x.labels.replica_id))
    .sort()

/** A scrape of a poll that started after `since` (ms), so its DescribeQuorum was answered after then. */
function scrapeAfter(since: number): Promise<Sample[]> {
  return exporter.waitFor(`a poll started after ${new Date(since).toISOString()}`, (s) => {
    const at = sampleValue(s, 'kafkascope_last_poll_success_timestamp_seconds')
    return at !== undefined && at * 1000 > since && sampleValue(s, 'kafka_quorum_leader_epoch') !== undefined
      ? s
      : undefined
  })
}

describe('the KRaft quorum on the real cluster', () => {
  it('names as controller the quorum leader kafka-metadata-quorum names, with its epoch and voters', async () => {
    const s = await scrapeAfter(0)
    const status = await toolStatus()
    const after = await scrapeAfter(Date.now())
    expect(status.leaderId).toBeGreaterThan(0)
    expect(sampleValue(after, 'kafka_cluster_controller_id')).toBe(status.leaderId)
    expect(sampleValue(after, 'kafka_quorum_leader_epoch')).toBe(status.leaderEpoch)
    expect(voters(after)).toEqual([1, 2, 3])
    expect(sampleValue(s, 'kafkascope_collector_success', { collector: 'quorum' })).toBe(1)
    // One request per poll, to whichever broker answers.
    expect(sampleValue(after, 'kafkascope_poll_requests', { api: 'DescribeQuorum' })).toBe(1)
    // The leader is not behind itself, and its clock is the one the ages are taken on.
    expect(replica(after, 'lag', status.leaderId)).toBe(0)
    expect(replica(after, 'last_fetch_age_seconds', status.leaderId)).toBe(0)
  })

  it('has end offsets and lag that agree with kafka-metadata-quorum --replication', async () => {
    // The metadata log grows all the time (the leader appends a no-op record every 500 ms), so the tool's answer is
    // bracketed by a poll before and a poll after it: each end offset the tool saw lies between ours.
    const before = await scrapeAfter(0)
    const toolStarted = Date.now()
    const tool = await toolReplication()
    const status = await toolStatus()
    const after = await scrapeAfter(Date.now())
    expect(toolStarted).toBeGreaterThan(
      (sampleValue(before, 'kafkascope_last_poll_success_timestamp_seconds') as number) * 1000,
    )
    const toolVoters = tool.filter((r) => r.status === 'Leader' || r.status === 'Follower')
    expect(toolVoters.map((r) => r.nodeId).sort()).toEqual(voters(after))
    const leader = toolVoters.find((r) => r.status === 'Leader')
    expect(leader?.nodeId).toBe(sampleValue(after, 'kafka_cluster_controller_id'))
    const leaderEndAfter = replica(after, 'log_end_offset', leader?.nodeId as number) as number
    for (const r of toolVoters) {
      const endBefore = replica(before, 'log_end_offset', r.nodeId) as number
      const endAfter = replica(after, 'log_end_offset', r.nodeId) as number
      expect(r.logEndOffset, `voter ${r.nodeId}`).toBeGreaterThanOrEqual(endBefore)
      expect(r.logEndOffset, `voter ${r.nodeId}`).toBeLessThanOrEqual(endAfter)
      // Lag = leader's end offset − the voter's, in both; the tool's lies within what the two polls allow.
      expect(r.lag, `voter ${r.nodeId}`).toBeLessThanOrEqual(leaderEndAfter - endBefore)
      expect(replica(after, 'lag', r.nodeId)).toBe(leaderEndAfter - endAfter)
      // Healthy followers fetch continuously (every few hundred ms).
      expect(replica(after, 'last_fetch_age_seconds', r.nodeId) as number).toBeLessThan(5)
      expect(replica(after, 'last_caught_up_age_seconds', r.nodeId) as number).toBeLessThan(5)
    }
    const hwmBefore = sampleValue(before, 'kafka_quorum_high_watermark') as number
    expect(status.highWatermark).toBeGreaterThanOrEqual(hwmBefore)
    expect(status.highWatermark).toBeLessThanOrEqual(
      sampleValue(after, 'kafka_quorum_high_watermark') as number,
    )
  })

  it('follows the quorum to its new leader when the active controller is killed', async () => {
    const s = await scrapeAfter(0)
    const killed = sampleValue(s, 'kafka_cluster_controller_id') as number
    const epoch = sampleValue(s, 'kafka_quorum_leader_epoch') as number
    expect(killed).toBeGreaterThan(0)
    await cluster.stopNode(killed, 'SIGKILL')
    const elected = await exporter.waitFor(
      'a new quorum leader',
      (x) => {
        const c = sampleValue(x, 'kafka_cluster_controller_id')
        return c !== undefined && c > 0 && c !== killed ? x : undefined
      },
      90_000,
    )
    expect(sampleValue(elected, 'kafka_quorum_leader_epoch') as number).toBeGreaterThan(epoch)
    const status = await toolStatus()
    const after = await scrapeAfter(Date.now())
    expect(sampleValue(after, 'kafka_cluster_controller_id')).toBe(status.leaderId)
    expect(sampleValue(after, 'kafka_quorum_leader_epoch')).toBe(status.leaderEpoch)
    // The new leader has never heard from the dead voter: its end offset and fetch times are unknown, so absent.
    expect(voters(after)).toEqual([1, 2, 3].filter((id) => id !== killed))
    expect(replica(after, 'log_end_offset', killed)).toBeUndefined()
    expect(replica(after, 'last_fetch_age_seconds', killed)).toBeUndefined()
    const tool = await toolReplication()
    expect(tool.find((r) => r.nodeId === killed)?.logEndOffset).toBe(-1)
    // The other voter still fetches: two of three, a majority.
    const others = [1, 2, 3].filter((id) => id !== killed && id !== status.leaderId)
    for (const id of others) expect(replica(after, 'last_fetch_age_seconds', id) as number).toBeLessThan(5)

    await cluster.startNode(killed)
    await exporter.waitFor(
      `voter ${killed} fetching again`,
      (x) => {
        const age = replica(x, 'last_fetch_age_seconds', killed)
        return age !== undefined && age < 5 ? true : undefined
      },
      120_000,
    )
  })
})
