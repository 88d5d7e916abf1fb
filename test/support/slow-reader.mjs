// A reader slower than its writer, as `| jq` or `| less` on a busy machine are: it waits before its first read, so
// the writer fills the pipe's buffer (64 KiB on Linux), then reads 4 KiB at a time with a pause after each read.
// It copies what it reads to its own stdout. Blocking reads keep it a plain loop.
import { readSync, writeSync } from 'node:fs'

const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
const buffer = Buffer.alloc(4096)
pause(300)
for (;;) {
  let n
  try {
    n = readSync(0, buffer, 0, buffer.length, null)
  } catch (error) {
    if (error.code === 'EAGAIN') {
      pause(5)
      continue
    }
    throw error
  }
  if (n === 0) break
  writeSync(1, buffer.subarray(0, n))
  pause(5)
}
