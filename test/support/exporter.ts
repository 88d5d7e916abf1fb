import { parseInvocation } from '../../src/config/parse.js'
import { type Daemon, startDaemon } from '../../src/daemon.js'
import { createLogger } from '../../src/log.js'
import { parseExposition, type Sample } from './exposition.js'

export interface RunningExporter {
  readonly url: string
  readonly logs: string[]
  scrape(): Promise<Sample[]>
  /** Scrapes until `probe` returns a value (not undefined); fails with the last scrape's relevant lines. */
  waitFor<T>(what: string, probe: (samples: Sample[]) => T | undefined, timeoutMs?: number): Promise<T>
  stop(): Promise<void>
}

/** Starts the real daemon in-process on a free port with the given flags (as a user would pass them). */
export async function startExporter(flags: string[]): Promise<RunningExporter> {
  const invocation = parseInvocation(['--web.listen-address=127.0.0.1:0', '--log.format=json', ...flags])
  if (invocation.kind !== 'run') throw new Error('expected a run invocation')
  const logs: string[] = []
  const log = createLogger({ level: 'debug', format: 'json' }, (line) => {
    logs.push(line)
  })
  const daemon: Daemon = await startDaemon(invocation.config, log)
  const { port } = daemon.addresses[0] as { port: number }
  const url = `http://127.0.0.1:${port}`
  const scrape = async () => {
    const res = await fetch(`${url}/metrics`)
    if (!res.ok) throw new Error(`scrape failed: ${res.status}`)
    return parseExposition(await res.text())
  }
  return {
    url,
    logs,
    scrape,
    async waitFor(what, probe, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      let last: Sample[] = []
      for (;;) {
        last = await scrape()
        const v = probe(last)
        if (v !== undefined) return v
        if (Date.now() > deadline) {
          const kafka = last.filter(
            (s) => s.name.startsWith('kafkascope_collector') || s.name === 'kafkascope_up',
          )
          throw new Error(`timed out waiting for ${what}; exporter health: ${JSON.stringify(kafka)}`)
        }
        await new Promise((r) => setTimeout(r, 200))
      }
    },
    stop: () => daemon.stop(),
  }
}

/** The bootstrap flags for a "h:p,h:p" list. */
export function serverFlags(bootstrap: string): string[] {
  return bootstrap.split(',').map((b) => `--kafka.server=${b}`)
}
