import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./auth-flood-client.mjs', import.meta.url))

export interface LegitClient {
  readonly role: 'legit'
  readonly port: number
  readonly ms: number
  /** Loopback address to connect from. */
  readonly from: string
  /** Pause between scrapes. */
  readonly everyMs: number
  /** "user:password". */
  readonly auth: string
}

export interface FloodClients {
  readonly role: 'flood'
  readonly port: number
  readonly ms: number
  /** Pause after each answer; 0 floods as fast as the server answers. */
  readonly pauseMs: number
  readonly clients: readonly {
    /** 1-255: tells the clients' guesses (and rotating addresses) apart. */
    readonly id: number
    /** Loopback address to connect from, or "rotating" for a fresh one every request. */
    readonly from: string
  }[]
}

/** Runs auth-flood-client.mjs in a process of its own: each latency in ms (negative when not 200). */
export function runClient(opts: LegitClient): Promise<number[]>
/** Runs auth-flood-client.mjs in a process of its own: per client, how often each status came back. */
export function runClient(opts: FloodClients): Promise<Record<string, number>[]>
export async function runClient(opts: LegitClient | FloodClients): Promise<unknown> {
  const child = spawn(process.execPath, [SCRIPT, JSON.stringify(opts)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let stdout = ''
  child.stdout.on('data', (d) => {
    stdout += String(d)
  })
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`auth-flood-client exited with ${code}`)
  return JSON.parse(stdout)
}
