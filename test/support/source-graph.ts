import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** src/, read as text by the tests of the architecture (imports.test.ts, main-thread.test.ts). */
export const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

export interface ImportStatement {
  readonly specifier: string
  /** `import type` / `export type`: erased from the JavaScript. */
  readonly typeOnly: boolean
  /** import(): loads only when it runs. */
  readonly dynamic: boolean
}

/** Every import of a source text: static imports and re-exports, side-effect imports and dynamic import(). */
export function importStatements(text: string): ImportStatement[] {
  const out: ImportStatement[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s([^;]*?)\sfrom\s+'([^']+)'/gms))
    out.push({ specifier: m[2] as string, typeOnly: /^type\s/.test((m[1] as string).trim()), dynamic: false })
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm))
    out.push({ specifier: m[1] as string, typeOnly: false, dynamic: false })
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g))
    out.push({ specifier: m[1] as string, typeOnly: false, dynamic: true })
  return out
}

/**
 * What loading a module loads with it: its static imports and re-exports, but not `import type` / `export type`
 * (erased; with verbatimModuleSyntax every other import statement is kept, `import { type A }` included) and not
 * dynamic import(), which loads only when it runs. Relative specifiers as absolute .ts paths, packages as named.
 */
export function loadedWith(file: string): { files: string[]; packages: string[] } {
  const files: string[] = []
  const packages: string[] = []
  for (const { specifier, typeOnly, dynamic } of importStatements(readFileSync(file, 'utf8'))) {
    if (typeOnly || dynamic) continue
    if (specifier.startsWith('.')) files.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'))
    else if (!specifier.startsWith('node:')) packages.push(specifier)
  }
  return { files, packages }
}

/** Every file and package a module loads, transitively. */
export function loadedFrom(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set([entry])
  const packages = new Set<string>()
  const queue = [entry]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const next = loadedWith(file)
    for (const p of next.packages) packages.add(p)
    for (const f of next.files) {
      if (files.has(f)) continue
      files.add(f)
      queue.push(f)
    }
  }
  return { files, packages }
}
