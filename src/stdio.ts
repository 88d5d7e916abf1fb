import { KafkascopeError } from './errors.js'

/**
 * Output that arrives whole. A pipe takes 64 KiB at once; Node keeps the rest and hands it over as the reader
 * reads, so process.exit() right after a write cuts `kafkascope describe | jq` at 65,536 bytes. Commands therefore
 * wait for their writes to complete before the process exits. A reader that stops early (`| head`) closes the pipe:
 * the write fails with EPIPE and kafkascope ends as if the output had been read, quietly and with its usual code —
 * the reader chose to stop, which is no failure of kafkascope's (and `set -o pipefail` scripts keep working).
 */

type Output = NodeJS.WritableStream & { readonly writableLength?: number }

/** The reader closed the pipe (EPIPE), or we wrote after that to the stream it destroyed. */
function readerGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED'
}

/**
 * A closed reader must never crash the process with an unhandled 'error' event (Node ignores SIGPIPE, so a write
 * to a closed pipe fails with EPIPE). Each write's callback still sees its error; writeOutput reports those.
 */
export function quietOnError(stream: Output): void {
  stream.on('error', () => {})
}

/** Resolves once the OS has every byte of `text`, or the reader has gone; rejects when the write failed otherwise. */
export function writeOutput(stream: Output, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => {
      if (!error || readerGone(error)) resolve()
      else reject(new KafkascopeError('KSC_OUTPUT_WRITE', 'failed to write the output', { cause: error }))
    }
    try {
      stream.write(text, done)
    } catch (error) {
      // A file is written synchronously, and its errors (ENOSPC, EIO) are thrown here.
      done(error as Error)
    }
  })
}

/**
 * Resolves when every earlier write to `stream` has completed (or failed), or after `withinMs`. An empty write
 * is queued behind the others, so its callback runs last.
 */
export function flushOutput(stream: Output, withinMs: number): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = Number.isFinite(withinMs) ? setTimeout(resolve, withinMs) : undefined
    try {
      stream.write('', () => {
        clearTimeout(timer)
        resolve()
      })
    } catch {
      resolve()
    }
  })
}
