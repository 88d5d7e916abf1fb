import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadedFrom, SRC } from '../support/source-graph.js'

/**
 * The daemon's main thread only answers HTTP; its poll worker speaks Kafka. Loading the Kafka client library (and
 * the collectors, which bring it) in the main thread as well cost ~45 MiB of RSS and half a second of start-up for
 * nothing (bench/README.md, "The main thread without the Kafka client"). What runs there is what src/cli.ts loads
 * statically; the one-shot commands and the in-thread engine of the tests are imported dynamically, when used.
 */
describe('the main thread', () => {
  const main = loadedFrom(join(SRC, 'cli.ts'))
  const worker = loadedFrom(join(SRC, 'poll-worker.ts'))
  const files = (set: Set<string>) => [...set].map((f) => relative(SRC, f))

  it('is read from the source: the daemon, its HTTP server and its logger are loaded', () => {
    expect(files(main.files)).toEqual(expect.arrayContaining(['daemon.ts', 'http/server.ts', 'log.ts']))
    expect(main.packages).toContain('pino')
  })

  it('does not load the Kafka client library, the engine, the collectors or the Kafka connections', () => {
    expect([...main.packages]).not.toContain('@platformatic/kafka')
    const speaking = files(main.files).filter(
      (f) =>
        f.startsWith('collect/collectors/') ||
        ['engine/engine.ts', 'collect/poll.ts', 'kafka/client.ts', 'kafka/broker-link.ts'].includes(f),
    )
    expect(speaking).toEqual([])
  })

  it('would be caught loading it: the poll worker does', () => {
    expect(worker.packages).toContain('@platformatic/kafka')
    expect(files(worker.files)).toEqual(expect.arrayContaining(['engine/engine.ts', 'kafka/client.ts']))
  })
})
