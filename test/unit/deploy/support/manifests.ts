import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import type { K8sObject } from './schemas.js'

export const REPO = new URL('../../../../', import.meta.url).pathname

/** Every object of a multi-document YAML stream (empty documents skipped); a YAML error throws. */
export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`)
    const value = doc.toJS() as K8sObject | null
    return value === null ? [] : [value]
  })
}

let gobin: string | undefined

/** Where `go install` put a tool: GOBIN, else GOPATH/bin. */
function goBin(name: string): string | undefined {
  try {
    if (gobin === undefined) {
      const [bin, path] = execFileSync('go', ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8' }).split('\n')
      gobin = bin?.trim() || join(path?.trim() ?? '', 'bin')
    }
    const bin = join(gobin, name)
    return existsSync(bin) ? bin : undefined
  } catch {
    return undefined
  }
}

function onPath(name: string, args: string[]): boolean {
  try {
    execFileSync(name, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function run(bin: string, args: string[]): string {
  try {
    return execFileSync(bin, args, {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    })
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string }
    throw new Error(`${bin} ${args.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`)
  }
}

/** `kustomize build <dir>` with the pinned kustomize of scripts/install-test-deps.sh, else `kubectl kustomize`. */
export function kustomize(dir: string): string {
  const bin = goBin('kustomize')
  if (bin) return run(bin, ['build', dir])
  if (onPath('kubectl', ['version', '--client'])) return run('kubectl', ['kustomize', dir])
  throw new Error('neither kustomize nor kubectl found: run bash scripts/install-test-deps.sh')
}

/** `kubectl kustomize <dir>` where kubectl is installed (it embeds its own kustomize); undefined otherwise. */
export function kubectlKustomize(dir: string): string | undefined {
  return onPath('kubectl', ['version', '--client']) ? run('kubectl', ['kustomize', dir]) : undefined
}

/** The helm that scripts/install-test-deps.sh builds from the Go module proxy (or one on PATH). */
export function helm(args: string[]): string {
  const bin = goBin('helm') ?? 'helm'
  if (bin === 'helm' && !onPath('helm', ['version']))
    throw new Error('helm not found: run bash scripts/install-test-deps.sh')
  return run(bin, args)
}
