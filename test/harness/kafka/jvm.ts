import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { harnessDir, loggingBackend } from './jars.js'

export interface ToolResult {
  code: number
  stdout: string
  stderr: string
}

export function javaBin(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java'
}

/** JVM flags selecting the harness logging config; everything is written to `<logsDir>/server.log`. */
export function loggingArgs(version: string, logsDir: string, level: 'INFO' | 'WARN'): string[] {
  const config =
    loggingBackend(version) === 'log4j2'
      ? `-Dlog4j2.configurationFile=${join(harnessDir, 'log4j2.properties')}`
      : `-Dlog4j.configuration=file:${join(harnessDir, 'log4j.properties')}`
  return [config, `-Dkafka.logs.dir=${logsDir}`, `-Dkafkascope.log.level=${level}`]
}

// C1 only: on 2 cores, C2 compilation competes with three brokers and buys nothing in short tests.
const commonJvmFlags = ['-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', '-XX:+ExitOnOutOfMemoryError']

export function brokerJvmArgs(
  version: string,
  libDir: string,
  logsDir: string,
  classpath: readonly string[] = [],
): string[] {
  return [
    '-Xms128m',
    '-Xmx384m',
    '-XX:+UseG1GC',
    ...commonJvmFlags,
    ...loggingArgs(version, logsDir, 'INFO'),
    '-cp',
    [join(libDir, '*'), ...classpath].join(':'),
  ]
}

export interface RunJavaOptions {
  version: string
  libDir: string
  logsDir: string
  timeoutMs?: number
}

/** Runs a short-lived Kafka CLI class and collects its output (the tool's own logging goes to a file). */
export async function runJava(
  mainClass: string,
  args: string[],
  { version, libDir, logsDir, timeoutMs = 60_000 }: RunJavaOptions,
): Promise<ToolResult> {
  await mkdir(logsDir, { recursive: true })
  const jvmArgs = [
    '-Xmx256m',
    '-XX:+UseSerialGC',
    ...commonJvmFlags,
    ...loggingArgs(version, logsDir, 'WARN'),
    '-cp',
    join(libDir, '*'),
  ]
  const child = spawn(javaBin(), [...jvmArgs, mainClass, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
  })
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)))
    })
    if (timedOut) {
      throw new Error(
        `${mainClass} ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`,
      )
    }
    return { code, stdout, stderr }
  } finally {
    clearTimeout(timer)
  }
}

const liveChildren = new Set<ChildProcess>()
let exitHookInstalled = false

/**
 * Remembers a child so that a test run which exits without teardown (crash, process.exit) still kills it.
 * The 'exit' event only allows synchronous work, which kill() is.
 */
export function trackChild(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.on('exit', () => {
      for (const c of liveChildren) c.kill('SIGKILL')
    })
  }
  liveChildren.add(child)
  child.once('exit', () => liveChildren.delete(child))
}

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

export async function tailFile(path: string, lines = 40): Promise<string> {
  if (!existsSync(path)) return `(no ${path})`
  return tail(await readFile(path, 'utf8'), lines)
}
