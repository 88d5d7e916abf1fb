import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { javaBin, tail, trackChild } from './jvm.js'
import { toolTable } from './tool-table.js'
import type { KafkaClusterControl } from './types.js'

/**
 * Share groups (KIP-932) from Kafka's own Java tools, since no Node client in node_modules speaks the share-group
 * protocol: ConsoleShareConsumer as members (it acknowledges every record it prints), ShareGroupCommand as the
 * oracle (kafka-share-groups.sh), ConfigCommand for group configs. A fresh Kafka 4.2+ cluster finalizes
 * share.version at format time, so no broker setting is needed to use them.
 */
export const SHARE_GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ShareGroupCommand'
const CONSOLE_SHARE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleShareConsumer'
const CONFIG_COMMAND = 'org.apache.kafka.tools.ConfigCommand'

export interface ShareConsumer {
  /** Records printed (and acknowledged) so far. */
  received(): number
  /** SIGTERM: the consumer closes and leaves the group; resolves when the JVM has exited. */
  stop(): Promise<void>
}

/** One share-group member reading `topic`; its client id is `clientId`. */
export function startShareConsumer(
  libDir: string,
  bootstrap: string,
  group: string,
  topic: string,
  clientId: string,
): ShareConsumer {
  const args = [
    '-Xmx128m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-cp',
    join(libDir, '*'),
    CONSOLE_SHARE_CONSUMER,
    '--bootstrap-server',
    bootstrap,
    '--topic',
    topic,
    '--group',
    group,
    '--command-property',
    `client.id=${clientId}`,
  ]
  const child = spawn(javaBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child)
  let lines = 0
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    lines += d.split('\n').length - 1
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = tail(stderr + d, 20)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    received: () => lines,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(killer)
      // 143: the JVM's exit code after SIGTERM.
      if (![0, 143].includes(child.exitCode ?? 0) && child.signalCode !== 'SIGTERM' && stderr !== '')
        console.warn(`share consumer ${clientId}: ${stderr}`)
    },
  }
}

/** New share groups start at the log end by default (share.auto.offset.reset=latest); tests want every record. */
export async function readFromEarliest(cluster: KafkaClusterControl, group: string): Promise<void> {
  const args = ['--bootstrap-server', cluster.bootstrap, '--alter', '--entity-type', 'groups']
  const r = await cluster.runTool(CONFIG_COMMAND, [
    ...args,
    '--entity-name',
    group,
    '--add-config',
    'share.auto.offset.reset=earliest',
  ])
  if (r.code !== 0)
    throw new Error(`ConfigCommand failed (exit ${r.code}): ${tail(r.stdout)}\n${tail(r.stderr)}`)
}

/** A row of `kafka-share-groups --describe --offsets`. */
export interface ShareOffsetRow {
  group: string
  topic: string
  partition: number
  startOffset: number | null
  lag: number | null
}

/** A row of `kafka-share-groups --describe --members --verbose`. */
export interface ShareMemberRow {
  group: string
  memberId: string
  host: string
  clientId: string
  /** "topic:0,1,2" parsed into topic-partitions. */
  assignment: { topic: string; partition: number }[]
}

async function describe(cluster: KafkaClusterControl, group: string, view: string): Promise<string> {
  const args = ['--bootstrap-server', cluster.bootstrap, '--describe', '--group', group, view, '--verbose']
  const r = await cluster.runTool(SHARE_GROUP_COMMAND, args)
  if (r.code !== 0 || /^Error:/m.test(r.stdout) || /^Error:/m.test(r.stderr))
    throw new Error(
      `ShareGroupCommand ${args.join(' ')} failed (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`,
    )
  return r.stdout
}

const num = (cell: string | null | undefined) => (cell == null ? null : Number(cell))

export async function describeShareOffsets(
  cluster: KafkaClusterControl,
  group: string,
): Promise<ShareOffsetRow[]> {
  return toolTable(await describe(cluster, group, '--offsets'), [
    'TOPIC',
    'PARTITION',
    'START-OFFSET',
    'LAG',
  ]).map((r) => ({
    group: r.GROUP as string,
    topic: r.TOPIC as string,
    partition: Number(r.PARTITION),
    startOffset: num(r['START-OFFSET']),
    lag: num(r.LAG),
  }))
}

export async function describeShareMembers(
  cluster: KafkaClusterControl,
  group: string,
): Promise<ShareMemberRow[]> {
  const rows = toolTable(await describe(cluster, group, '--members'), [
    'CONSUMER-ID',
    'CLIENT-ID',
    'ASSIGNMENT',
  ])
  return rows.map((r) => ({
    group: r.GROUP as string,
    memberId: r['CONSUMER-ID'] as string,
    host: r.HOST ?? '',
    clientId: r['CLIENT-ID'] as string,
    assignment: (r.ASSIGNMENT ?? '')
      .split(';')
      .filter((s) => s.includes(':'))
      .flatMap((s) => {
        const [topic, partitions] = s.split(':') as [string, string]
        return partitions.split(',').map((p) => ({ topic, partition: Number(p) }))
      }),
  }))
}
