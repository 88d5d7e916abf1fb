import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { describeError, KafkascopeError } from '../../src/errors.js'
import { flushOutput, quietOnError, writeOutput } from '../../src/stdio.js'

/** A stream whose writes complete only when the test says so, like a pipe whose reader is slow. */
function slowStream() {
  const pending: (() => void)[] = []
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      pending.push(() => callback())
    },
  })
  const release = () => {
    for (const complete of pending.splice(0)) complete()
  }
  return { stream, release }
}

function failingStream(code: string, message: string): Writable {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(message), { code }))
    },
  })
  quietOnError(stream)
  return stream
}

const settled = async (p: Promise<unknown>) => {
  let done = false
  void p.then(
    () => {
      done = true
    },
    () => {
      done = true
    },
  )
  await new Promise((r) => setImmediate(r))
  return done
}

describe('writeOutput', () => {
  it('resolves only once the stream has taken every byte', async () => {
    const { stream, release } = slowStream()
    const written = writeOutput(stream, 'x'.repeat(100_000))
    expect(await settled(written)).toBe(false)
    release()
    await expect(written).resolves.toBeUndefined()
  })

  it('resolves quietly when the reader has closed the pipe (EPIPE), and for writes after that', async () => {
    const stream = failingStream('EPIPE', 'write EPIPE')
    await expect(writeOutput(stream, 'table')).resolves.toBeUndefined()
    expect(stream.destroyed).toBe(true)
    await expect(writeOutput(stream, 'more')).resolves.toBeUndefined()
  })

  it('rejects with a coded error naming the cause for other failures', async () => {
    const error = await writeOutput(failingStream('EIO', 'EIO: i/o error, write'), 'table').catch((e) => e)
    expect(error).toBeInstanceOf(KafkascopeError)
    expect(error.code).toBe('KSC_OUTPUT_WRITE')
    expect(describeError(error)).toBe('failed to write the output: EIO: i/o error, write')
  })

  it('rejects when a synchronous write (a file) throws', async () => {
    const stream = {
      write: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      },
    } as unknown as NodeJS.WritableStream
    const error = await writeOutput(stream, 'table').catch((e) => e)
    expect(describeError(error)).toBe('failed to write the output: ENOSPC: no space left on device, write')
  })
})

describe('flushOutput', () => {
  it('waits for earlier writes to complete', async () => {
    const { stream, release } = slowStream()
    stream.write('log line\n')
    const flushed = flushOutput(stream, Number.POSITIVE_INFINITY)
    expect(await settled(flushed)).toBe(false)
    release()
    await new Promise((r) => setImmediate(r))
    release()
    await expect(flushed).resolves.toBeUndefined()
  })

  it('returns at once when nothing is pending, and gives up after the bound when the reader is stuck', async () => {
    const { stream } = slowStream()
    await expect(flushOutput(stream, 0)).resolves.toBeUndefined()
    stream.write('stuck\n')
    const started = Date.now()
    await flushOutput(stream, 50)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
  })
})
