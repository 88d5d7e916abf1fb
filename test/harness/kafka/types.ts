import type { GroupOffsetRow } from './consumer-groups.js'
import type { ToolResult } from './jvm.js'
import type { ExtraListener } from './properties.js'

export type { ExtraListener, GroupOffsetRow, ToolResult }

export interface KafkaNode {
  id: number
  host: string
  /** PLAINTEXT client port. */
  port: number
  controllerPort: number
  running: boolean
  /** Frozen with SIGSTOP (pauseNode) and not yet resumed. */
  paused: boolean
  /** Ports of StartOptions.extraListeners on this node, by listener name. */
  extraPorts: Record<string, number>
}

export interface StartOptions {
  /** Default 3 (each node is broker and controller, so 3 tolerates one node down). */
  nodes?: number
  /** Default $KAFKA_VERSION, else 4.4.0. */
  version?: string
  /** Overrides/additions to every node's server.properties. */
  brokerProps?: Record<string, string>
  /** Hook for SASL/TLS client listeners; inter-broker traffic stays on PLAINTEXT. */
  extraListeners?: ExtraListener[]
  /** Extra `StorageTool format` arguments, e.g. ['--add-scram', 'SCRAM-SHA-512=[name=alice,password=secret]']. */
  formatArgs?: string[]
  /** Extra classpath entries for the brokers, e.g. a test plugin compiled by java-plugin.ts. */
  classpath?: string[]
  /** Default 180 s: three JVMs sharing two cores. */
  startTimeoutMs?: number
}

export interface ClusterState {
  bootstrap: string
  version: string
  libDir: string
  nodes: KafkaNode[]
}

/** What tests can do with a cluster, whether it runs in this process or behind the control server. */
export interface KafkaClusterControl {
  readonly bootstrap: string
  readonly version: string
  state(): Promise<ClusterState>
  /** Resolves when the JVM has exited. SIGTERM = controlled shutdown, SIGKILL = crash. */
  stopNode(id: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** SIGSTOP: the node keeps its sockets open but answers nothing, as in a long GC pause or a hung host. */
  pauseNode(id: number): Promise<void>
  /** SIGCONT after pauseNode; resolves at once (the node catches up on its own). */
  resumeNode(id: number): Promise<void>
  /** Same command line, no re-format; resolves when the node is back in the cluster metadata. */
  startNode(id: number): Promise<void>
  /** Polls the metadata until exactly `count` brokers are registered. */
  waitForBrokers(count: number, timeoutMs?: number): Promise<void>
  /** `java -cp <lib>/* mainClass args`; the tool's log4j output goes to a file, not to stderr. */
  runTool(mainClass: string, args: string[], opts?: { timeoutMs?: number }): Promise<ToolResult>
  /**
   * Kafka's own ConsumerGroupCommand --describe, as an oracle for offsets and lag. Throws when the tool
   * reports an error (e.g. a named group does not exist); 'all' on a cluster without groups gives [].
   */
  describeGroups(groups: string[] | 'all'): Promise<GroupOffsetRow[]>
}

export interface KafkaCluster extends KafkaClusterControl {
  readonly nodes: readonly KafkaNode[]
  readonly libDir: string
  /** Kills only this cluster's JVMs (SIGTERM, then SIGKILL after a few seconds) and removes its temp dir. */
  teardown(): Promise<void>
}
