import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureStreamsJars } from './jars.js'
import { compilePlugin } from './java-plugin.js'
import { javaBin, tail, trackChild } from './jvm.js'
import { toolTable } from './tool-table.js'
import type { KafkaClusterControl } from './types.js'

/**
 * Kafka Streams groups (KIP-1071) from Kafka's own Java: a real Streams app on group.protocol=streams
 * (plugins/StreamsApp.java, run with Kafka Streams from Maven Central) as members, and StreamsGroupCommand
 * (kafka-streams-groups.sh) as the oracle. A fresh Kafka 4.2+ cluster finalizes streams.version at format time, so
 * no broker setting is needed.
 */
export const STREAMS_GROUP_COMMAND = 'org.apache.kafka.tools.streams.StreamsGroupCommand'
const GET_OFFSET_SHELL = 'org.apache.kafka.tools.GetOffsetShell'

export interface StreamsApp {
  /** The app's last state (CREATED, REBALANCING, RUNNING, ...), as its state listener printed it. */
  state(): string
  /** SIGTERM: the app closes and leaves the group; resolves when the JVM has exited. */
  stop(): Promise<void>
}

export interface StreamsAppOptions {
  readonly libDir: string
  readonly version: string
  readonly bootstrap: string
  readonly applicationId: string
  readonly source: string
  readonly sink: string
  /** Stream threads: each is a member of the group (default 1). */
  readonly threads?: number
}

/** Starts one instance (process) of the copying app; resolves once its JVM is started. */
export async function startStreamsApp(o: StreamsAppOptions): Promise<StreamsApp> {
  const streamsDir = await ensureStreamsJars(o.version)
  const classes = await compilePlugin('StreamsApp.java', o.version, o.libDir, [streamsDir])
  const stateDir = await mkdtemp(join(tmpdir(), 'kafkascope-streams-'))
  const classpath = [classes, join(o.libDir, '*'), join(streamsDir, '*')].join(':')
  const args = ['-Xmx192m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath, 'StreamsApp']
  const appArgs = [o.bootstrap, o.applicationId, o.source, o.sink, String(o.threads ?? 1), stateDir]
  const child = spawn(javaBin(), [...args, ...appArgs], { stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child)
  let state = 'STARTING'
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const lines = d.trim().split('\n')
    state = lines[lines.length - 1]?.trim() || state
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = tail(stderr + d, 20)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    state: () => state,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(killer)
      await rm(stateDir, { recursive: true, force: true })
      if (![0, 143].includes(child.exitCode ?? 0) && child.signalCode !== 'SIGTERM' && stderr !== '')
        console.warn(`streams app ${o.applicationId}: ${stderr}`)
    },
  }
}

/** A row of `kafka-streams-groups --describe --members --verbose`. */
export interface StreamsMemberRow {
  memberId: string
  processId: string
  clientId: string
  memberEpoch: number
  /** The member's topology epoch (the tool's TOPOLOGY-EPOCH column of the members view). */
  topologyEpoch: number
  /** Active tasks, counted from "ACTIVE: 0:[0,2];" in the ASSIGNMENTS cell. */
  activeTasks: number
}

/** A row of `kafka-streams-groups --describe --offsets --verbose`. */
export interface StreamsOffsetRow {
  topic: string
  partition: number
  currentOffset: number | null
  lag: number | null
}

async function describe(cluster: KafkaClusterControl, group: string, view: string[]): Promise<string> {
  const args = ['--bootstrap-server', cluster.bootstrap, '--describe', '--group', group, ...view]
  const r = await cluster.runTool(STREAMS_GROUP_COMMAND, args)
  if (r.code !== 0 || /^Error:/m.test(r.stdout) || /^Error:/m.test(r.stderr))
    throw new Error(
      `StreamsGroupCommand ${args.join(' ')} failed (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
    )
  return r.stdout
}

const num = (cell: string | null | undefined) => (cell == null ? null : Number(cell))

/** Tasks of one kind in an ASSIGNMENTS cell such as "ACTIVE: 0:[0,2] 1:[1]; TARGET-ACTIVE: 0:[0,2];". */
export function countTasks(cell: string, kind: string): number {
  const part = cell
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${kind}:`))
  if (!part) return 0
  return [...part.matchAll(/\[([^\]]*)\]/g)].reduce(
    (n, m) => n + (m[1] ?? '').split(',').filter((p) => p.trim() !== '').length,
    0,
  )
}

