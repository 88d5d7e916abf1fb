import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importStatements, SRC, sourceFiles } from '../support/source-graph.js'

/**
 * The architecture as the import statements of src/ show it: settings reach lower layers only as the typed slices
 * the edge builds (config/slices.ts), and the top-level modules import each other one way only. Read from the
 * source text, so a new import that breaks either rule fails here, whichever file it is in.
 */

/** Where a run is put together: only these may import config/. */
const EDGE = new Set([
  'cli',
  'daemon',
  'poll-worker',
  'wiring',
  'artifacts',
  'commands',
  'config',
  'docs',
  'deploy',
])

/**
 * Module pairs allowed to import each other for now, each with the reason and the work that removes it. Empty:
 * add a pair only with such a comment, and remove it with the work.
 */
const ALLOWED_CYCLES: readonly (readonly [string, string])[] = []

interface Import {
  readonly from: string
  readonly to: string
}

/**
 * Every relative import of src/ (type-only ones too: a cycle of types still ties two modules together; and
 * dynamic import()), as paths relative to src/ without the extension.
 */
function imports(): Import[] {
  const out: Import[] = []
  for (const file of sourceFiles(SRC)) {
    for (const { specifier } of importStatements(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '')
      out.push({ from: relative(SRC, file).replace(/\.ts$/, ''), to: relative(SRC, target) })
    }
  }
  return out
}

/** The top-level module of a path: its folder (kafka/client → kafka), or the file itself at the top (log). */
function moduleOf(path: string): string {
  return path.split('/')[0] as string
}

/** Module → the modules it imports. */
function moduleGraph(all: readonly Import[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const { from, to } of all) {
    const a = moduleOf(from)
    const b = moduleOf(to)
    if (!graph.has(a)) graph.set(a, new Set())
    if (!graph.has(b)) graph.set(b, new Set())
    if (a !== b) graph.get(a)?.add(b)
  }
  return graph
}

/** The modules on a cycle, as strongly connected components of more than one module (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next)
    next++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop() as string
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v)
  return found
}

/** The graph without the allowed pairs, so only cycles nobody accounted for remain. */
function withoutAllowed(graph: Map<string, Set<string>>): Map<string, Set<string>> {
  const copy = new Map([...graph].map(([k, v]) => [k, new Set(v)]))
  for (const [a, b] of ALLOWED_CYCLES) {
    copy.get(a)?.delete(b)
    copy.get(b)?.delete(a)
  }
  return copy
}

describe('the import graph of src/', () => {
  const all = imports()

  it('is read from the source: the known imports are found', () => {
    // Guards the parser: a pattern that found nothing would make every rule below pass.
    expect(all).toContainEqual({ from: 'cli', to: 'config/parse' })
    expect(all).toContainEqual({ from: 'daemon', to: 'config/slices' })
    // A multi-line, type-only import.
    expect(all).toContainEqual({ from: 'config/slices', to: 'kafka/auth' })
    expect(moduleGraph(all).get('collect')).toContain('kafka')
  })

  it('has no module outside the edge importing config/', () => {
    const offending = all
      .filter((i) => moduleOf(i.to) === 'config' && !EDGE.has(moduleOf(i.from)))
      .map((i) => `${i.from} → ${i.to}`)
    expect(offending).toEqual([])
  })

  it('has no import cycle between top-level modules', () => {
    expect(cycles(withoutAllowed(moduleGraph(all)))).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const graph = moduleGraph([...all, { from: 'kafka/auth', to: 'config/settings' }])
    expect(cycles(graph).some((c) => c.includes('kafka') && c.includes('config'))).toBe(true)
  })

  it('allows only cycles that still exist', () => {
    const graph = moduleGraph(all)
    for (const [a, b] of ALLOWED_CYCLES) {
      expect(graph.get(a)?.has(b) && graph.get(b)?.has(a), `${a} ↔ ${b} is gone: remove it`).toBe(true)
    }
  })
})

describe('the files of src/', () => {
  // One concern per small file: a file past this is doing two things.
  const MAX_LINES = 300

  it(`stay at ${MAX_LINES} lines or fewer`, () => {
    const long = sourceFiles(SRC)
      .map((path) => ({
        path: relative(SRC, path),
        lines: readFileSync(path, 'utf8').split('\n').length - 1,
      }))
      .filter((f) => f.lines > MAX_LINES)
    expect(long).toEqual([])
  })
})
