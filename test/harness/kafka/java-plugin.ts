import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { harnessDir, kafkaCacheDir } from './jars.js'

const execFileAsync = promisify(execFile)

/**
 * Compiles a test plugin for the broker (a class under plugins/, e.g. a SASL callback handler) against the Kafka
 * jars of `libDir` (and of `moreLibDirs`, e.g. Kafka Streams'), once per source and Kafka version, and returns a
 * classpath entry for StartOptions.classpath.
 */
export async function compilePlugin(
  source: string,
  version: string,
  libDir: string,
  moreLibDirs: readonly string[] = [],
): Promise<string> {
  const file = join(harnessDir, 'plugins', source)
  const hash = createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 12)
  const out = join(kafkaCacheDir(version), 'plugins', `${basename(source, '.java')}-${hash}`)
  if (existsSync(out)) return out
  const partial = `${out}.partial-${process.pid}`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true })
  try {
    const classpath = [libDir, ...moreLibDirs].map((d) => join(d, '*')).join(':')
    await execFileAsync('javac', ['-nowarn', '-cp', classpath, '-d', partial, file], {
      timeout: 120_000,
    })
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    const e = error as { stderr?: string }
    throw new Error(`javac ${source} failed: ${e.stderr ?? String(error)}`)
  }
  if (existsSync(out)) await rm(partial, { recursive: true, force: true })
  else await rename(partial, out)
  return out
}
