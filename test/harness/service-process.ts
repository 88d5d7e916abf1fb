import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tailFile, trackChild } from './kafka/jvm.js'
import { pollUntil } from './kafka/metadata.js'

/** A Prometheus-ecosystem server (Prometheus, Alertmanager) run from its Debian binary in its own temp dir. */
export interface ServiceProcess {
  readonly url: string
  readonly dir: string
  /** The last lines of its output, for failure messages. */
  output(lines?: number): Promise<string>
  /** SIGTERM, SIGKILL after a grace period, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>
}

export interface ServiceSpec {
  /** Short name for the temp dir and messages, e.g. 'prometheus'. */
  readonly name: string
  readonly bin: string
  readonly port: number
  /** Files to write into the temp dir before start, by file name. */
  readonly files: Readonly<Record<string, string>>
  /** Command-line arguments; receives the temp dir. */
  readonly args: (dir: string) => string[]
  readonly readyTimeoutMs?: number
}

// A detached shell outlives a SIGKILLed test worker (where no exit hook runs) and then kills the server and removes
// its dir, checking the command line so a recycled pid is spared.
const GUARD = `
parent="$1"; pid="$2"; dir="$3"
while kill -0 "$parent" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
if kill -0 "$pid" 2>/dev/null && tr '\\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir"; then kill -9 "$pid"; fi
rm -rf -- "$dir"
`

export async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  const dir = mkdtempSync(join(tmpdir(), `kafkascope-${spec.name}-`))
  for (const [file, content] of Object.entries(spec.files)) writeFileSync(join(dir, file), content)
  const logPath = join(dir, 'output.log')
  const out = openSync(logPath, 'a')
  let child: ChildProcess
  try {
    // Output goes straight to a file, so a chatty server can never block on a full pipe.
    child = spawn(spec.bin, spec.args(dir), { cwd: dir, stdio: ['ignore', out, out] })
  } finally {
    closeSync(out)
  }
  trackChild(child)
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`))
    child.once('error', (err) => resolve(`failed to spawn: ${err.message}`))
  })
  let exitInfo: string | undefined
  void exited.then((info) => {
    exitInfo = info
  })
  const guard = spawn(
    'bash',
    ['-c', GUARD, `${spec.name}-guard`, String(process.pid), String(child.pid), dir],
    {
      detached: true,
      stdio: 'ignore',
    },
  )
  guard.unref()

  const url = `http://127.0.0.1:${spec.port}`
  const output = (lines = 40) => tailFile(logPath, lines)
  let stopped: Promise<void> | undefined
  const stop = () => {
    stopped ??= (async () => {
      if (exitInfo === undefined) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    })()
    return stopped
  }

  try {
    await pollUntil(
      `${spec.name} ready on ${url}`,
      async () => {
        const res = await fetch(`${url}/-/ready`)
        return res.ok ? true : undefined
      },
      {
        timeoutMs: spec.readyTimeoutMs ?? 60_000,
        check: async () => {
          if (exitInfo !== undefined) throw new Error(`${spec.name} ${exitInfo}:\n${await output()}`)
        },
      },
    )
  } catch (err) {
    const log = await output()
    await stop()
    throw new Error(
      `failed to start ${spec.name}: ${err instanceof Error ? err.message : String(err)}\n${log}`,
    )
  }
  return { url, dir, output, stop }
}
