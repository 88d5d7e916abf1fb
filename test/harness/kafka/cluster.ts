import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { consumerGroupCommand, describeGroupsArgs, parseDescribeGroups } from './consumer-groups.js'
import { DEFAULT_KAFKA_VERSION, ensureKafkaJars } from './jars.js'
import { runJava, type ToolResult, tail } from './jvm.js'
import { pollUntil, registeredBrokerIds } from './metadata.js'
import { NodeProcess } from './node-process.js'
import { startOrphanGuard } from './orphan-guard.js'
import { freePorts } from './ports.js'
import { nodeProperties, toPropertiesFile } from './properties.js'
import type { ClusterState, GroupOffsetRow, KafkaCluster, KafkaNode, StartOptions } from './types.js'

export type * from './types.js'

const HOST = '127.0.0.1'

/** Already carries the dead node's log tail, so callers must not wrap it with more logs. */
class NodeDiedError extends Error {}
const TEARDOWN_GRACE_MS = 3_000

/** Same shape as Kafka's Uuid.randomUuid().toString(): 16 bytes, base64url, no padding, no leading '-'. */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

interface Member {
  info: Omit<KafkaNode, 'running' | 'paused'>
  proc: NodeProcess
}

export async function startKafkaCluster(opts: StartOptions = {}): Promise<KafkaCluster> {
  const count = opts.nodes ?? 3
  if (!Number.isInteger(count) || count < 1) throw new Error(`nodes must be a positive integer, got ${count}`)
  const version = opts.version ?? process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION
  const libDir = await ensureKafkaJars(version)
  const dir = await mkdtemp(join(tmpdir(), 'kafkascope-kafka-'))
  const guard = startOrphanGuard(dir)
  const cluster = new Cluster(version, libDir, dir, guard.stop)
  try {
    await cluster.init(count, opts)
    await cluster.startAll(opts.startTimeoutMs ?? 180_000)
    return cluster
  } catch (err) {
    await cluster.teardown()
    throw err
  }
}

class Cluster implements KafkaCluster {
  #members: Member[] = []
  #bootstrap = ''
  #tornDown = false

  constructor(
    readonly version: string,
    readonly libDir: string,
    readonly dir: string,
    private readonly stopGuard: () => void,
  ) {}

  get bootstrap(): string {
    return this.#bootstrap
  }

  get nodes(): readonly KafkaNode[] {
    return this.#members.map((m) => ({ ...m.info, running: m.proc.running, paused: m.proc.paused }))
  }

  async state(): Promise<ClusterState> {
    return { bootstrap: this.bootstrap, version: this.version, libDir: this.libDir, nodes: [...this.nodes] }
  }

