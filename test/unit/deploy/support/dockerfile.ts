import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { REPO } from './manifests.js'

/**
 * A small reader of the repository's Dockerfile, enough to check it and to rebuild its runtime stage in a
 * directory without a Docker engine: the tests then run exactly the ENTRYPOINT, CMD and HEALTHCHECK of the image.
 */
export interface Instruction {
  readonly keyword: string
  /** Leading --name=value options (--from, --mount, --interval, ...). */
  readonly options: Readonly<Record<string, string>>
  readonly rest: string
  readonly line: number
}

export interface Stage {
  readonly image: string
  readonly name: string | undefined
  readonly instructions: readonly Instruction[]
}

export interface Dockerfile {
  /** ARGs before the first FROM, with their defaults. */
  readonly globalArgs: Readonly<Record<string, string>>
  readonly stages: readonly Stage[]
}

export function readDockerfile(path = join(REPO, 'Dockerfile')): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'))
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {}
  const stages: { image: string; name: string | undefined; instructions: Instruction[] }[] = []
  for (const ins of logicalLines(text)) {
    if (ins.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.rest)
      if (!m) throw new Error(`line ${ins.line}: cannot read FROM ${ins.rest}`)
      stages.push({ image: substitute(m[1] as string, globalArgs), name: m[2], instructions: [] })
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`line ${ins.line}: ${ins.keyword} before FROM`)
      const [k, v = ''] = ins.rest.split('=', 2) as [string, string?]
      globalArgs[k] = v
    } else {
      stages.at(-1)?.instructions.push(ins)
    }
  }
  return { globalArgs, stages }
}

function logicalLines(text: string): Instruction[] {
  const out: Instruction[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const start = i
    let line = lines[i] as string
    if (/^\s*(#|$)/.test(line)) continue
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++
      const next = lines[i] as string
      if (/^\s*#/.test(next)) continue
      line = `${line.slice(0, -1)} ${next.trim()}`
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line)
    if (!m) throw new Error(`line ${start + 1}: cannot read ${line}`)
    let rest = (m[2] as string).trim()
    const options: Record<string, string> = {}
    for (let o = /^--([a-z-]+)=(\S+)\s*/.exec(rest); o; o = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
      options[o[1] as string] = o[2] as string
      rest = rest.slice(o[0].length)
    }
    out.push({ keyword: (m[1] as string).toUpperCase(), options, rest, line: start + 1 })
  }
  return out
}

function substitute(text: string, args: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => args[name] ?? '')
}

/** The JSON (exec) form of ENTRYPOINT, CMD, HEALTHCHECK CMD; undefined for the shell form. */
export function execForm(rest: string): string[] | undefined {
  if (!rest.startsWith('[')) return undefined
  const parsed = JSON.parse(rest) as unknown
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) return undefined
  return parsed as string[]
}

/** key=value pairs of LABEL and ENV, values optionally double-quoted. */
export function keyValues(rest: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /([A-Za-z0-9_.-]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*/gy
  for (let m = re.exec(rest); m; m = re.exec(rest)) out[m[1] as string] = m[2] ?? m[3] ?? ''
  if (re.lastIndex !== 0 && re.lastIndex < rest.length)
    throw new Error(`cannot read key=value pairs: ${rest}`)
  return out
}

export function find(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword)
}

/** The last of an instruction in a stage (Docker uses the last ENTRYPOINT, CMD, HEALTHCHECK, USER). */
export function last(stage: Stage, keyword: string): Instruction | undefined {
  return find(stage, keyword).at(-1)
}

/** What `docker run` would run, from the final stage. */
export interface ImageConfig {
  readonly workdir: string
  readonly user: string | undefined
  readonly env: Readonly<Record<string, string>>
  readonly entrypoint: readonly string[]
  readonly cmd: readonly string[]
  readonly healthcheck: readonly string[] | undefined
  readonly exposed: readonly string[]
  readonly labels: Readonly<Record<string, string>>
}

