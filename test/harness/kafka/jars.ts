import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)
// Maven 3.8 emits colour resets even with -B.
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

export const DEFAULT_KAFKA_VERSION = '4.4.0'

export const harnessDir = dirname(fileURLToPath(import.meta.url))
export const repoRoot = resolve(harnessDir, '..', '..', '..')
const pomPath = join(harnessDir, 'pom.xml')

export function kafkaMajor(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10)
}

/** Kafka 3.x logs through the log4j 1 API (reload4j), 4.x through log4j2; see pom.xml. */
export function loggingBackend(version: string): 'log4j2' | 'reload4j' {
  return kafkaMajor(version) < 4 ? 'reload4j' : 'log4j2'
}

export function kafkaCacheDir(version: string): string {
  return join(repoRoot, '.cache', `kafka-${version}`)
}

/**
 * Returns a directory holding the full runtime classpath of Kafka `version` (use it as `<dir>/*`).
 * Maven runs only when the completion marker is missing, so an interrupted download is redone.
 */
export function ensureKafkaJars(
  version = process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION,
): Promise<string> {
  return copyDependencies({
    pom: pomPath,
    version,
    dir: 'lib',
    marker: '.complete',
    properties: [`-Dkafka.logging=${loggingBackend(version)}`],
    expect: `kafka_2.13-${version}`,
  })
}

/**
 * Kafka Streams `version` and what it needs beyond the broker's classpath (streams-pom.xml), for a Streams app run
 * with `<ensureKafkaJars dir>/*:<this dir>/*`.
 */
export function ensureStreamsJars(version: string): Promise<string> {
  return copyDependencies({
    pom: join(harnessDir, 'streams-pom.xml'),
    version,
    dir: 'streams',
    marker: '.streams-complete',
    properties: [],
    expect: `kafka-streams-${version}`,
  })
}

interface Classpath {
  readonly pom: string
  readonly version: string
  /** Under the version's cache dir. */
  readonly dir: string
  readonly marker: string
  readonly properties: readonly string[]
  /** Prefix of a jar that must be among those copied. */
  readonly expect: string
}

async function copyDependencies(c: Classpath): Promise<string> {
  const { version } = c
  if (!/^\d+\.\d+\.\d+([.-][\w.-]+)?$/.test(version))
    throw new Error(`invalid Kafka version ${JSON.stringify(version)}`)
  const cacheDir = kafkaCacheDir(version)
  const libDir = join(cacheDir, c.dir)
  const marker = join(cacheDir, c.marker)
  if (existsSync(marker) && existsSync(libDir)) return libDir

  await mkdir(cacheDir, { recursive: true })
  // Download next to the final dir and rename, so a concurrent reader never sees a half-filled lib dir.
  const partial = join(cacheDir, `${c.dir}.partial-${process.pid}`)
  await rm(partial, { recursive: true, force: true })
  const args = [
    '-B',
    '-q',
    '-f',
    c.pom,
    `-Dkafka.version=${version}`,
    ...c.properties,
    'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${partial}`,
  ]
  try {
    await execFileAsync('mvn', args, { cwd: cacheDir, maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 })
  } catch (err) {
    await rm(partial, { recursive: true, force: true })
    const e = err as { stdout?: string; stderr?: string; code?: number | string }
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`
      .replace(ansi, '')
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n')
    throw new Error(
      `could not fetch Kafka ${version} jars (exit ${e.code}): mvn ${args.join(' ')}\n${output}`,
    )
  }
  const jars = (await readdir(partial)).filter((f) => f.endsWith('.jar'))
  if (!jars.some((j) => j.startsWith(c.expect))) {
    await rm(partial, { recursive: true, force: true })
    throw new Error(`mvn finished but ${partial} has no ${c.expect}.jar (got ${jars.length} jars)`)
  }
  if (existsSync(marker)) {
    // Another process finished first; keep its copy.
    await rm(partial, { recursive: true, force: true })
    return libDir
  }
  await rm(libDir, { recursive: true, force: true })
  await rename(partial, libDir)
  await writeFile(marker, `${version}\n`)
  return libDir
}