/** The members view: fixed columns, then ASSIGNMENTS, which has spaces of its own (the rest of the line). */
export async function describeStreamsMembers(
  cluster: KafkaClusterControl,
  group: string,
): Promise<StreamsMemberRow[]> {
  const out = await describe(cluster, group, ['--members', '--verbose'])
  const rows: StreamsMemberRow[] = []
  let columns: string[] | undefined
  for (const line of out.split('\n')) {
    const cells = line.trim().split(/\s+/)
    if (cells[0] === 'GROUP') {
      columns = cells
      if (columns[columns.length - 1] !== 'ASSIGNMENTS' || !columns.includes('PROCESS'))
        throw new Error(`unexpected StreamsGroupCommand header: ${line}`)
    } else if (columns && line.trim() !== '') {
      const fixed = columns.length - 1
      const cell = (name: string) => cells[columns?.indexOf(name) ?? -1] ?? ''
      rows.push({
        memberId: cell('MEMBER'),
        processId: cell('PROCESS'),
        clientId: cell('CLIENT-ID'),
        memberEpoch: Number(cell('MEMBER-EPOCH')),
        topologyEpoch: Number(cell('TOPOLOGY-EPOCH')),
        activeTasks: countTasks(cells.slice(fixed).join(' '), 'ACTIVE'),
      })
    }
  }
  return rows
}

export async function describeStreamsOffsets(
  cluster: KafkaClusterControl,
  group: string,
): Promise<StreamsOffsetRow[]> {
  const out = await describe(cluster, group, ['--offsets', '--verbose'])
  return toolTable(out, ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'OFFSET-LAG']).map((r) => ({
    topic: r.TOPIC as string,
    partition: Number(r.PARTITION),
    currentOffset: num(r['CURRENT-OFFSET']),
    lag: num(r['OFFSET-LAG']),
  }))
}

/**
 * Committed offsets of a Streams group without members: `kafka-streams-groups --describe --offsets` prints none for
 * an empty group ("has no active members"), so they are read as `--reset-offsets --to-current --dry-run` shows them
 * (the offsets a reset would keep), with the log end offsets from GetOffsetShell: lag as Kafka's tools see it.
 */
export async function inactiveStreamsOffsets(
  cluster: KafkaClusterControl,
  group: string,
  topic: string,
): Promise<StreamsOffsetRow[]> {
  const reset = ['--bootstrap-server', cluster.bootstrap, '--reset-offsets', '--group', group]
  const r = await cluster.runTool(STREAMS_GROUP_COMMAND, [
    ...reset,
    '--all-input-topics',
    '--to-current',
    '--dry-run',
  ])
  if (r.code !== 0 || /^Error:/m.test(r.stdout))
    throw new Error(
      `StreamsGroupCommand --reset-offsets --dry-run failed (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
    )
  const ends = await cluster.runTool(GET_OFFSET_SHELL, [
    '--bootstrap-server',
    cluster.bootstrap,
    '--topic',
    topic,
  ])
  if (ends.code !== 0) throw new Error(`GetOffsetShell failed (exit ${ends.code}):\n${tail(ends.stderr)}`)
  const end = new Map(
    ends.stdout
      .split('\n')
      .map((l) => l.trim().split(':'))
      .filter((f) => f.length === 3 && f[0] === topic)
      .map((f) => [Number(f[1]), Number(f[2])]),
  )
  const rows = toolTable(r.stdout, ['TOPIC', 'PARTITION', 'NEW-OFFSET']).filter((row) => row.TOPIC === topic)
  return rows.map((row) => {
    const partition = Number(row.PARTITION)
    const committed = num(row['NEW-OFFSET'])
    const logEnd = end.get(partition)
    return {
      topic: row.TOPIC as string,
      partition,
      currentOffset: committed,
      lag: committed === null || logEnd === undefined ? null : logEnd - committed,
    }
  })
}