export function imageConfig(file: Dockerfile): ImageConfig {
  const stage = file.stages.at(-1)
  if (!stage) throw new Error('the Dockerfile has no stage')
  // As in Docker: an ARG from before FROM is visible in a stage only when the stage declares it again.
  const args: Record<string, string> = {}
  const env: Record<string, string> = {}
  const labels: Record<string, string> = {}
  let workdir = '/'
  for (const ins of stage.instructions) {
    if (ins.keyword === 'ARG') {
      const [k, v] = ins.rest.split('=', 2) as [string, string?]
      args[k] = v ?? file.globalArgs[k] ?? ''
    } else if (ins.keyword === 'ENV') Object.assign(env, keyValues(ins.rest))
    else if (ins.keyword === 'LABEL') {
      for (const [k, v] of Object.entries(keyValues(ins.rest))) labels[k] = substitute(v, args)
    } else if (ins.keyword === 'WORKDIR') workdir = posix.resolve(workdir, ins.rest)
  }
  const health = last(stage, 'HEALTHCHECK')
  return {
    workdir,
    user: last(stage, 'USER')?.rest,
    env,
    entrypoint: execForm(last(stage, 'ENTRYPOINT')?.rest ?? '') ?? [],
    cmd: execForm(last(stage, 'CMD')?.rest ?? '[]') ?? [],
    healthcheck:
      health && /^CMD\s+/.test(health.rest) ? execForm(health.rest.replace(/^CMD\s+/, '')) : undefined,
    exposed: find(stage, 'EXPOSE').flatMap((i) => i.rest.split(/\s+/)),
    labels,
  }
}

/** The .dockerignore rules: a path is sent to the builder unless the last pattern matching it (or a parent) excludes it. */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const include = l.startsWith('!')
      const pattern = posix.normalize(l.slice(include ? 1 : 0)).replace(/\/$/, '')
      return { include, re: globToRegExp(pattern) }
    })
  return (path: string) => {
    const parts = posix.normalize(path).split('/')
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'))
    let sent = true
    for (const r of rules) if (prefixes.some((p) => r.re.test(p))) sent = r.include
    return sent
  }
}

function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*'
      i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/**
 * Rebuilds the final stage in `dir` (which stands for its WORKDIR): COPY from the build context (the repository),
 * COPY --from=<stage> (a build stage's WORKDIR stands for the repository after `npm run build`), and each RUN as
 * written, with npm preferring its local cache. Any other file-changing instruction fails, so the emulation
 * cannot silently drift from the Dockerfile.
 */
export function materialize(file: Dockerfile, dir: string): void {
  const stage = file.stages.at(-1) as Stage
  const workdirOf = (s: Stage) => posix.resolve('/', last(s, 'WORKDIR')?.rest ?? '/')
  const workdir = workdirOf(stage)
  const target = (dest: string) => join(dir, posix.relative(workdir, posix.resolve(workdir, dest)))
  for (const ins of stage.instructions) {
    switch (ins.keyword) {
      case 'COPY': {
        const words = ins.rest.split(/\s+/)
        const dest = words.pop() as string
        const from = ins.options.from
        for (const src of words) {
          let source: string
          if (from === undefined) source = join(REPO, src)
          else {
            const built = file.stages.find((s) => s.name === from)
            if (!built) throw new Error(`line ${ins.line}: no stage named ${from}`)
            source = join(REPO, posix.relative(workdirOf(built), src))
          }
          if (!existsSync(source))
            throw new Error(`line ${ins.line}: ${source} does not exist (npm run build?)`)
          const to = dest.endsWith('/') ? join(target(dest), posix.basename(src)) : target(dest)
          mkdirSync(dirname(to), { recursive: true })
          cpSync(source, to, { recursive: true })
        }
        break
      }
      case 'RUN':
        execFileSync('sh', ['-c', ins.rest], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
        })
        break
      case 'ARG':
      case 'ENV':
      case 'LABEL':
      case 'WORKDIR':
      case 'USER':
      case 'EXPOSE':
      case 'HEALTHCHECK':
      case 'ENTRYPOINT':
      case 'CMD':
        break
      default:
        throw new Error(`line ${ins.line}: the emulation does not know ${ins.keyword}`)
    }
  }
}
