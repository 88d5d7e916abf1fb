import { spawn } from 'node:child_process'

// process.on('exit') does not run when the test process is SIGKILLed (OOM killer, CI timeout), which would
// leave three JVMs behind. This detached shell outlives us, notices that our pid is gone and kills the JVMs
// whose pid files are still in the cluster dir (checking the command line, so a recycled pid is spared).
const script = `
parent="$1"; dir="$2"
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
for f in "$dir"/*/jvm.pid; do
  [ -f "$f" ] || continue
  pid="$(cat "$f")"
  if tr '\\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir"; then kill -9 "$pid"; fi
done
rm -rf -- "$dir"
`

export interface OrphanGuard {
  stop(): void
}

export function startOrphanGuard(clusterDir: string): OrphanGuard {
  const child = spawn('bash', ['-c', script, 'kafka-orphan-guard', String(process.pid), clusterDir], {
    detached: true,
    stdio: 'ignore',
  })
  child.unref()
  return {
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    },
  }
}
