import { inject } from 'vitest'
import type { ClusterState, GroupOffsetRow, KafkaClusterControl, ToolResult } from './types.js'
import './provided.js'

export type KafkaClusterHandle = KafkaClusterControl

/** The shared cluster started by test/harness/global-setup.ts, driven through its control server. */
export function connectCluster(): KafkaClusterHandle {
  return new RemoteCluster(inject('kafkaControlUrl'), inject('kafkaBootstrap'), inject('kafkaVersion'))
}

class RemoteCluster implements KafkaClusterControl {
  constructor(
    private readonly url: string,
    readonly bootstrap: string,
    readonly version: string,
  ) {}

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    })
    const payload = (await res.json()) as T & { error?: string }
    if (!res.ok) throw new Error(`kafka control ${method} ${path}: ${payload.error ?? res.statusText}`)
    return payload
  }

  state(): Promise<ClusterState> {
    return this.#call('GET', '/state')
  }

  async stopNode(id: number, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.#call('POST', `/nodes/${id}/stop?signal=${signal}`)
  }

  async pauseNode(id: number): Promise<void> {
    await this.#call('POST', `/nodes/${id}/pause`)
  }

  async resumeNode(id: number): Promise<void> {
    await this.#call('POST', `/nodes/${id}/resume`)
  }

  async startNode(id: number): Promise<void> {
    await this.#call('POST', `/nodes/${id}/start`)
  }

  async waitForBrokers(count: number, timeoutMs?: number): Promise<void> {
    const timeout = timeoutMs === undefined ? '' : `&timeoutMs=${timeoutMs}`
    await this.#call('POST', `/wait-brokers?count=${count}${timeout}`)
  }

  runTool(mainClass: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<ToolResult> {
    return this.#call('POST', '/tool', { mainClass, args, ...opts })
  }

  describeGroups(groups: string[] | 'all'): Promise<GroupOffsetRow[]> {
    return this.#call('POST', '/describe-groups', { groups })
  }
}