  async init(count: number, opts: StartOptions): Promise<void> {
    const extra = opts.extraListeners ?? []
    const ports = await freePorts(count * (2 + extra.length))
    const take = () => ports.shift() as number
    const infos = Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      host: HOST,
      port: take(),
      controllerPort: take(),
      extraPorts: Object.fromEntries(extra.map((l) => [l.name, take()])),
    }))
    const voters = infos.map((n) => `${n.id}@${HOST}:${n.controllerPort}`).join(',')
    this.#bootstrap = infos.map((n) => `${HOST}:${n.port}`).join(',')
    const clusterId = randomClusterId()

    this.#members = await Promise.all(
      infos.map(async (info) => {
        const nodeDir = join(this.dir, `node-${info.id}`)
        await mkdir(join(nodeDir, 'logs'), { recursive: true })
        const props = nodeProperties(
          {
            version: this.version,
            nodeId: info.id,
            nodeCount: count,
            host: HOST,
            port: info.port,
            controllerPort: info.controllerPort,
            voters,
            dataDir: join(nodeDir, 'data'),
            extraListeners: extra.map((listener) => ({
              listener,
              port: info.extraPorts[listener.name] as number,
            })),
          },
          opts.brokerProps,
        )
        const proc = new NodeProcess({
          id: info.id,
          version: this.version,
          libDir: this.libDir,
          dir: nodeDir,
          ...(opts.classpath ? { classpath: opts.classpath } : {}),
        })
        await writeFile(proc.propertiesPath, toPropertiesFile(props))
        await this.#format(proc, clusterId, opts.formatArgs ?? [])
        return { info, proc }
      }),
    )
  }

  async #format(proc: NodeProcess, clusterId: string, extraArgs: string[]): Promise<void> {
    const args = ['format', '-t', clusterId, '-c', proc.propertiesPath, ...extraArgs]
    const result = await runJava('kafka.tools.StorageTool', args, {
      version: this.version,
      libDir: this.libDir,
      logsDir: join(proc.spec.dir, 'logs'),
    })
    if (result.code !== 0) {
      throw new Error(
        `StorageTool format failed for node ${proc.spec.id} (exit ${result.code}):\n${tail(result.stdout)}\n${tail(result.stderr)}`,
      )
    }
  }

  /** All nodes at once: each one blocks until the controller quorum has a majority. */
  async startAll(timeoutMs: number): Promise<void> {
    for (const m of this.#members) m.proc.start()
    await this.waitForBrokers(this.#members.length, timeoutMs)
  }

  #member(id: number): Member {
    const m = this.#members.find((x) => x.info.id === id)
    if (!m) throw new Error(`no node ${id} (nodes: ${this.#members.map((x) => x.info.id).join(', ')})`)
    return m
  }

  async stopNode(id: number, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.#member(id).proc.stop(signal)
  }

  async pauseNode(id: number): Promise<void> {
    this.#member(id).proc.pause()
  }

  async resumeNode(id: number): Promise<void> {
    this.#member(id).proc.resume()
  }

  async startNode(id: number): Promise<void> {
    const { proc } = this.#member(id)
    proc.start()
    await pollUntil(
      `node ${id} to rejoin the cluster metadata`,
      async () =>
        (await registeredBrokerIds(this.bootstrap, undefined, this.version)).includes(id) ? true : undefined,
      { timeoutMs: 120_000, check: this.#assertRunning([proc]) },
    ).catch(async (err: Error) => {
      throw err instanceof NodeDiedError ? err : new Error(`${err.message}\n${await proc.describeFailure()}`)
    })
  }

  async waitForBrokers(count: number, timeoutMs = 60_000): Promise<void> {
    let seen: number[] = []
    await pollUntil(
      `exactly ${count} brokers in the metadata`,
      async () => {
        seen = await registeredBrokerIds(this.bootstrap, undefined, this.version)
        return seen.length === count ? true : undefined
      },
      { timeoutMs, check: this.#assertRunning(this.#members.map((m) => m.proc).filter((p) => p.running)) },
    ).catch(async (err: Error) => {
      if (err instanceof NodeDiedError) throw err
      const details = await Promise.all(this.#members.map((m) => m.proc.describeFailure(15)))
      throw new Error(`${err.message}; registered: [${seen.join(', ')}]\n${details.join('\n')}`)
    })
  }

  /** Fails fast, with the node's last log lines, when a JVM we are waiting for has died. */
  #assertRunning(procs: NodeProcess[]): () => Promise<void> {
    return async () => {
      for (const proc of procs) {
        if (!proc.running)
          throw new NodeDiedError(`Kafka node died unexpectedly: ${await proc.describeFailure()}`)
      }
    }
  }

  runTool(mainClass: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<ToolResult> {
    return runJava(mainClass, args, {
      version: this.version,
      libDir: this.libDir,
      logsDir: join(this.dir, 'tools'),
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    })
  }

  async describeGroups(groups: string[] | 'all'): Promise<GroupOffsetRow[]> {
    const args = describeGroupsArgs(this.bootstrap, groups)
    const result = await this.runTool(consumerGroupCommand(this.version), args)
    if (result.code !== 0 || /^Error:/m.test(result.stdout) || /^Error:/m.test(result.stderr)) {
      throw new Error(
        `ConsumerGroupCommand ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.stdout)}\n${tail(result.stderr)}`,
      )
    }
    return parseDescribeGroups(result.stdout)
  }

  async teardown(): Promise<void> {
    if (this.#tornDown) return
    this.#tornDown = true
    await Promise.all(this.#members.map((m) => m.proc.stop('SIGTERM', TEARDOWN_GRACE_MS)))
    this.stopGuard()
    await rm(this.dir, { recursive: true, force: true })
  }
}
