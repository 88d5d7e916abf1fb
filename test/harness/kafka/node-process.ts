import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brokerJvmArgs, javaBin, tailFile, trackChild } from './jvm.js'

export interface NodeSpec {
  id: number
  version: string
  libDir: string
  /** Extra classpath entries (StartOptions.classpath). */
  classpath?: readonly string[]
  /** Holds server.properties, logs/, data/, stdout.log and jvm.pid. */
  dir: string
}

/** One broker+controller JVM that can be stopped and started again with the same command line. */
export class NodeProcess {
  #child: ChildProcess | undefined
  #exited: Promise<void> = Promise.resolve()
  #exitInfo = ''
  #paused = false

  constructor(readonly spec: NodeSpec) {}

  get running(): boolean {
    return this.#child !== undefined
  }

  get propertiesPath(): string {
    return join(this.spec.dir, 'server.properties')
  }

  /** Resolves when the current JVM has exited (immediately if none runs). */
  get exited(): Promise<void> {
    return this.#exited
  }

  start(): void {
    if (this.#child) throw new Error(`node ${this.spec.id} is already running (pid ${this.#child.pid})`)
    const { version, libDir, dir, classpath } = this.spec
    const out = openSync(join(dir, 'stdout.log'), 'a')
    let child: ChildProcess
    try {
      const args = [
        ...brokerJvmArgs(version, libDir, join(dir, 'logs'), classpath),
        'kafka.Kafka',
        this.propertiesPath,
      ]
      // The JVM writes straight into the file, so no pipe can fill up and block the broker.
      child = spawn(javaBin(), args, { cwd: dir, stdio: ['ignore', out, out] })
    } finally {
      closeSync(out)
    }
    trackChild(child)
    this.#child = child
    this.#exitInfo = ''
    if (child.pid !== undefined) writeFileSync(this.pidPath, `${child.pid}\n`)
    this.#exited = new Promise((resolve) => {
      const done = (info: string) => {
        if (this.#child !== child) return
        this.#child = undefined
        this.#exitInfo = info
        rmSync(this.pidPath, { force: true })
        resolve()
      }
      child.once('exit', (code, signal) => done(signal ? `killed by ${signal}` : `exited with code ${code}`))
      child.once('error', (err) => done(`failed to spawn: ${err.message}`))
    })
  }

  get paused(): boolean {
    return this.#paused
  }

  /**
   * SIGSTOP: the JVM freezes with its sockets open, so the kernel still accepts connections and takes requests that
   * nothing answers (a GC pause, a hung host). resume() sends SIGCONT.
   */
  pause(): void {
    if (!this.#child) throw new Error(`node ${this.spec.id} is not running`)
    this.#child.kill('SIGSTOP')
    this.#paused = true
  }

  resume(): void {
    if (!this.#child || !this.#paused) return
    this.#child.kill('SIGCONT')
    this.#paused = false
  }

  /** Sends `signal`; a SIGTERM that does not finish within `graceMs` is followed by SIGKILL. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', graceMs = 60_000): Promise<void> {
    const child = this.#child
    if (!child) return
    child.kill(signal)
    // A frozen JVM cannot act on SIGTERM until it runs again.
    this.resume()
    if (signal === 'SIGKILL') return this.#exited
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs)
    })
    const escalate = await Promise.race([this.#exited.then(() => false), timedOut])
    clearTimeout(timer)
    if (escalate) {
      child.kill('SIGKILL')
      await this.#exited
    }
  }

  /** Why the last JVM ended, e.g. 'exited with code 1'; empty while running. */
  get exitInfo(): string {
    return this.#exitInfo
  }

  get pidPath(): string {
    return join(this.spec.dir, 'jvm.pid')
  }

  async describeFailure(lines = 40): Promise<string> {
    const [log, out] = await Promise.all([
      tailFile(join(this.spec.dir, 'logs', 'server.log'), lines),
      tailFile(join(this.spec.dir, 'stdout.log'), lines),
    ])
    const state = this.running ? 'running' : this.#exitInfo || 'not started'
    return `node ${this.spec.id} (${state}), ${this.spec.dir}\n--- server.log ---\n${log}\n--- stdout.log ---\n${out}`
  }
}
