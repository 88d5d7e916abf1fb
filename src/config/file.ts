import { readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { ConfigError } from '../errors.js'
import { clip, formatSize, MAX_CONFIG_FILE_BYTES, MAX_REPEATED_VALUES } from '../limits.js'
import { type AnySetting, filePath, parseValue, SETTINGS } from './settings.js'
import { didYouMean } from './suggest.js'

/**
 * The YAML config file (--config.file). Its keys are derived from the flags (setting.ts filePath), and every value
 * goes through the same parser as the flag, so a value that works as a flag works in the file and fails with the
 * same reason. Validation is strict: an unknown key or a bad value names its path and line and fails the start.
 */

interface Section {
  readonly children: Map<string, Section | AnySetting>
}

/** The tree of keys the file may hold, derived from SETTINGS. */
export function fileSchema(): Section {
  const root: Section = { children: new Map() }
  for (const setting of SETTINGS) {
    if (setting.inFile === false) continue
    const path = filePath(setting.flag)
    let section = root
    for (const part of path.slice(0, -1)) {
      let next = section.children.get(part)
      if (next === undefined) {
        next = { children: new Map() }
        section.children.set(part, next)
      }
      if (!isSection(next)) throw new Error(`config key ${path.join('.')} is inside the setting ${part}`)
      section = next
    }
    const leaf = path[path.length - 1] as string
    if (section.children.has(leaf)) throw new Error(`two settings share the config key ${path.join('.')}`)
    section.children.set(leaf, setting)
  }
  return root
}

function isSection(x: Section | AnySetting): x is Section {
  return 'children' in x
}

/** Setting key → value parsed from the file (only the keys the file sets). */
export type FileValues = Map<string, unknown>

export function loadConfigFile(file: string): FileValues {
  let text: string
  try {
    // Before reading: a huge file would take seconds and hundreds of MiB to parse before being refused.
    const size = statSync(file).size
    if (size > MAX_CONFIG_FILE_BYTES)
      throw new ConfigError(
        `config file ${file} is too large (${size} bytes); the limit is ${formatSize(MAX_CONFIG_FILE_BYTES)}`,
      )
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`)
  }
  return parseConfigText(text, file)
}

export function parseConfigText(text: string, file: string): FileValues {
  const lines = new LineCounter()
  // prettyErrors off: the pretty message quotes the offending source line, which may hold a secret.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const reader = new FileReader(file, doc, lines)
  const first = doc.errors[0]
  if (first) {
    throw new ConfigError(
      `config file ${file} is not valid YAML (line ${lines.linePos(first.pos[0]).line}): ${first.message}`,
    )
  }
  const values: FileValues = new Map()
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return values
  reader.section(doc.contents, fileSchema(), [], values)
  return values
}

class FileReader {
  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly lines: LineCounter,
  ) {}

  section(node: Node, schema: Section, path: string[], out: FileValues): void {
    const target = this.#deref(node)
    // A section whose keys are all commented out is empty, not an error.
    if (isScalar(target) && target.value === null && path.length > 0) return
    if (!isMap(target)) {
      const where = path.length === 0 ? 'the top level' : path.join('.')
      throw this.#error(
        node,
        `${where} must be a map with the keys ${[...schema.children.keys()].join(', ')}, not ${kindOf(target)}`,
      )
    }
    for (const pair of target.items) {
      const keyNode = pair.key as Node
      const key = isScalar(keyNode) ? keyNode.value : undefined
      if (typeof key !== 'string') throw this.#error(keyNode, `keys must be strings, got ${kindOf(keyNode)}`)
      const keyPath = [...path, clip(key)]
      const child = schema.children.get(key)
      if (child === undefined) {
        const siblings = [...schema.children.keys()]
        throw this.#error(
          keyNode,
          `unknown key ${keyPath.join('.')}${didYouMean(key, siblings, (s) => [...path, s].join('.'))}; valid keys${path.length > 0 ? ` in ${path.join('.')}` : ''}: ${siblings.join(', ')}`,
        )
      }
      const valueNode = (pair.value ?? keyNode) as Node
      if (isSection(child)) this.section(valueNode, child, keyPath, out)
      else out.set(child.key, this.#setting(valueNode, child, keyPath.join('.')))
    }
  }

  #setting(node: Node, setting: AnySetting, path: string): unknown {
    const target = this.#deref(node)
    const fail = (reason: string, at: Node = node) => this.#error(at, `invalid value for ${path}: ${reason}`)
    if (isScalar(target) && target.value === null) {
      throw this.#error(node, `${path} has no value; give one or remove the key to use the default`)
    }
    if (setting.fromFile) {
      try {
        return setting.fromFile(target.toJSON())
      } catch (error) {
        throw fail((error as Error).message)
      }
    }
    const items =
      setting.repeatable && isSeq(target) ? target.items.map((n) => this.#deref(n as Node)) : [target]
    if (items.length > MAX_REPEATED_VALUES)
      throw fail(`${items.length} values; the limit is ${MAX_REPEATED_VALUES}`)
    const parsed = items.map((item) => {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object') {
        throw fail(
          `must be ${setting.repeatable ? 'a list of values or a single value' : 'a single value'}, not ${kindOf(item)}`,
          item,
        )
      }
      // The source text, so "010" or "1.50" reach the parser as written rather than as a YAML number.
      let text = typeof item.value === 'string' ? item.value : (item.source ?? String(item.value))
      if (setting.kind === 'path' && text !== '' && !isAbsolute(text))
        text = resolve(dirname(this.file), text)
      try {
        return parseValue(setting, text)
      } catch (error) {
        throw fail((error as Error).message, item)
      }
    })
    return setting.repeatable ? parsed : parsed[0]
  }

  #deref(node: Node): Node {
    return isAlias(node) ? (node.resolve(this.doc) as Node) : node
  }

  #error(node: Node, message: string): ConfigError {
    const line = node.range ? ` (line ${this.lines.linePos(node.range[0]).line})` : ''
    return new ConfigError(`config file ${this.file}${line}: ${message}`)
  }
}

function kindOf(node: Node | null): string {
  if (isMap(node)) return 'a map'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) return node.value === null ? 'nothing' : `a ${typeof node.value}`
  return 'an unsupported YAML node'
}
